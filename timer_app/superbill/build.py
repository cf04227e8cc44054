"""Build a visit's superbill from its records and its billing: pure, exact, in cents.

Every text on it is `printable`: whatever an older version or a database tool left in a
record, no control character reaches the page or the CSV, and no field is longer than a
page can hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, tzinfo
from typing import NoReturn

from timer_app.billing.profiles import MEDICARE
from timer_app.billing.result import BillingLine, VisitBilling
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Diagnosis, Patient, Payer, Visit, payer_profile
from timer_app.records.diagnoses import (
    LETTERS,
    check_diagnoses,
    check_pointers,
    letters,
    line_pointers,
)
from timer_app.records.model import address_lines
from timer_app.superbill.model import (
    MAX_MODIFIERS,
    PRINTED_ADDRESS_LINES,
    PRINTED_DESCRIPTION,
    LetteredDiagnosis,
    Superbill,
    SuperbillLine,
    printable,
)


def lettered_diagnoses(diagnoses: Sequence[Diagnosis]) -> tuple[LetteredDiagnosis, ...]:
    """Diagnoses A, B, C... in the order given; at least one, at most twelve, no repeats."""
    if not diagnoses:
        raise UserError("the visit has no diagnosis; add at least one ICD-10-CM code")
    check_diagnoses(diagnoses)
    return tuple(
        LetteredDiagnosis(letter, d.code, printable(d.description, PRINTED_DESCRIPTION))
        for letter, d in zip(LETTERS, diagnoses, strict=False)
    )


def _pointers(visit: Visit, code: str, diagnoses: Sequence[LetteredDiagnosis]) -> tuple[str, ...]:
    """The line's diagnosis letters: as signed, else the first diagnosis."""
    slots = line_pointers(visit.diagnosis_pointers, code)
    check_pointers({code: slots}, len(diagnoses))
    return tuple(letters(slots))


def _fee(line: BillingLine, fees: Mapping[str, int], payer: str) -> int:
    fee = fees.get(line.code)
    if fee is None:
        raise UserError(f"{payer} has no fee for {line.code}; add it to the payer's fee schedule")
    if not isinstance(fee, int) or isinstance(fee, bool) or fee < 0:
        raise UserError(f"{payer}'s fee for {line.code} must be whole, non-negative cents")
    return fee


def superbill_line(
    line: BillingLine, fee_cents: int | None, pointers: tuple[str, ...]
) -> SuperbillLine:
    """A billing line on paper: a bundled line keeps its minutes but no units or charge."""
    if len(line.modifiers) > MAX_MODIFIERS:
        raise UserError(f"{line.code} has more than four modifiers; a claim line holds four")
    units = 0 if line.bundled else line.units
    fee = fee_cents if units else None
    return SuperbillLine(
        code=line.code,
        label=printable(line.label),
        modifiers=line.modifiers,
        pointers=pointers,
        minutes=line.minutes,
        units=units,
        fee_cents=fee,
        charge_cents=units * fee if fee is not None else 0,
        bundled=line.bundled,
    )


def _payer_missing() -> NoReturn:
    """A visit with no payer is self-pay, and the clinic has not set its own prices yet."""
    raise UserError(
        "the visit is self-pay and the clinic has no self-pay fee schedule; add a payer "
        "with the 'Self-pay' profile and the clinic's prices under Clinic set-up, Payers"
    )


def _payer(visit: Visit, payer: Payer | None, billing: VisitBilling) -> Payer:
    """The visit's payer, which the billing must have come from (named after it)."""
    if payer is None:
        _payer_missing()
    profile = payer_profile(payer)
    if billing.payer not in (payer.name, payer.profile) or billing.rule != profile.rule:
        raise UserError(
            f"visit {visit.id} was billed under '{billing.payer}' but {payer.name} uses "
            f"'{payer.profile}'; review the visit again before printing"
        )
    return payer


def charges(billing: VisitBilling, payer: Payer | None) -> int:
    """What the visit's superbill will charge, in cents: a UserError in the same words as
    the superbill when it cannot be made (self-pay without prices, a code with no fee)."""
    if payer is None:
        _payer_missing()
    return sum(
        line.units * _fee(line, payer.fees, payer.name)
        for line in billing.lines
        if line.units and not line.bundled and _printed(line, payer)
    )


def _printed(line: BillingLine, payer: Payer) -> bool:
    """Bundled lines always print (for the record); other zero-unit lines as the payer wants."""
    return line.bundled or line.units > 0 or payer_profile(payer).print_zero_unit_lines


def _clinician(clinicians: Mapping[int, Clinician], clinician_id: int) -> Clinician:
    found = clinicians.get(clinician_id)
    if found is None:
        raise UserError(f"clinician {clinician_id} of this visit is not in the clinic's list")
    return found


