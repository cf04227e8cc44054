"""Text an older version or a database tool left in a record never spoils a superbill: no
control character reaches the page or the CSV, and no field is long enough to shrink the
page (a 10,000-character name used to shrink it to 30 %)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.superbill import samples
from tests.superbill.pdf_tools import first_word_box, page_count, pdf_info, pdf_text
from tests.superbill.samples import CLINIC, CLINICIAN, DIAGNOSES, FEES, PATIENT, superbill
from timer_app.clinic import checks
from timer_app.records import Diagnosis, Payer
from timer_app.superbill import claims_csv, superbill_html
from timer_app.superbill.model import (
    PRINTED_ADDRESS_LINES,
    PRINTED_CHARACTERS,
    PRINTED_DESCRIPTION,
    printable,
    unprintable,
)
from timer_app.superbill.render import write_pdf

LONG_NAME = ("Lopez-Hernandez " * 700)[:10_000]
HIDDEN = ("\x00", "\u202e", "\u202a", "\u2066", "\u200f", "\u061c", "\x1b", "\x85", "\u2028")


@pytest.mark.parametrize(
    ("text", "shown"),
    [("Ann\u202eLee", "AnnLee"), ("Ann\x00Lee", "AnnLee"), ("Ann\u2067Lee\u2069", "AnnLee"),
     ("Ann\nLee\tRuiz", "Ann Lee Ruiz"), ("  Zoë Ødegård  ", "Zoë Ødegård")],
)  # fmt: skip
def test_printable_drops_controls_and_turns_breaks_into_spaces(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_printable_cuts_long_text_with_an_ellipsis() -> None:
    cut = printable(LONG_NAME)
    assert len(cut) <= PRINTED_CHARACTERS and cut.endswith("…")
    assert printable("x" * PRINTED_CHARACTERS) == "x" * PRINTED_CHARACTERS  # at the limit: whole
    assert printable(LONG_NAME, limit=None).startswith("Lopez-Hernandez Lopez")


def test_nothing_set_up_accepts_is_ever_cut_on_paper() -> None:
    one_line = (checks.NAME_LIMIT, checks.CREDENTIALS_LIMIT, checks.ADDRESS_LINE_LIMIT,
                checks.RECORD_NUMBER_LIMIT, checks.MEMBER_ID_LIMIT, checks.PAYER_NAME_LIMIT,
                checks.CLINIC_NAME_LIMIT, checks.PHONE_LIMIT, checks.CODE_LABEL_LIMIT)  # fmt: skip
    assert max(one_line) <= PRINTED_CHARACTERS
    assert checks.DESCRIPTION_LIMIT <= PRINTED_DESCRIPTION
    assert checks.ADDRESS_LINES_LIMIT <= PRINTED_ADDRESS_LINES


def test_input_and_output_agree_on_what_is_hidden() -> None:
    for mark in HIDDEN:
        assert unprintable(f"Ann{mark}Lee")
        assert mark not in printable(f"Ann{mark}Lee")
    assert not unprintable("Ann\nLee", lines=True)
    assert unprintable("Ann\x00\nLee", lines=True)


def _hostile_bill():  # type: ignore[no-untyped-def]
    """Every text of the worked visit as a database tool could have left it."""
    patient = replace(
        PATIENT, name="Ann\u202eLee\x00", address="45 Oak\x00 Avenue\nSpring\u202efield, IL",
        member_id="1EG4\x00TE5\u2066MK72",
    )  # fmt: skip
    return superbill(
        patient=patient,
        diagnoses=[Diagnosis("M54.50", "Low back\x00 pain\u202e"), *DIAGNOSES[1:]],
        payer=Payer(5, "Medi\u202ecare\x1b", "Medicare", dict(FEES)),
    )


def test_the_csv_holds_no_control_character() -> None:
    text = claims_csv([_hostile_bill()])
    assert not any(mark in text for mark in HIDDEN)
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["patient"], row["payer"], row["member_id"]) == (
        "AnnLee", "Medicare", "1EG4TE5MK72"
    )  # fmt: skip


def test_the_html_holds_no_control_character() -> None:
    page = superbill_html(_hostile_bill())
    assert not any(mark in page for mark in HIDDEN)
    assert "<b>AnnLee</b>" in page and "Springfield, IL" in page


@pytest.mark.usefixtures("qapp")
def test_the_pdf_holds_no_control_character(tmp_path: Path) -> None:
    path = tmp_path / "hostile.pdf"
    assert write_pdf([_hostile_bill()], path)
    text = pdf_text(path)
    assert not any(mark in text for mark in HIDDEN)
    assert "AnnLee" in text and "Low back pain" in text


@pytest.mark.usefixtures("qapp")
def test_a_10000_character_name_keeps_the_page_letter_size_and_its_type_size(
    tmp_path: Path,
) -> None:
    normal, long = tmp_path / "normal.pdf", tmp_path / "long.pdf"
    write_pdf([superbill()], normal)
    write_pdf([superbill(patient=replace(PATIENT, name=LONG_NAME))], long)

    assert pdf_info(long)["Page size"] == "612 x 792 pts (letter)"
    assert page_count(long) == 1
    assert first_word_box(long) == pytest.approx(first_word_box(normal), abs=0.5)
    # the title sits where it always does, in the same type: the page was not shrunk
    assert _word_box(long, "SUPERBILL") == pytest.approx(_word_box(normal, "SUPERBILL"), abs=0.5)
    assert _word_box(long, "Billing") == pytest.approx(_word_box(normal, "Billing"), abs=0.5)
    text = pdf_text(long)
    assert "Lopez-Hernandez Lopez-Hernandez" in text and "…" in text
    assert text.count("Lopez-Hernandez") <= PRINTED_CHARACTERS // len("Lopez-Hernandez ") + 1


HUGE = "Lorem ipsum " * 900


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(
    "field",
    ["patient name", "patient address", "member ID", "payer", "diagnosis", "clinic name",
     "clinic address", "clinic phone", "clinician"],
)  # fmt: skip
def test_no_overlong_field_shrinks_the_page(
    field: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    normal, long = tmp_path / "normal.pdf", tmp_path / "long.pdf"
    write_pdf([superbill()], normal)
    many_lines = "\n".join([HUGE] * 50)
    if field.startswith("clinic "):
        changed = {"clinic name": {"name": HUGE}, "clinic address": {"address": many_lines},
                   "clinic phone": {"phone": HUGE}}[field]  # fmt: skip
        monkeypatch.setattr(samples, "CLINIC", replace(CLINIC, **changed))
    if field == "clinician":
        monkeypatch.setattr(samples, "CLINICIAN", replace(CLINICIAN, name=HUGE, credentials=HUGE))
    patient = replace(
        PATIENT,
        name=HUGE if field == "patient name" else PATIENT.name,
        address=many_lines if field == "patient address" else PATIENT.address,
        member_id=HUGE if field == "member ID" else PATIENT.member_id,
    )
    payer = Payer(5, HUGE if field == "payer" else "Medicare Part B", "Medicare", dict(FEES))
    diagnoses = [Diagnosis("M54.50", HUGE if field == "diagnosis" else "Low back pain"),
                 *DIAGNOSES[1:]]  # fmt: skip
    write_pdf([superbill(patient=patient, payer=payer, diagnoses=diagnoses)], long)

    assert _word_box(long, "SUPERBILL") == pytest.approx(_word_box(normal, "SUPERBILL"), abs=0.5)
    assert page_count(long) == 1


def _word_box(path: Path, word: str) -> tuple[float, float, float]:
    """(x, y, height) of the first `word` on page 1, in points."""
    boxes = pdf_text(path, "-bbox", "-f", "1", "-l", "1")
    found = re.search(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
        + re.escape(word) + "</word>",
        boxes,
    )  # fmt: skip
    assert found is not None, f"{word} not on the page"
    return float(found[1]), float(found[2]), float(found[3]) - float(found[2])
