"""What the claim form (CMS-1500) it feeds needs is on the superbill (issue 14): sex (item 3),
the account number (box 26), the group number (item 11), secondary insurance (item 9), the
referring/certifying physician and NPI (items 17/17b), and a reprint says it is a copy.
Empty optional items are left out; a Medicare bill without a physician says so."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.superbill.pdf_tools import page_count, pdf_text
from tests.superbill.samples import ASSISTANT, FEES, PATIENT, SECONDARY, superbill
from timer_app.billing import find_profile, load_catalog
from timer_app.records import Diagnosis, Payer, Sex
from timer_app.superbill import html as superbill_page
from timer_app.superbill.html import superbill_html
from timer_app.superbill.model import Superbill

PHYSICIAN = "Referring/certifying physician: Anne Whitfield, MD, NPI 1482736455"
NOT_ENTERED = "Referring physician: not entered"
NO_PHYSICIAN = replace(PATIENT, referring_physician="", referring_npi="")


def words(page: str) -> str:
    """The page's text as read: tags dropped, spaces collapsed."""
    inline = re.sub(r"</?(b|span)(\s[^>]*)?>", "", page)  # bold and colour: inside a line
    text = re.sub(r"<[^>]+>", " ", inline).replace("&nbsp;", " ").replace("&middot;", "·")
    return " ".join(text.replace("&mdash;", "—").split())


def full_bill() -> Superbill:
    """Every item: group number, secondary insurance, physician; printed before."""
    patient = replace(
        PATIENT, group_number="GRP-20417", secondary_payer_id=7,
        secondary_member_id="AMS-55512340",
    )  # fmt: skip
    bill = superbill(patient=patient)
    return replace(bill, secondary_payer_name=SECONDARY, first_printed_on=date(2026, 11, 23))


def self_pay_bill() -> Superbill:
    patient = replace(
        NO_PHYSICIAN, payer_id=None, member_id="", sex=Sex.MALE, medical_record_number=""
    )
    payer = Payer(8, "Self-pay", "Self-pay", dict(FEES))
    return superbill(patient=patient, profile=find_profile("Self-pay"), payer=payer)


def test_every_item_of_the_claim_form_is_on_the_page() -> None:
    text = words(superbill_html(full_bill()))

    assert "Date of birth 03/14/1958 · Sex F" in text
    assert "Patient account no. RPT-01042" in text
    assert "Member ID 1EG4-TE5-MK72 Group no. GRP-20417" in text  # the group under the ID
    assert f"Secondary insurance: {SECONDARY}, member ID AMS-55512340" in text
    assert PHYSICIAN in text
    assert "COPY — first printed 11/23/2026" in text


def test_empty_optional_items_are_left_out_not_dashed() -> None:
    text = words(superbill_html(self_pay_bill()))

    assert "Member ID" not in text  # a self-pay patient has none: no "Member ID —"
    for absent in ("Group no.", "Secondary", "account no.", "physician", "COPY", "—"):
        assert absent not in text
    assert "Sex M" in text


def test_an_unknown_sex_is_not_printed() -> None:
    text = words(superbill_html(superbill(patient=replace(PATIENT, sex=Sex.UNKNOWN))))
    assert "Date of birth 03/14/1958 Patient account no." in text and "Sex" not in text


def test_a_secondary_member_id_alone_still_shows_there_is_other_insurance() -> None:
    bill = superbill(patient=replace(PATIENT, secondary_member_id="AMS-1"))
    assert "Secondary insurance: other insurance, member ID AMS-1" in words(superbill_html(bill))


def test_medicare_without_a_physician_says_so_others_stay_silent() -> None:
    bill = superbill(patient=NO_PHYSICIAN)

    assert NOT_ENTERED in words(superbill_html(bill))  # the sample pays as Medicare does
    commercial = superbill(patient=NO_PHYSICIAN, profile=find_profile("Commercial (AMA)"))
    assert "physician" not in words(superbill_html(commercial))
    with_one = words(superbill_html(superbill(), referring_expected=True))
    assert PHYSICIAN in with_one and "not entered" not in with_one


