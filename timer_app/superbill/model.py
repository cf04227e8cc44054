"""The superbill as plain data: everything the printed page shows, already decided.

Nothing here knows about HTML or Qt; the renderer only formats what it finds here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from timer_app.billing.profiles import Rule
from timer_app.records import Clinic, Clinician, Patient
from timer_app.records.model import PLACES_OF_SERVICE

MAX_MODIFIERS = 4  # modifiers per claim line


@dataclass(frozen=True, slots=True)
class LetteredDiagnosis:
    """A visit's diagnosis as printed: its letter (A-L) is what the lines point to."""

    letter: str
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class SuperbillLine:
    """One code for the day with all its units."""

    code: str
    label: str  # our plain-language label, never the CPT descriptor
    modifiers: tuple[str, ...]
    pointers: tuple[str, ...]  # diagnosis letters, most important first
    minutes: int
    units: int
    fee_cents: int | None  # the payer's fee per unit; None when nothing is charged
    charge_cents: int  # units x fee
    bundled: bool = False  # listed for the record; the payer never pays it separately

    @property
    def charged(self) -> bool:
        return self.charge_cents > 0


@dataclass(frozen=True, slots=True)
class Superbill:
    visit_id: str
    date_of_service: date
    place_of_service: str  # CMS code, "11" = office
    clinic: Clinic
    patient: Patient
    payer_name: str
    rule: Rule
    clinician: Clinician  # the rendering clinician: the signer
    assistants: tuple[Clinician, ...]  # everyone else who timed on the visit
    diagnoses: tuple[LetteredDiagnosis, ...]
    lines: tuple[SuperbillLine, ...]
    total_charge_cents: int
    amount_paid_cents: int
    balance_cents: int
    total_timed_minutes: int
    total_treatment_minutes: int
    signed_on: date | None = None

    @property
    def place_of_service_name(self) -> str:
        return PLACES_OF_SERVICE.get(self.place_of_service, "")

    @property
    def total_units(self) -> int:
        return sum(line.units for line in self.lines)
