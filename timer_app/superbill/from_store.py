"""The store's records mapped to superbill inputs: a thin, pure adapter.

The caller fetches the records and the visit's billing (the workstation computes it the
same way for the review screen); this module only translates them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo

from timer_app.billing import find_profile
from timer_app.billing.result import VisitBilling
from timer_app.errors import UserError
from timer_app.store.records import Clinic, Clinician, Diagnosis, Patient, Payer, Visit
from timer_app.superbill.build import build_superbill
from timer_app.superbill.inputs import (
    ClinicianInfo,
    ClinicInfo,
    DiagnosisInput,
    PatientInfo,
    PayerInfo,
    VisitInfo,
)
from timer_app.superbill.model import DIAGNOSIS_LETTERS, Superbill


def address_lines(text: str) -> tuple[str, ...]:
    """A stored address (one text, lines split by newlines) as printed lines."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def clinic_info(clinic: Clinic) -> ClinicInfo:
    return ClinicInfo(
        name=clinic.name,
        address=address_lines(clinic.address),
        phone=clinic.phone,
        tax_id=clinic.tax_id,
        npi=clinic.billing_npi,
    )


def clinician_info(clinician: Clinician) -> ClinicianInfo:
    return ClinicianInfo(clinician.name, clinician.credentials, clinician.npi)


def patient_info(patient: Patient) -> PatientInfo:
    return PatientInfo(
        name=patient.name,
        date_of_birth=patient.date_of_birth,
        address=address_lines(patient.address),
        member_id=patient.member_id,
    )


def payer_info(payer: Payer | None) -> PayerInfo:
    if payer is None:
        raise UserError("the visit has no payer; choose the patient's insurance before printing")
    return PayerInfo(payer.name, find_profile(payer.profile))


def diagnosis_inputs(diagnoses: Sequence[Diagnosis]) -> tuple[DiagnosisInput, ...]:
    return tuple(DiagnosisInput(d.code, d.description) for d in diagnoses)


def pointer_letters(pointers: Mapping[str, Sequence[int]]) -> dict[str, str]:
    """The store's 1-based diagnosis slots per code as letters: (1, 3) -> "AC"."""
    letters = {}
    for code, slots in pointers.items():
        if any(not 1 <= slot <= len(DIAGNOSIS_LETTERS) for slot in slots):
            raise UserError(f"{code} points to a diagnosis slot outside 1-12")
        letters[code] = "".join(DIAGNOSIS_LETTERS[slot - 1] for slot in slots)
    return letters


def visit_info(visit: Visit, place_of_service: str, timezone: tzinfo | None = None) -> VisitInfo:
    """`timezone` decides the signature's date (None: this computer's)."""
    signed_on = visit.signed_at.astimezone(timezone).date() if visit.signed_at else None
    return VisitInfo(str(visit.id), visit.date, place_of_service, signed_on)


def _clinician(clinicians: Mapping[int, Clinician], clinician_id: int) -> Clinician:
    found = clinicians.get(clinician_id)
    if found is None:
        raise UserError(f"clinician {clinician_id} of this visit is not in the clinic's list")
    return found


def rendering_and_others(
    visit: Visit, clinicians: Mapping[int, Clinician]
) -> tuple[Clinician, tuple[Clinician, ...]]:
    """Who renders the visit (the signer, else its clinician) and who else timed on it."""
    rendering = _clinician(clinicians, visit.signed_by or visit.clinician_id)
    ids = dict.fromkeys([visit.clinician_id, *(i.clinician_id for i in visit.intervals)])
    others = tuple(_clinician(clinicians, i) for i in ids if i != rendering.id)
    return rendering, others


def superbill_from_records(
    visit: Visit,
    *,
    clinic: Clinic,
    patient: Patient,
    payer: Payer | None,
    clinicians: Mapping[int, Clinician],
    billing: VisitBilling | None,
    timezone: tzinfo | None = None,
) -> Superbill:
    """The visit's superbill from stored records; `billing` as the review screen shows it."""
    if billing is None:
        raise UserError(f"visit {visit.id} has no timed codes; there is nothing to bill")
    rendering, others = rendering_and_others(visit, clinicians)
    return build_superbill(
        visit=visit_info(visit, clinic.place_of_service, timezone),
        clinic=clinic_info(clinic),
        patient=patient_info(patient),
        clinician=clinician_info(rendering),
        payer=payer_info(payer),
        billing=billing,
        fees=payer.fees if payer else {},
        diagnoses=diagnosis_inputs(visit.diagnoses or patient.diagnoses),
        pointers=pointer_letters(visit.diagnosis_pointers),
        amount_paid_cents=visit.amount_paid_cents,
        assistants=[clinician_info(other) for other in others],
    )
