"""Build a superbill from a visit's billing and plain facts: pure, exact, in cents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from timer_app.billing.result import BillingLine, VisitBilling
from timer_app.errors import UserError
from timer_app.superbill.inputs import (
    ClinicianInfo,
    ClinicInfo,
    DiagnosisInput,
    PatientInfo,
    PayerInfo,
    VisitInfo,
)
from timer_app.superbill.model import (
    DIAGNOSIS_LETTERS,
    MAX_MODIFIERS,
    MAX_POINTERS,
    Diagnosis,
    Superbill,
    SuperbillLine,
)

Pointers = Mapping[str, str | Sequence[str]]


def lettered_diagnoses(diagnoses: Sequence[DiagnosisInput]) -> tuple[Diagnosis, ...]:
    """Diagnoses A, B, C... in the order given; at least one, at most twelve, no repeats."""
    if not diagnoses:
        raise UserError("the visit has no diagnosis; add at least one ICD-10-CM code")
    if len(diagnoses) > len(DIAGNOSIS_LETTERS):
        raise UserError(f"a superbill holds at most 12 diagnoses; this visit has {len(diagnoses)}")
    codes = [d.code.strip().upper() for d in diagnoses]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise UserError(f"diagnosis {', '.join(repeated)} is listed twice; keep it once")
    return tuple(
        Diagnosis(letter, code, d.description.strip())
        for letter, code, d in zip(DIAGNOSIS_LETTERS, codes, diagnoses, strict=False)
    )


def line_pointers(
    code: str, pointers: Pointers | None, diagnoses: Sequence[Diagnosis]
) -> tuple[str, ...]:
    """The line's diagnosis letters: as given, else the first four diagnoses."""
    given = (pointers or {}).get(code)
    if given is None:
        return tuple(d.letter for d in diagnoses[:MAX_POINTERS])
    letters = tuple(letter.strip().upper() for letter in given if letter.strip())
    known = {d.letter for d in diagnoses}
    unknown = [letter for letter in letters if letter not in known]
    if unknown:
        raise UserError(
            f"{code} points to diagnosis {', '.join(unknown)}, which the visit does not have"
        )
    if not letters or len(letters) > MAX_POINTERS or len(set(letters)) != len(letters):
        raise UserError(f"{code} needs one to four different diagnosis pointers (A-L)")
    return letters


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
        label=line.label,
        modifiers=line.modifiers,
        pointers=pointers,
        minutes=line.minutes,
        units=units,
        fee_cents=fee,
        charge_cents=units * fee if fee is not None else 0,
        bundled=line.bundled,
    )


def _printed(line: BillingLine, payer: PayerInfo) -> bool:
    """Bundled lines always print (for the record); other zero-unit lines as the payer wants."""
    return line.bundled or line.units > 0 or payer.profile.print_zero_unit_lines


def _check_payer(billing: VisitBilling, payer: PayerInfo) -> None:
    """The billing came from this payer: named after the payer, or after its profile."""
    if billing.payer not in (payer.name, payer.profile.name) or billing.rule != payer.profile.rule:
        raise UserError(
            f"the visit was billed under '{billing.payer}' but {payer.name} uses "
            f"'{payer.profile.name}'; review the visit again before printing"
        )


def build_superbill(
    *,
    visit: VisitInfo,
    clinic: ClinicInfo,
    patient: PatientInfo,
    clinician: ClinicianInfo,
    payer: PayerInfo,
    billing: VisitBilling,
    fees: Mapping[str, int],
    diagnoses: Sequence[DiagnosisInput],
    pointers: Pointers | None = None,
    amount_paid_cents: int = 0,
    assistants: Sequence[ClinicianInfo] = (),
) -> Superbill:
    """The superbill for one visit. Raises UserError for anything a claim cannot carry.

    `fees` are the payer's fee per unit in cents, by code. `pointers` maps a code to its
    diagnosis letters ("AB" or ["A", "B"]); codes left out point to the first four.
    """
    _check_payer(billing, payer)
    if isinstance(amount_paid_cents, bool) or amount_paid_cents < 0:
        raise UserError("the amount paid must be zero or more, in whole cents")
    lettered = lettered_diagnoses(diagnoses)
    lines = tuple(
        superbill_line(
            line,
            _fee(line, fees, payer.name) if line.units and not line.bundled else None,
            line_pointers(line.code, pointers, lettered),
        )
        for line in billing.lines
        if _printed(line, payer)
    )
    total = sum(line.charge_cents for line in lines)
    return Superbill(
        visit_id=visit.visit_id,
        date_of_service=visit.date_of_service,
        place_of_service=visit.place_of_service,
        clinic=clinic,
        patient=patient,
        payer_name=payer.name,
        rule=billing.rule,
        clinician=clinician,
        assistants=tuple(assistants),
        diagnoses=lettered,
        lines=lines,
        total_charge_cents=total,
        amount_paid_cents=amount_paid_cents,
        balance_cents=total - amount_paid_cents,
        total_timed_minutes=billing.total_timed_minutes,
        total_treatment_minutes=billing.total_treatment_minutes,
        signed_on=visit.signed_on,
    )
