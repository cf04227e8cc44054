"""The store port: exactly what the clinic services ask of a store, and nothing more.

The SQLite file (`timer_app.store.Store`) implements it, so does the in-memory store the
services' tests use (`timer_app.store.MemoryStore`), and so will the clinic server. One
contract suite (tests/contract) holds every implementation to the same answers.

Reads hand out `timer_app.records`; unknown ids and refused writes raise `UserError` in
words and change nothing. A visit changes only through `write_visit` (or `amend`), at the
revision the change was decided on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any, Protocol

from timer_app.billing import Discipline, Kind
from timer_app.billing.edits import EditPair
from timer_app.records import (
    AuditEntry,
    Clinic,
    Clinician,
    CodeSetting,
    Diagnosis,
    ImportedRules,
    Patient,
    Payer,
    Role,
    Sex,
    Visit,
    VisitChange,
)
from timer_app.records.payments import NewPayment, Payment
from timer_app.records.people import Access, Actor, User
from timer_app.records.plan_of_care import Authorization, Episode
from timer_app.records.summary import VisitSummary
from timer_app.session.model import Interval, VisitStatus
from timer_app.session.recovery import LastSign


class ClinicDetails(Protocol):
    def get(self) -> Clinic | None: ...

    def save(self, clinic: Clinic) -> Clinic: ...


class Clinicians(Protocol):
    def add(
        self,
        name: str,
        *,
        discipline: Discipline,
        role: Role,
        credentials: str = "",
        npi: str = "",
        favourite_codes: Sequence[str] = (),
    ) -> Clinician: ...

    def update(self, clinician: Clinician) -> Clinician: ...

    def get(self, clinician_id: int) -> Clinician: ...

    def all(self, *, include_inactive: bool = False) -> list[Clinician]:
        """By name; former clinicians only when asked."""


class Payers(Protocol):
    def add(
        self,
        name: str,
        profile: str,
        fees: Mapping[str, int] | None = None,
        *,
        assistant_modifiers: bool | None = None,
    ) -> Payer:
        """Refused when a payer of that name (any case) exists."""

    def update(self, payer: Payer) -> Payer:
        """Its name, profile and CQ/CO choice; fees change with `set_fees`, `remove_fees`."""

    def set_fees(self, payer_id: int, fees: Mapping[str, int]) -> Payer: ...

    def remove_fees(self, payer_id: int, codes: Iterable[str]) -> Payer: ...

    def delete(self, payer_id: int) -> None:
        """Refused while a patient or a visit has the payer."""

    def get(self, payer_id: int) -> Payer: ...

    def find(self, name: str) -> Payer | None:
        """By name, whatever its case."""

    def all(self) -> list[Payer]:
        """By name."""


class Patients(Protocol):
    def add(
        self,
        name: str,
        date_of_birth: date,
        *,
        address: str = "",
        medical_record_number: str = "",
        payer_id: int | None = None,
        member_id: str = "",
        diagnoses: Sequence[Diagnosis] = (),
        sex: Sex = Sex.UNKNOWN,
        referring_physician: str = "",
        referring_npi: str = "",
        group_number: str = "",
        secondary_payer_id: int | None = None,
        secondary_member_id: str = "",
    ) -> Patient: ...

    def update(self, patient: Patient) -> Patient:
        """Every field, diagnoses included (their order is their slot A-L)."""

    def delete(self, patient_id: int) -> None:
        """Refused for a patient with visits: their records are kept."""

    def set_diagnoses(self, patient_id: int, diagnoses: Sequence[Diagnosis]) -> Patient: ...

    def get(self, patient_id: int) -> Patient: ...

    def therapy_elsewhere(self, patient_id: int, year: int) -> dict[str, int]:
        """Therapy other providers billed the patient that year: cents by KX bucket."""

    def set_therapy_elsewhere(
        self, patient_id: int, year: int, amounts: Mapping[str, int], who: str
    ) -> dict[str, int]:
        """Set those buckets (0 forgets one), audited; returns the year's amounts."""

    def recent(self, limit: int = 20) -> list[Patient]:
        """The most recently seen first, then the newest."""

    def search(self, text: str, limit: int = 50) -> list[Patient]:
        """By date of birth when `text` is a date, else by every word of the name."""