def printed_address(text: str) -> str:
    """An address as printed: its first lines, each printable (an older record may hold
    any text; set-up refuses more lines and longer ones)."""
    lines = [shown for shown in map(printable, address_lines(text)) if shown]
    if len(lines) > PRINTED_ADDRESS_LINES:
        kept = lines[:PRINTED_ADDRESS_LINES]
        lines = [*kept[:-1], f"{kept[-1].removesuffix('…')} …"]  # more followed
    return "\n".join(lines)


def _printed_clinic(clinic: Clinic) -> Clinic:
    return replace(
        clinic, name=printable(clinic.name), address=printed_address(clinic.address),
        phone=printable(clinic.phone), tax_id=printable(clinic.tax_id),
        billing_npi=printable(clinic.billing_npi),
        place_of_service=printable(clinic.place_of_service),
    )  # fmt: skip


def _printed_patient(patient: Patient) -> Patient:
    return replace(
        patient, name=printable(patient.name), address=printed_address(patient.address),
        medical_record_number=printable(patient.medical_record_number),
        member_id=printable(patient.member_id), group_number=printable(patient.group_number),
        secondary_member_id=printable(patient.secondary_member_id),
        referring_physician=printable(patient.referring_physician),
        referring_npi=printable(patient.referring_npi),
    )  # fmt: skip


def _printed_clinician(clinician: Clinician) -> Clinician:
    return replace(
        clinician, name=printable(clinician.name),
        credentials=printable(clinician.credentials), npi=printable(clinician.npi),
    )  # fmt: skip


def rendering_and_others(
    visit: Visit, clinicians: Mapping[int, Clinician]
) -> tuple[Clinician, tuple[Clinician, ...]]:
    """Who renders the visit (the signer, else its clinician) and who else timed on it."""
    rendering = _clinician(clinicians, visit.signed_by or visit.clinician_id)
    ids = dict.fromkeys([visit.clinician_id, *(i.clinician_id for i in visit.intervals)])
    others = tuple(_clinician(clinicians, i) for i in ids if i != rendering.id)
    return rendering, others


def build_superbill(
    visit: Visit,
    *,
    clinic: Clinic,
    patient: Patient,
    payer: Payer | None,
    clinicians: Mapping[int, Clinician],
    billing: VisitBilling | None,
    timezone: tzinfo | None = None,
    secondary_payer_name: str = "",
    first_printed_on: date | None = None,
) -> Superbill:
    """The visit's superbill; `billing` as the review showed it. Raises UserError for
    anything a claim cannot carry. `timezone` dates the signature (None: this computer's);
    `secondary_payer_name` names the patient's other insurance (item 9); `first_printed_on`
    makes it a reprint, marked as a copy. The place of service is the visit's (a telehealth
    visit's 02 or 10), the clinic's when the visit has none.
    """
    if billing is None:
        raise UserError(f"visit {visit.id} has no timed codes; there is nothing to bill")
    paying = _payer(visit, payer, billing)
    if isinstance(visit.amount_paid_cents, bool) or visit.amount_paid_cents < 0:
        raise UserError("the amount paid must be zero or more, in whole cents")
    lettered = lettered_diagnoses(visit.diagnoses or patient.diagnoses)
    lines = tuple(
        superbill_line(
            line,
            _fee(line, paying.fees, paying.name) if line.units and not line.bundled else None,
            _pointers(visit, line.code, lettered),
        )
        for line in billing.lines
        if _printed(line, paying)
    )
    total = sum(line.charge_cents for line in lines)
    rendering, others = rendering_and_others(visit, clinicians)
    signed = visit.signed_at.astimezone(timezone) if visit.signed_at else None
    return Superbill(
        visit_id=str(visit.id),
        date_of_service=visit.date,
        place_of_service=printable(visit.place_of_service or clinic.place_of_service),
        audio_only=visit.audio_only,
        clinic=_printed_clinic(clinic),
        patient=_printed_patient(patient),
        payer_name=printable(paying.name),
        rule=billing.rule,
        clinician=_printed_clinician(rendering),
        assistants=tuple(_printed_clinician(other) for other in others),
        diagnoses=lettered,
        lines=lines,
        total_charge_cents=total,
        amount_paid_cents=visit.amount_paid_cents,
        balance_cents=total - visit.amount_paid_cents,
        total_timed_minutes=billing.total_timed_minutes,
        total_treatment_minutes=billing.total_treatment_minutes,
        signed_on=signed.date() if signed else None,
        signed_time=signed.strftime("%H:%M") if signed else "",
        secondary_payer_name=printable(secondary_payer_name),
        first_printed_on=first_printed_on,
        referring_expected=paying.profile == MEDICARE,
    )
