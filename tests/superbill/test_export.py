"""Claim lines as CSV for a billing service."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from tests.superbill.samples import PATIENT, SECONDARY, day_of_visits, superbill
from timer_app.errors import UserError
from timer_app.records import Sex
from timer_app.superbill.export import HEADER, claims_csv, dollars, export_claims

# the worked visit's patient: sex, account number, physician and NPI; no group, no other insurer
CLAIM_FORM_ITEMS = {
    "patient_sex": "F",
    "patient_account": "RPT-01042",
    "group_number": "",
    "secondary_payer": "",
    "secondary_member_id": "",
    "referring_physician": "Anne Whitfield, MD",
    "referring_npi": "1482736455",
}
# the columns a billing service's import was built on, in their order: never moved
FIRST_COLUMNS = (
    "visit", "patient", "date_of_service", "payer", "member_id", "place_of_service", "code",
    "modifiers", "units", "charge", "diagnosis_pointers", "diagnosis_codes", "rendering_npi",
    "billing_npi",
)  # fmt: skip


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_charged_line_with_everything_a_biller_needs() -> None:
    pointers = {"97110": "AB", "97140": "B"}
    bill = superbill({"97110": 33, "97140": 7, "97010": 10}, pointers=pointers)
    text = claims_csv([bill])

    assert text.splitlines()[0] == ",".join(HEADER)
    assert rows(text) == [
        {
            "visit": "1042",
            "patient": "Maria Lopez",
            "date_of_service": "2026-11-20",
            "payer": "Medicare Part B",
            "member_id": "1EG4-TE5-MK72",
            "place_of_service": "11",
            "code": "97110",
            "modifiers": "GP",
            "units": "2",
            "charge": "62.54",
            "diagnosis_pointers": "AB",
            "diagnosis_codes": "M54.50 M62.81",
            "rendering_npi": "1245319599",
            "billing_npi": "1234567893",
            **CLAIM_FORM_ITEMS,
        },
        {
            "visit": "1042",
            "patient": "Maria Lopez",
            "date_of_service": "2026-11-20",
            "payer": "Medicare Part B",
            "member_id": "1EG4-TE5-MK72",
            "place_of_service": "11",
            "code": "97140",
            "modifiers": "GP",
            "units": "1",
            "charge": "28.55",
            "diagnosis_pointers": "B",
            "diagnosis_codes": "M62.81",
            "rendering_npi": "1245319599",
            "billing_npi": "1234567893",
            **CLAIM_FORM_ITEMS,
        },
    ]  # the bundled 97010 is not a claim line


def test_many_visits_in_order_and_written_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    assert export_claims(day_of_visits(3), path) == 6
    found = rows(path.read_text(encoding="utf-8"))
    assert [(r["visit"], r["code"]) for r in found] == [
        (visit, code) for visit in ("2001", "2002", "2003") for code in ("97110", "97140")
    ]


def test_commas_quotes_and_formulas_survive() -> None:
    name = '=HYPERLINK("x"), Jr.'
    found = rows(claims_csv([superbill(patient=replace(PATIENT, name=name))]))
    assert found[0]["patient"] == "'" + name


def test_dollars_are_exact() -> None:
    assert [dollars(c) for c in (0, 7, 6254, 100000, -891)] == [
        "0.00",
        "0.07",
        "62.54",
        "1000.00",
        "-8.91",
    ]


def test_an_unwritable_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot write"):
        export_claims([superbill()], tmp_path / "missing" / "claims.csv")


def test_old_columns_keep_their_places_and_the_claim_form_items_come_after() -> None:
    assert HEADER[: len(FIRST_COLUMNS)] == FIRST_COLUMNS
    assert HEADER[len(FIRST_COLUMNS) :] == tuple(CLAIM_FORM_ITEMS)


def test_group_and_secondary_insurance_are_carried() -> None:
    patient = replace(
        PATIENT, group_number="GRP-20417", secondary_payer_id=7, secondary_member_id="AMS-555"
    )
    bill = replace(superbill(patient=patient), secondary_payer_name=SECONDARY)
    row = rows(claims_csv([bill]))[0]
    assert (row["group_number"], row["secondary_payer"], row["secondary_member_id"]) == (
        "GRP-20417", SECONDARY, "AMS-555"
    )  # fmt: skip


def test_an_unknown_sex_and_missing_items_are_empty_cells() -> None:
    patient = replace(
        PATIENT, sex=Sex.UNKNOWN, medical_record_number="", referring_physician="",
        referring_npi="",
    )  # fmt: skip
    row = rows(claims_csv([superbill(patient=patient)]))[0]
    assert [row[column] for column in CLAIM_FORM_ITEMS] == [""] * len(CLAIM_FORM_ITEMS)
