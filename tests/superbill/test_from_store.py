"""Stored records to a superbill: the adapter translates, it decides nothing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

import pytest

from tests.superbill.samples import FEES
from timer_app.billing import Discipline, VisitBilling, bill_visit, find_profile
from timer_app.errors import UserError
from timer_app.session.model import Interval, VisitStatus
from timer_app.store.records import Clinic, Clinician, Diagnosis, Patient, Payer, Role, Visit
from timer_app.superbill.from_store import (
    address_lines,
    pointer_letters,
    superbill_from_records,
)
from timer_app.superbill.model import Superbill

CLINIC = Clinic(
    "Riverside Physical Therapy",
    "1200 Main Street, Suite 4\nSpringfield, IL 62701\n",
    "(217) 555-0142",
    "12-3456789",
    "1234567893",
)
PT = Clinician(1, "Jordan Lee", "PT, DPT", "1245319599", Discipline.PT, Role.PT)
PTA = Clinician(2, "Sam Ortiz", "PTA", "", Discipline.PT, Role.PTA)
PAYER = Payer(5, "Medicare Part B", "Medicare", dict(FEES))
DX = (Diagnosis("M54.50", "Low back pain, unspecified"), Diagnosis("M62.81", "Muscle weakness"))
PATIENT = Patient(9, "Maria Lopez", date(1958, 3, 14), "45 Oak Avenue", "", 5, "1EG4", DX)
START = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def interval(code: str, minutes: int, clinician_id: int, offset: int) -> Interval:
    start = START.replace(minute=offset)
    end = start.replace(minute=offset + minutes)
    return Interval(f"{code}-{offset}", 77, code, clinician_id, start, end, minutes * 60_000)


VISIT = Visit(
    id=77,
    patient_id=9,
    clinician_id=2,
    date=date(2026, 11, 20),
    payer_id=5,
    discipline=Discipline.PT,
    status=VisitStatus.SIGNED,
    signed_by=1,
    signed_at=datetime(2026, 11, 20, 23, 30, tzinfo=UTC),
    diagnosis_pointers={"97140": (2,)},
    amount_paid_cents=2000,
    diagnoses=DX,
    intervals=(interval("97110", 33, 2, 0), interval("97140", 7, 1, 40)),
)


def billing_of(visit: Visit) -> VisitBilling:
    return bill_visit(visit.code_seconds(), find_profile("Medicare"), fees=FEES)


def from_records(
    visit: Visit = VISIT,
    payer: Payer | None = PAYER,
    clinicians: Mapping[int, Clinician] | None = None,
    billing: VisitBilling | None = None,
    with_billing: bool = True,
) -> Superbill:
    return superbill_from_records(
        visit,
        clinic=CLINIC,
        patient=PATIENT,
        payer=payer,
        clinicians={1: PT, 2: PTA} if clinicians is None else clinicians,
        billing=billing or (billing_of(visit) if with_billing else None),
        timezone=UTC,
    )


def test_a_stored_visit_becomes_its_superbill() -> None:
    bill = from_records()

    assert bill.visit_id == "77"
    assert bill.clinic.address == ("1200 Main Street, Suite 4", "Springfield, IL 62701")
    assert (bill.clinician.name, [a.name for a in bill.assistants]) == ("Jordan Lee", ["Sam Ortiz"])
    assert bill.signed_on == date(2026, 11, 20)
    assert [(ln.code, ln.units, ln.charge_cents, ln.pointers) for ln in bill.lines] == [
        ("97110", 2, 6254, ("A", "B")),
        ("97140", 1, 2855, ("B",)),
    ]
    assert (bill.balance_cents, bill.patient.member_id, bill.payer_name) == (
        7109,
        "1EG4",
        "Medicare Part B",
    )


def test_missing_pieces_say_what_to_do() -> None:
    with pytest.raises(UserError, match="no payer"):
        from_records(payer=None)
    with pytest.raises(UserError, match="nothing to bill"):
        from_records(with_billing=False)
    with pytest.raises(UserError, match="clinician 2"):
        from_records(clinicians={1: PT})


def test_small_translations() -> None:
    assert address_lines("  a \n\n b\n") == ("a", "b")
    assert pointer_letters({"97110": (1, 3), "97140": (12,)}) == {"97110": "AC", "97140": "L"}
    with pytest.raises(UserError, match="outside 1-12"):
        pointer_letters({"97110": (13,)})
