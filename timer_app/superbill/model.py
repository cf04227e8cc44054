"""The superbill as plain data: everything the printed page shows, already decided.

Nothing here knows about HTML or Qt; the renderer only formats what it finds here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from timer_app.billing.profiles import Rule
from timer_app.records import Clinic, Clinician, Patient
from timer_app.records.model import PLACES_OF_SERVICE

MAX_MODIFIERS = 4  # modifiers per claim line

# Text as printed or exported: clinic set-up refuses longer text (`clinic.checks`, whose
# limits stay below these), so only a record written by an older version or a database tool
# is cut, with "…", and one field can never crowd the page into shrinking.
PRINTED_CHARACTERS = 80  # a name, an ID, a label, a line of an address
PRINTED_DESCRIPTION = 250  # a diagnosis's description (ICD-10-CM's longest has 228)
PRINTED_ADDRESS_LINES = 4

# Characters no record may carry: the controls (Unicode category Cc: NUL, escape, C1...),
# the bidirectional controls that reorder what is shown (U+202E makes "Ann\u202eLee" read
# "AnneeL") and the invisible line and paragraph separators. Refused when typed
# (`clinic.checks`), dropped or turned into a space when printed (`printable`).
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BREAKS = "\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"  # what `str.splitlines` splits at
_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}]")
_UNPRINTABLE_IN_LINES = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}]"
)  # tab, line feed and carriage return are fine in a text of several lines
_SPACES = re.compile(f"[{_BREAKS}]+")


def unprintable(text: str, *, lines: bool = False) -> bool:
    """Whether `text` holds a control character; `lines`: tabs and newlines are allowed."""
    return (_UNPRINTABLE_IN_LINES if lines else _UNPRINTABLE).search(text) is not None


def printable(text: str, limit: int | None = PRINTED_CHARACTERS) -> str:
    """`text` as it may go on paper or into a file: a tab or line break becomes a space,
    every other control character is dropped, and beyond `limit` characters it is cut
    with "…" (None: never cut)."""
    clean = _UNPRINTABLE.sub("", _SPACES.sub(" ", text)).strip()
    if limit is not None and len(clean) > limit:
        return clean[: limit - 1].rstrip() + "…"
    return clean


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


# --- the treatment time record (timer_app/superbill/time_record.py builds and prints it) ---


@dataclass(frozen=True, slots=True)
class TimedRow:
    """One interval as the timer kept it."""

    code: str
    label: str  # our plain-language label, never the CPT descriptor
    start: str  # local "HH:MM:SS"
    end: str
    seconds: int
    who: str  # "Sam Ortiz, PTA"


@dataclass(frozen=True, slots=True)
class CodeTime:
    """A code's time in all and what it billed."""

    code: str
    label: str
    timed: bool  # a timed code (its minutes are timed minutes) or an untimed one
    seconds: int
    minutes: int  # whole minutes as the payer's rule counts them
    units: int


@dataclass(frozen=True, slots=True)
class TimeRecord:
    visit_id: str
    date_of_service: date
    place_of_service: str  # "10 – Telehealth in patient's home"
    clinic_name: str
    patient_name: str
    patient_dob: date
    patient_account: str
    payer_name: str
    clinician: str  # the rendering clinician, with credentials
    others: str  # everyone else who timed on the visit
    rows: tuple[TimedRow, ...]
    codes: tuple[CodeTime, ...]
    total_timed_minutes: int
    total_treatment_minutes: int
    signed_note: str  # "Electronically signed by …" or "Not yet signed"


@dataclass(frozen=True, slots=True)
class Superbill:
    visit_id: str
    date_of_service: date
    place_of_service: str  # CMS code, "11" = office: the visit's (the clinic's when it has none)
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
    signed_time: str = ""  # local "HH:MM" of the signature
    secondary_payer_name: str = ""  # item 9: the patient's secondary insurance, if any
    first_printed_on: date | None = None  # a reprint: printed "COPY", first printed that day
    referring_expected: bool = False  # the payer wants items 17/17b (Medicare): say if missing
    audio_only: bool = False  # telehealth by telephone only (its lines carry 93)
    # the payer's authorization the visit is given under: "Authorization: 5 of 12 visits
    # used, 7 left; until 01/31/2027", and the payer's authorization number
    authorization: str = ""
    authorization_reference: str = ""
    # the treatment time record printed on the page after it (the owner's choice), or None
    time_record: TimeRecord | None = None

    @property
    def place_of_service_name(self) -> str:
        return PLACES_OF_SERVICE.get(self.place_of_service, "")

    @property
    def place_of_service_words(self) -> str:
        """'10 – Telehealth in patient's home, by telephone only': the code and its words."""
        place = " – ".join(p for p in (self.place_of_service, self.place_of_service_name) if p)
        return f"{place}, by telephone only" if self.audio_only else place

    @property
    def total_units(self) -> int:
        return sum(line.units for line in self.lines)
