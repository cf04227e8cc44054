"""The clinic's records: plain frozen dataclasses in the clinic's words.

Every store hands these out, the clinic services work with them, the superbill prints
them; none of them sees a table or a row. Intervals are `timer_app.session.model.Interval`,
shared with the timer engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from timer_app.billing import Discipline, PayerProfile, find_profile, profile_for_rule
from timer_app.billing.edits import EditPair
from timer_app.dates import parse_typed_date
from timer_app.errors import UserError
from timer_app.session.figures import code_seconds
from timer_app.session.model import Interval, VisitStatus

MAX_DIAGNOSES = 12  # the claim form has twelve diagnosis slots, letters A-L
DEFAULT_PLACE_OF_SERVICE = "11"  # office
PLACES_OF_SERVICE = {  # CMS place-of-service codes a therapy clinic uses
    "02": "Telehealth (not in patient's home)",
    "10": "Telehealth in patient's home",
    "11": "Office",
    "12": "Home",
    "22": "On-campus outpatient hospital",
}
TELEHEALTH_PLACES = ("02", "10")  # a telehealth line carries 95 (or 93 by telephone only)


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

    @property
    def discipline(self) -> Discipline:
        """The discipline a role works in: a PTA in PT, an OTA in OT."""
        return _ROLE_DISCIPLINE[self]


_ROLE_DISCIPLINE = {
    Role.PT: Discipline.PT,
    Role.PTA: Discipline.PT,
    Role.OT: Discipline.OT,
    Role.OTA: Discipline.OT,
    Role.SLP: Discipline.SLP,
}


@dataclass(frozen=True, slots=True)
class Clinic:
    """The clinic's own details: what every superbill prints at its top."""

    name: str
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    billing_npi: str = ""
    place_of_service: str = DEFAULT_PLACE_OF_SERVICE
    date_style: str = "MM/DD/YYYY"  # how a person reads a date here (`timer_app.dates`)


def address_lines(text: str) -> tuple[str, ...]:
    """A stored address (one text, lines split by newlines) as printed lines."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


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


class Sex(StrEnum):
    """As the claim form takes it (item 3): F or M ticked, or neither when unknown."""

    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


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
    # what the claim form (CMS-1500) asks besides: item 3, items 17/17b, item 11, item 9
    sex: Sex = field(default=Sex.UNKNOWN, kw_only=True)
    referring_physician: str = field(default="", kw_only=True)  # who referred or certified
    referring_npi: str = field(default="", kw_only=True)
    group_number: str = field(default="", kw_only=True)  # the insurance card's group
    secondary_payer_id: int | None = field(default=None, kw_only=True)
    secondary_member_id: str = field(default="", kw_only=True)


# the claim fields' names, the same on every store, in the outbox payload and master data
CLAIM_FIELDS = ("sex", "referring_physician", "referring_npi", "group_number",
                "secondary_payer_id", "secondary_member_id")  # fmt: skip


def claim_values(patient: Patient) -> dict[str, Any]:
    """The claim fields as stored: plain text, and the secondary payer's id on this store."""
    return {"sex": patient.sex.value, "referring_physician": patient.referring_physician,
            "referring_npi": patient.referring_npi, "group_number": patient.group_number,
            "secondary_payer_id": patient.secondary_payer_id,
            "secondary_member_id": patient.secondary_member_id}  # fmt: skip


def claim_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """The claim fields read back (as `Patient(..., **claim_fields(row))`); a value missing
    (a payload from before these fields) is the empty one."""
    return {"sex": Sex(values.get("sex") or Sex.UNKNOWN),
            "referring_physician": values.get("referring_physician") or "",
            "referring_npi": values.get("referring_npi") or "",
            "group_number": values.get("group_number") or "",
            "secondary_payer_id": values.get("secondary_payer_id"),
            "secondary_member_id": values.get("secondary_member_id") or ""}  # fmt: skip


def claim_text(values: Mapping[str, Any]) -> dict[str, Any]:
    """The claim fields of a payload or a row, as stored (sex as its letter)."""
    fields = claim_fields(values)
    return {**fields, "sex": fields["sex"].value}


def refuse_patient_delete(patient_id: int, visits: int, plans: int) -> None:
    """A patient with visits or plans of care keeps their records: refused in words."""
    kept = [f"{count} {what}" for count, what in ((visits, "visits"), (plans, "plans of care"))
            if count]  # fmt: skip
    if kept:
        raise UserError(
            f"patient {patient_id} has {' and '.join(kept)}; their records must be kept, so "
            "the patient cannot be deleted"
        )