def test_a_physician_without_an_npi_for_medicare_says_the_npi_is_missing() -> None:
    bill = superbill(patient=replace(PATIENT, referring_npi=""))
    assert "Anne Whitfield, MD, NPI not entered" in words(
        superbill_html(bill, referring_expected=True)
    )
    commercial = superbill(
        patient=replace(PATIENT, referring_npi=""), profile=find_profile("Commercial (AMA)")
    )
    assert "Anne Whitfield, MD" in words(superbill_html(commercial))
    assert "NPI not entered" not in words(superbill_html(commercial))


def test_the_new_items_are_escaped() -> None:
    patient = replace(PATIENT, referring_physician="<b>Dr</b>", group_number="A&B")
    page = superbill_html(replace(superbill(patient=patient), secondary_payer_name="<i>S</i>"))
    assert "<b>Dr</b>" not in page and "&lt;b&gt;Dr&lt;/b&gt;" in page
    assert "Group no. A&amp;B" in page and "&lt;i&gt;S&lt;/i&gt;" in page


@pytest.mark.usefixtures("qapp")
def test_on_the_printed_page(tmp_path: Path) -> None:
    from timer_app.superbill.render import write_pdf

    path = tmp_path / "reprint.pdf"
    write_pdf([full_bill()], path)
    text = " ".join(pdf_text(path).split())

    assert "COPY — first printed 11/23/2026" in text
    assert "Sex F" in text and "Patient account no. RPT-01042" in text
    assert "Group no. GRP-20417" in text and PHYSICIAN in text
    assert f"Secondary insurance: {SECONDARY}, member ID AMS-55512340" in text
    assert page_count(path) == 1


@pytest.mark.usefixtures("qapp")
def test_not_entered_on_the_printed_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timer_app.superbill import render

    medicare_page = functools.partial(superbill_page.superbill_html, referring_expected=True)
    monkeypatch.setattr(render, "superbill_html", medicare_page)
    path = tmp_path / "medicare.pdf"
    render.write_pdf([superbill(patient=NO_PHYSICIAN)], path)

    assert NOT_ENTERED in " ".join(pdf_text(path).split())


@pytest.mark.usefixtures("qapp")
def test_a_crowded_reprint_with_every_item_still_fits_one_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timer_app.superbill import render

    medicare_page = functools.partial(superbill_page.superbill_html, referring_expected=True)
    monkeypatch.setattr(render, "superbill_html", medicare_page)
    timed = [code for code, entry in load_catalog().items() if entry.is_timed]
    twelve = [Diagnosis(f"M25.5{n:02d}", f"Pain in joint number {n}") for n in range(12)]
    patient = replace(
        NO_PHYSICIAN, group_number="GRP-20417", secondary_member_id="AMS-55512340",
        address="45 Oak Avenue\nBuilding C, Apartment 12\nSpringfield\nIL 62704",
    )  # fmt: skip
    bill = superbill(
        dict.fromkeys(timed[:10], 16), diagnoses=twelve, patient=patient,
        fees=dict.fromkeys(load_catalog(), 2500), assistants=[ASSISTANT],
    )  # fmt: skip
    bill = replace(bill, secondary_payer_name=SECONDARY, first_printed_on=date(2026, 11, 23))
    path = tmp_path / "crowded.pdf"

    render.write_pdf([bill], path)

    assert page_count(path) == 1
    text = " ".join(pdf_text(path).split())
    assert "COPY" in text and NOT_ENTERED in text and "M25.511" in text
    assert "about this bill" in text


def test_a_medicare_bill_without_a_physician_says_so_and_others_leave_it_out() -> None:
    medicare = superbill(patient=NO_PHYSICIAN)  # the sample payer follows Medicare's profile
    assert medicare.referring_expected
    assert NOT_ENTERED in words(superbill_html(medicare))
    commercial = superbill(patient=NO_PHYSICIAN, profile=find_profile("Commercial (AMA)"))
    assert not commercial.referring_expected
    assert NOT_ENTERED not in words(superbill_html(commercial))
