"""What the store hands out: plain frozen dataclasses in the clinic's words.

The superbill, the screens and the CLI read these; none of them sees a table or a row.
Intervals are `timer_app.session.model.Interval`, shared with the timer engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from timer_app.billing import Discipline
from timer_app.session.figures import code_seconds
from timer_app.session.model import Interval, VisitStatus

MAX_DIAGNOSES = 12  # the claim form has twelve diagnosis slots, letters A-L
DEFAULT_PLACE_OF_SERVICE = "11"  # office


class Role(StrEnum):
    PT = "PT"
    PTA = "PTA"
    OT = "OT"
    OTA = "OTA"
    SLP = "SLP"

    @property
    def is_assistant(self) -> bool:
        """Assistants' minutes carry CQ/CO and their visits are signed by a therapist."""
        return self in (Role.PTA, Role.OTA)


@dataclass(frozen=True, slots=True)
class Clinic:
    name: str
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    billing_npi: str = ""
    place_of_service: str = DEFAULT_PLACE_OF_SERVICE


@dataclass(frozen=True, slots=True)
class Clinician:
    id: int
    name: str
    credentials: str  # as printed after the name, e.g. "PT, DPT"
    npi: str
    discipline: Discipline
    role: Role
    favourite_codes: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """One ICD-10-CM code; its place in a tuple is its slot (0 -> A ... 11 -> L)."""

    code: str
    description: str


@dataclass(frozen=True, slots=True)
class Patient:
    id: int
    name: str
    date_of_birth: date
    address: str = ""
    medical_record_number: str = ""
    payer_id: int | None = None
    member_id: str = ""
    diagnoses: tuple[Diagnosis, ...] = ()


@dataclass(frozen=True, slots=True)
class Payer:
    id: int
    name: str
    profile: str  # a profile name from resources/payers.json, e.g. "Medicare"
    fees: dict[str, int] = field(default_factory=dict, hash=False)  # code -> cents


@dataclass(frozen=True, slots=True)
class CodeSetting:
    """The clinic's choice for one code: shipped codes are enabled unless turned off."""

    code: str
    enabled: bool = True
    favourite: bool = False
    custom: bool = False  # a code the clinic added, not in the shipped catalog
    label: str = ""  # custom codes only
    kind: str = ""  # custom codes only: "timed" or "untimed"


@dataclass(frozen=True, slots=True)
class Visit:
    """One patient's treatment on one date; a signed visit changes only by amendment."""

    id: int
    patient_id: int
    clinician_id: int
    date: date  # the clinic's local date
    payer_id: int | None
    discipline: Discipline
    status: VisitStatus
    signed_by: int | None = None  # clinician id
    signed_at: datetime | None = None  # UTC
    version: int = 1
    amends_id: int | None = None  # the visit this version replaces
    # the therapist's pick when a tie left a choice of units (code -> units), else None
    chosen_units: dict[str, int] | None = field(default=None, hash=False)
    # code -> diagnosis slots (1-based, printed as letters A-L) for its claim line
    diagnosis_pointers: dict[str, tuple[int, ...]] = field(default_factory=dict, hash=False)
    amount_paid_cents: int = 0
    diagnoses: tuple[Diagnosis, ...] = ()  # copied from the patient when the visit began
    intervals: tuple[Interval, ...] = ()  # in start order

    @property
    def editable(self) -> bool:
        return self.status in (VisitStatus.OPEN, VisitStatus.FINISHED)

    def code_seconds(self) -> list[tuple[str, int]]:
        """(code, seconds) of the ended intervals, in start order: what billing takes.

        Milliseconds are summed per code and floored once, as the live tiles do.
        """
        return list(code_seconds(self.intervals).items())


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime  # UTC
    who: str
    what: str  # e.g. "interval edited", "visit status", "visit amended"
    visit_id: int | None
    before: dict[str, Any] | None = field(default=None, hash=False)
    after: dict[str, Any] | None = field(default=None, hash=False)
    reason: str = ""