class Episodes(Protocol):
    """Episodes of care (a patient's certified plan of care in one discipline) and the
    payers' authorizations under them. Master data, as patients are."""

    def add(self, episode: Episode) -> Episode:
        """A new episode (its id is ignored) with its diagnoses; refused for an unknown
        patient."""

    def update(self, episode: Episode) -> Episode:
        """Every field, diagnoses included; it stays the same patient's."""

    def get(self, episode_id: int) -> Episode: ...

    def for_patient(self, patient_id: int) -> list[Episode]:
        """The newest certification first."""

    def current(self) -> list[Episode]:
        """Every episode not discharged, the newest certification first."""

    def add_authorization(self, authorization: Authorization) -> Authorization:
        """Refused for an unknown episode or payer."""

    def update_authorization(self, authorization: Authorization) -> Authorization:
        """Its payer, dates, counts and reference; it stays under its episode."""

    def authorization(self, authorization_id: int) -> Authorization: ...

    def authorizations(self, episode_id: int) -> list[Authorization]:
        """The newest first."""


class CodeSettings(Protocol):
    def all(self) -> dict[str, CodeSetting]:
        """What the clinic chose, by code; a code it never touched has no setting."""

    def set_enabled(self, code: str, enabled: bool) -> CodeSetting: ...

    def set_favourite(self, code: str, favourite: bool) -> CodeSetting: ...

    def add_custom(self, code: str, label: str, kind: Kind) -> CodeSetting:
        """Refused when the code already has a setting."""


class RuleTables(Protocol):
    def edit_pairs(self) -> ImportedRules | None:
        """The NCCI edits the clinic imported, with their source; None: the shipped list."""

    def replace_edit_pairs(
        self, pairs: Sequence[EditPair], source: str, quarter: str, at: datetime
    ) -> None: ...


class Visits(Protocol):
    def create(
        self,
        patient_id: int,
        clinician_id: int,
        on: date,
        *,
        payer_id: int | None = None,
        discipline: Discipline | None = None,
    ) -> Visit:
        """An open visit; payer, discipline and diagnoses from the patient and clinician."""

    def get(self, visit_id: int) -> Visit: ...

    def find(
        self,
        *,
        on: date | None = None,
        start: date | None = None,
        end: date | None = None,
        clinician_id: int | None = None,
        patient_id: int | None = None,
        status: VisitStatus | None = None,
        include_history: bool = False,
    ) -> list[Visit]:
        """Current versions matching every filter (dates inclusive), by date then start."""

    def history(self, visit_id: int) -> list[Visit]:
        """Every version of a visit, oldest first, ending with the given one."""

    def summaries(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        clinician_id: int | None = None,
        statuses: Collection[VisitStatus] | None = None,
    ) -> list[VisitSummary]:
        """Current versions matching every filter (dates inclusive), by date then id, summed
        up for the reports (signed lines, paid, time on the clock): fast for a year."""

    def count(self) -> int: ...


class Payments(Protocol):
    """Money paid at the desk, as a ledger: allowed on a visit of any status, no new
    revision; each payment and each void audited, and the visit's amount paid (the total
    not voided, over all its versions) written in the same unit of work."""

    def add(self, visit_id: int, payment: NewPayment, who: str) -> Payment:
        """Refused in words (nothing kept) for a bad amount or text, an unknown visit, or a
        version of a visit an amendment replaced."""

    def void(self, payment_id: int, reason: str, who: str) -> Payment:
        """Kept, never deleted, with the reason; it no longer counts. Refused once voided."""

    def get(self, payment_id: int) -> Payment: ...

    def for_visit(self, visit_id: int) -> list[Payment]:
        """Every payment of the visit and of the versions it amends, by day paid then as
        recorded; voided ones too."""


