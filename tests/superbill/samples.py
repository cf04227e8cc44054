"""The worked visit every superbill test starts from, built the same way each time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from timer_app.billing import PayerProfile, bill_visit, find_profile
from timer_app.superbill.build import build_superbill
from timer_app.superbill.inputs import (
    ClinicianInfo,
    ClinicInfo,
    DiagnosisInput,
    PatientInfo,
    PayerInfo,
    VisitInfo,
)
from timer_app.superbill.model import Superbill

BOBBY = "<b>Robert'); DROP TABLE visit;--"
CLINIC = ClinicInfo(
    name="Riverside Physical Therapy",
    address=("1200 Main Street, Suite 4", "Springfield, IL 62701"),
    phone="(217) 555-0142",
    tax_id="12-3456789",
    npi="1234567893",
)
CLINICIAN = ClinicianInfo("Jordan Lee", "PT, DPT", "1245319599")
ASSISTANT = ClinicianInfo("Sam Ortiz", "PTA")
PATIENT = PatientInfo(
    name="Maria Lopez",
    date_of_birth=date(1958, 3, 14),
    address=("45 Oak Avenue", "Springfield, IL 62704"),
    member_id="1EG4-TE5-MK72",
)
VISIT = VisitInfo("1042", date(2026, 11, 20), signed_on=date(2026, 11, 20))
DIAGNOSES = (
    DiagnosisInput("M54.50", "Low back pain, unspecified"),
    DiagnosisInput("M62.81", "Muscle weakness (generalized)"),
)
FEES = {"97110": 3127, "97140": 2855, "97530": 3311, "97010": 0}
WORKED_MINUTES = {"97110": 33, "97140": 7}  # Medicare: 40 pooled minutes -> 3 units, 2 + 1


def medicare() -> PayerProfile:
    return find_profile("Medicare")


def superbill(
    minutes: Mapping[str, int] = WORKED_MINUTES,
    profile: PayerProfile | None = None,
    patient: PatientInfo = PATIENT,
    visit: VisitInfo = VISIT,
    **options: object,
) -> Superbill:
    """The worked visit's superbill; keyword options go to `build_superbill`."""
    profile = profile or medicare()
    seconds = {code: value * 60 for code, value in minutes.items()}
    arguments: dict[str, object] = {
        "visit": visit,
        "clinic": CLINIC,
        "patient": patient,
        "clinician": CLINICIAN,
        "payer": PayerInfo("Medicare Part B", profile),
        "billing": bill_visit(seconds, profile, fees=FEES),
        "fees": FEES,
        "diagnoses": DIAGNOSES,
        "amount_paid_cents": 2000,
        **options,
    }
    return build_superbill(**arguments)  # type: ignore[arg-type]


def day_of_visits(count: int) -> list[Superbill]:
    """`count` visits on one day, each with its own id and patient."""
    return [
        superbill(
            patient=replace(PATIENT, name=f"Patient {n}"),
            visit=replace(VISIT, visit_id=str(2000 + n)),
        )
        for n in range(1, count + 1)
    ]