def parse_birth_date(text: str) -> date | None:
    """A date as typed to find or enter a patient: the clinic's way (03/02/1948 unless it
    chose another, `timer_app.dates`) or 1948-03-02 (else None)."""
    return parse_typed_date(text)


@dataclass(frozen=True, slots=True)
class Payer:
    id: int
    name: str
    profile: str  # a profile name from resources/payers.json, e.g. "Medicare"
    fees: dict[str, int] = field(default_factory=dict, hash=False)  # code -> cents
    # CQ/CO on assistants' units: the owner's choice for this payer (None: as its profile)
    assistant_modifiers: bool | None = None


def refuse_secondary(payer_name: str, patients: int) -> None:
    """A payer that is some patients' secondary insurance stays until theirs is changed."""
    if patients:
        raise UserError(f"{payer_name} is the secondary insurance of {patients} patients; "
                        "change theirs first, or keep it")  # fmt: skip


def check_fees(fees: Mapping[str, int]) -> None:
    """A fee is whole cents, zero or more, for one unit of its code."""
    for code, cents in fees.items():
        if not isinstance(cents, int) or isinstance(cents, bool) or cents < 0:
            raise UserError(f"fee for {code} must be whole cents, zero or more")


def payer_profile(payer: Payer | None) -> PayerProfile:
    """How a visit of this payer bills: its profile under the payer's own name, so the words
    name the payer. A visit with no payer (self-pay) bills under the CMS rule."""
    if payer is None:
        return profile_for_rule("cms")
    profile = find_profile(payer.profile)
    assistants = payer.assistant_modifiers
    if assistants is None:
        assistants = profile.assistant_modifiers
    return replace(profile, name=payer.name, assistant_modifiers=assistants)


@dataclass(frozen=True, slots=True)
class CodeSetting:
    """The clinic's choice for one code: shipped codes are enabled unless turned off."""

    code: str
    enabled: bool = True
    favourite: bool = False
    custom: bool = False  # a code the clinic added, not in the shipped catalog
    label: str = ""  # custom codes only
    kind: str = ""  # custom codes only: "timed" or "untimed"


SignedLine = tuple[str, tuple[str, ...], int, int]  # code, modifiers, units, minutes


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
    # what was signed, sealed: its digest (records.chain.visit_digest), where, and the lines
    signed_digest: str | None = None
    signed_workstation: str = ""
    signed_lines: tuple[SignedLine, ...] = ()
    version: int = 1  # 2 and up: an amendment of the version it `amends_id`
    amends_id: int | None = None  # the visit this version replaces
    # the therapist's pick when a tie left a choice of units (code -> units), else None
    chosen_units: dict[str, int] | None = field(default=None, hash=False)
    # code -> diagnosis slots (1-based, printed as letters A-L) for its claim line
    diagnosis_pointers: dict[str, tuple[int, ...]] = field(default_factory=dict, hash=False)
    # the codes the clinician chose to keep co-treatment minutes (empty: the therapist's)
    shared_minutes_to: tuple[str, ...] = ()
    amount_paid_cents: int = 0
    diagnoses: tuple[Diagnosis, ...] = ()  # copied from the patient when the visit began
    intervals: tuple[Interval, ...] = ()  # in start order
    revision: int = 0  # counts the stored writes: a write made on an older one is refused
    # the plan of care it is given under (records.plan_of_care.Episode), where it took place
    # (a key of PLACES_OF_SERVICE; telehealth by telephone only: audio_only), and whether the
    # therapist wrote the progress report at it
    episode_id: int | None = None
    place_of_service: str = DEFAULT_PLACE_OF_SERVICE
    audio_only: bool = False
    progress_report: bool = False
    # the payer the front desk bills a signed visit to when it is not the one signed (a
    # self-pay visit whose patient turned out insured): desk data, as the billing status
    # and payments are, never sealed; None: the visit's own payer
    billing_payer_id: int | None = None

    def code_seconds(self) -> list[tuple[str, int]]:
        """(code, seconds) of the ended intervals, in start order: what billing takes.

        Milliseconds are summed per code and floored once, as the live tiles do.
        """
        return list(code_seconds(self.intervals).items())


@dataclass(frozen=True, slots=True)
class ImportedRules:
    """A rule table the clinic imported (CMS's NCCI edits): its rows and where they came from."""

    pairs: tuple[EditPair, ...]
    source: str  # the file it was read from
    quarter: str  # e.g. "2026Q4"
    imported_at: datetime  # UTC


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
    user_id: int | None = None  # the signed-in user; None: an OS account's command
    workstation: str = ""
    patient_id: int | None = None