class AuditTrail(Protocol):
    def record(
        self,
        who: str,
        what: str,
        *,
        visit_id: int | None = None,
        patient_id: int | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        reason: str = "",
    ) -> None:
        """One entry under the store's actor (when set; else `who`), chained."""

    def for_visit(self, visit_id: int) -> list[AuditEntry]: ...

    def latest(self, limit: int = 100) -> list[AuditEntry]: ...

    def find(
        self,
        *,
        who: str | None = None,
        patient_id: int | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """The newest first, filtered."""

    def chain_problems(self) -> list[str]:
        """Rows edited or removed outside the program (empty: the chain holds)."""


class Users(Protocol):
    def add(
        self, name: str, access: Access, pin_hash: str, clinician_id: int | None = None
    ) -> User: ...

    def update(self, user: User) -> User: ...

    def get(self, user_id: int) -> User: ...

    def all(self, *, include_inactive: bool = False) -> list[User]:
        """By name; former users only when asked."""

    def pin_hash(self, user_id: int) -> str: ...

    def set_pin_hash(self, user_id: int, pin_hash: str) -> None: ...

    def failures(self, user_id: int) -> tuple[int, datetime | None]: ...

    def set_failures(self, user_id: int, failed: int, blocked_until: datetime | None) -> None: ...


class Settings(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


class OutboxItem(Protocol):
    """A record waiting to go up to the clinic server, with what to send."""

    @property
    def id(self) -> int: ...

    @property
    def kind(self) -> str:
        """'visit' or 'patient'."""

    @property
    def record_id(self) -> int: ...

    @property
    def tries(self) -> int: ...

    @property
    def payload(self) -> dict[str, Any]:
        """Plain values naming records by uuid (`timer_app.store.outbox`), ready to push."""


class Waiting(Protocol):
    @property
    def visits(self) -> int: ...

    @property
    def patients(self) -> int: ...

    @property
    def count(self) -> int: ...

    @property
    def last_tried_at(self) -> datetime | None: ...

    @property
    def last_error(self) -> str: ...

    @property
    def refused(self) -> int:
        """Sent, and refused by the server: amended on another computer first."""


class Outbox(Protocol):
    """What this workstation still has to send up to the clinic server. Once it joined one
    (the setting `server.joined` is '1'), a signature queues its visit in the same write
    and a new patient is queued with them."""

    def joined(self) -> bool: ...

    def queue(self, kind: str, record_id: int) -> None:
        """Queue a visit or a patient (queuing it again changes nothing)."""

    def queue_all_signed(self) -> int:
        """Queue every signed version, oldest first (a workstation joining); how many."""

    def pending(self, limit: int = 50, *, after: int = 0) -> Sequence[OutboxItem]:
        """Not sent yet, oldest first, past the item `after`."""

    def mark_sent(self, item_id: int, outcome: str, at: datetime) -> None:
        """Only once the server committed it: 'sent', 'already there', 'refused: ...'."""

    def mark_failed(self, item_id: int, error: str, at: datetime) -> None: ...

    def waiting(self) -> Waiting: ...


class StorePort(Protocol):
    """Everything the clinic keeps, as the services use it."""

    @property
    def clinic(self) -> ClinicDetails: ...

    @property
    def clinicians(self) -> Clinicians: ...

    @property
    def payers(self) -> Payers: ...

    @property
    def patients(self) -> Patients: ...

    @property
    def episodes(self) -> Episodes: ...

    @property
    def codes(self) -> CodeSettings: ...

    @property
    def rules(self) -> RuleTables: ...

    @property
    def visits(self) -> Visits: ...

    @property
    def payments(self) -> Payments: ...

    @property
    def audit(self) -> AuditTrail: ...

    @property
    def users(self) -> Users: ...

    @property
    def settings(self) -> Settings: ...

    def act_as(self, actor: Actor | None) -> None:
        """Record every change from now on under `actor`."""

    def log_access(
        self,
        what: str,
        *,
        visit_id: int | None = None,
        patient_id: int | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Record that records were read or disclosed (a reader may too)."""

    def atomic(self) -> AbstractContextManager[None]:
        """A unit of work: what is written inside is kept together or not at all."""

    def write_visit(
        self, visit_id: int, revision: int, changes: Sequence[VisitChange], who: str
    ) -> Visit:
        """Apply the changes if the visit is still at `revision`, else refuse with
        `ChangedElsewhereError`; the rules are `timer_app.records.visit_writes`."""

    def discard(self, visit_id: int, revision: int, reason: str, who: str) -> None:
        """Remove a visit started by mistake (nothing timed, unsigned, current) at a
        revision; the reason goes to the audit log (`records.visit_writes.plan_discard`)."""

    def amend(self, visit_id: int, revision: int, reason: str, who: str) -> Visit:
        """A new editable version of a signed visit (same refusals as `write_visit`)."""

    def beat(
        self, seen: Mapping[str, int] | None = None, held: Mapping[str, int] | None = None
    ) -> None:
        """Record that the program is alive now, and how long it has seen each running
        interval (ms by id; `held`: recoveries still waiting for an answer)."""

    def last_heartbeat(self) -> datetime | None: ...

    def last_sign(self) -> LastSign | None:
        """The last sign of life the program left, on both clocks (None: never one)."""

    def running_intervals(self) -> list[Interval]:
        """Every interval with no end, oldest first: what a stop left running."""

    def close(self) -> None: ...


class LocalStorePort(StorePort, Protocol):
    """A workstation's own store (the file, or memory in tests): what it signed waits in
    its outbox until the clinic server has it. A store that is the server has none."""

    @property
    def outbox(self) -> Outbox: ...
