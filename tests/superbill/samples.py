"""The worked visit every superbill test starts from, built from the clinic's records.

`superbill(minutes, **options)` bills the minutes under the payer's profile and builds the
superbill; the options change one record or one field of the visit:
patient, visit, profile, fees, diagnoses, pointers (letters per code, "AB"),
amount_paid_cents, assistants (clinicians who timed part of the visit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from timer_app.billing import Discipline, PayerProfile, bill_visit, find_profile
from timer_app.records import Clinic, Clinician, Diagnosis, Patient, Payer, Role, Sex, Visit
from timer_app.records.diagnoses import LETTERS
from timer_app.session.model import Interval, VisitStatus
from timer_app.superbill.build import build_superbill
from timer_app.superbill.model import Superbill

BOBBY = "<b>Robert'); DROP TABLE visit;--"
CLINIC = Clinic(
    name="Riverside Physical Therapy",
    address="1200 Main Street, Suite 4\nSpringfield, IL 62701",
    phone="(217) 555-0142",
    tax_id="12-3456789",
    billing_npi="1234567893",
)
CLINICIAN = Clinician(1, "Jordan Lee", "PT, DPT", "1245319599", Discipline.PT, Role.PT)
ASSISTANT = Clinician(2, "Sam Ortiz", "PTA", "", Discipline.PT, Role.PTA)
PATIENT = Patient(
    id=9,
    name="Maria Lopez",
    date_of_birth=date(1958, 3, 14),
    address="45 Oak Avenue\nSpringfield, IL 62704",
    medical_record_number="RPT-01042",
    member_id="1EG4-TE5-MK72",
    sex=Sex.FEMALE,
    referring_physician="Anne Whitfield, MD",
    referring_npi="1482736455",
)
SECONDARY = "AARP Medicare Supplement"  # the name front desk finds for secondary_payer_id
DIAGNOSES = (
    Diagnosis("M54.50", "Low back pain, unspecified"),
    Diagnosis("M62.81", "Muscle weakness (generalized)"),
)
FEES = {"97110": 3127, "97140": 2855, "97530": 3311, "97010": 0}
WORKED_MINUTES = {"97110": 33, "97140": 7}  # Medicare: 40 pooled minutes -> 3 units, 2 + 1
SIGNED = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
VISIT = Visit(
    id=1042,
    patient_id=PATIENT.id,
    clinician_id=CLINICIAN.id,
    date=date(2026, 11, 20),
    payer_id=5,
    discipline=Discipline.PT,
    status=VisitStatus.SIGNED,
    signed_by=CLINICIAN.id,
    signed_at=SIGNED,
    diagnosis_pointers={"97110": (1, 2), "97140": (1, 2), "97010": (1, 2)},
    amount_paid_cents=2000,
    diagnoses=DIAGNOSES,
)


def medicare() -> PayerProfile:
    return find_profile("Medicare")


def slots(letters: str | Sequence[str]) -> tuple[int, ...]:
    return tuple(LETTERS.index(letter) + 1 for letter in letters)


def superbill(
    minutes: Mapping[str, int] = WORKED_MINUTES,
    profile: PayerProfile | None = None,
    patient: Patient = PATIENT,
    visit: Visit = VISIT,
    *,
    fees: Mapping[str, int] = FEES,
    diagnoses: Sequence[Diagnosis] | None = None,
    pointers: Mapping[str, str] | None = None,
    amount_paid_cents: int | None = None,
    assistants: Sequence[Clinician] = (),
    payer: Payer | None = None,
) -> Superbill:
    """The worked visit's superbill, with the changes the options name."""
    profile = profile or medicare()
    seconds = {code: value * 60 for code, value in minutes.items()}
    helped = tuple(
        Interval(f"{n:032x}", visit.id, "97110", a.id, SIGNED, SIGNED + timedelta(minutes=1))
        for n, a in enumerate(assistants)
    )
    visit = replace(
        visit,
        diagnoses=visit.diagnoses if diagnoses is None else tuple(diagnoses),
        diagnosis_pointers=(
            visit.diagnosis_pointers
            if pointers is None
            else {code: slots(letters) for code, letters in pointers.items()}
        ),
        amount_paid_cents=(
            visit.amount_paid_cents if amount_paid_cents is None else amount_paid_cents
        ),
        intervals=visit.intervals + helped,
    )
    paying = payer or Payer(5, "Medicare Part B", profile.name, dict(fees))
    return build_superbill(
        visit,
        clinic=CLINIC,
        patient=patient,
        payer=paying,
        clinicians={c.id: c for c in (CLINICIAN, ASSISTANT)},
        billing=bill_visit(seconds, profile, fees=fees),
        timezone=UTC,
    )


def day_of_visits(count: int) -> list[Superbill]:
    """`count` visits on one day, each with its own id and patient."""
    return [
        superbill(
            patient=replace(PATIENT, name=f"Patient {n}"),
            visit=replace(VISIT, id=2000 + n),
        )
        for n in range(1, count + 1)
    ]
