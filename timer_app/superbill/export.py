"""Claim lines as CSV for a billing service: one row per charged line, pure `csv` module.

Columns are only ever added at the end, so a billing service's import keeps working; the
claim form's patient and insurance items (sex, account number, group, secondary insurance,
referring physician and NPI) came last.

Only lines with units go out (a claim carries no zero-unit or bundled lines). Charges are
written as dollars with two decimals (62.54), computed from integer cents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TextIO

from timer_app.errors import UserError
from timer_app.records import Sex
from timer_app.superbill.model import Superbill, SuperbillLine, printable

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ClaimRow:
    visit: str
    patient: str
    date_of_service: str  # YYYY-MM-DD
    payer: str
    member_id: str
    place_of_service: str
    code: str
    modifiers: str  # space-separated, e.g. "GP 59"
    units: int
    charge: str  # dollars, e.g. "62.54"
    diagnosis_pointers: str  # e.g. "AB"
    diagnosis_codes: str  # the codes the pointers name, space-separated
    rendering_npi: str
    billing_npi: str
    # added for the claim form (CMS-1500) after the columns above, which keep their order
    patient_sex: str  # item 3: F or M; empty when unknown
    patient_account: str  # box 26: the clinic's chart/account number
    group_number: str  # item 11
    secondary_payer: str  # item 9: the patient's other insurance, if any
    secondary_member_id: str
    referring_physician: str  # item 17: who referred or certified the plan of care
    referring_npi: str  # item 17b


HEADER = tuple(field.name for field in fields(ClaimRow))


def dollars(cents: int) -> str:
    """62.54 from 6254: exact, no float on the way."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def _text(value: str) -> str:
    """A user's text, without control characters (a record written by an older version or
    a database tool may hold a NUL or a right-to-left override), cut to a printable length,
    and kept from being run as a formula when the file opens in a spreadsheet."""
    shown = printable(value)
    return f"'{shown}" if shown.startswith(_FORMULA_STARTS) else shown


def _row(bill: Superbill, line: SuperbillLine) -> ClaimRow:
    codes = {d.letter: d.code for d in bill.diagnoses}
    patient = bill.patient
    return ClaimRow(
        visit=_text(bill.visit_id),
        patient=_text(bill.patient.name),
        date_of_service=bill.date_of_service.isoformat(),
        payer=_text(bill.payer_name),
        member_id=_text(bill.patient.member_id),
        place_of_service=_text(bill.place_of_service),
        code=_text(line.code),
        modifiers=" ".join(line.modifiers),
        units=line.units,
        charge=dollars(line.charge_cents),
        diagnosis_pointers="".join(line.pointers),
        diagnosis_codes=" ".join(codes[letter] for letter in line.pointers),
        rendering_npi=_text(bill.clinician.npi),
        billing_npi=_text(bill.clinic.billing_npi),
        patient_sex="" if patient.sex is Sex.UNKNOWN else patient.sex.value,
        patient_account=_text(patient.medical_record_number),
        group_number=_text(patient.group_number),
        secondary_payer=_text(bill.secondary_payer_name),
        secondary_member_id=_text(patient.secondary_member_id),
        referring_physician=_text(patient.referring_physician),
        referring_npi=_text(patient.referring_npi),
    )


def claim_rows(bills: Iterable[Superbill]) -> Iterator[ClaimRow]:
    """Every charged line of every superbill, in visit then line order."""
    for bill in bills:
        for line in bill.lines:
            if line.units > 0:
                yield _row(bill, line)


def write_claims(bills: Iterable[Superbill], stream: TextIO) -> int:
    """Write the header and the rows; returns how many rows were written."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for row in claim_rows(bills):
        writer.writerow(astuple(row))
        count += 1
    return count


def claims_csv(bills: Iterable[Superbill]) -> str:
    buffer = io.StringIO()
    write_claims(bills, buffer)
    return buffer.getvalue()


def export_claims(bills: Iterable[Superbill], path: Path) -> int:
    """Write the CSV file (UTF-8); returns the number of claim lines."""
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as stream:
            return write_claims(bills, stream)
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
