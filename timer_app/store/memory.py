"""The store port in memory: for the services' tests, and the contract suite's second store.

It keeps the same records and gives the same answers as the SQLite file (the contract
suite in tests/contract holds both to that); a visit's writes follow the same shared plan
(`records.visit_writes`). Nothing survives the process.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from timer_app.billing import Discipline, Kind
from timer_app.billing.edits import EditPair
from timer_app.errors import UserError
from timer_app.records import (
    DEFAULT_PLACE_OF_SERVICE,
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
from timer_app.records.elsewhere import check_elsewhere, elsewhere_note
from timer_app.records.model import (
    check_fees,
    parse_birth_date,
    refuse_patient_delete,
    refuse_secondary,
)
from timer_app.records.payments import (
    NewPayment,
    Payment,
    check_payment,
    check_void_reason,
    paid_total,
    recorded_note,
    refuse_void,
    replaced_visit,
    voided_note,
)
from timer_app.records.people import Access, Actor, User
from timer_app.records.plan_of_care import (
    Authorization,
    Episode,
    authorization_order,
    episode_order,
    open_episode,
)
from timer_app.records.summary import VisitSummary, summary_of
from timer_app.records.visit_writes import (
    AuditNote,
    amended_copy,
    plan_amend,
    plan_discard,
    plan_write,
)
from timer_app.session.clock import Clock, SystemClock
from timer_app.session.model import Interval, VisitStatus
from timer_app.session.recovery import LastSign, Reading
from timer_app.store.convert import utc_text
from timer_app.store.outbox import (
    AUTHORIZATION_ITEM,
    EPISODE_ITEM,
    ITEM_KINDS,
    JOINED_SETTING,
    PATIENT_ITEM,
    SENT_STATUSES,
    VISIT_ITEM,
    OutboxItem,
    Waiting,
    audit_payload,
    authorization_payload,
    episode_payload,
    patient_payload,
    signs,
    visit_payload,
)
from timer_app.store.schema import (
    AUTHORIZATION,
    CLINICIAN,
    EPISODE,
    PATIENT,
    PAYER,
    USER,
    VISIT,
    new_uuid,
)

Found = TypeVar("Found")


@dataclass
class _Data:
    """Every table, as plain records; copied whole for a unit of work."""

    clinic: Clinic | None = None
    clinicians: dict[int, Clinician] = field(default_factory=dict)
    payers: dict[int, Payer] = field(default_factory=dict)
    patients: dict[int, Patient] = field(default_factory=dict)
    patient_added: dict[int, datetime] = field(default_factory=dict)
    elsewhere: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)
    codes: dict[str, CodeSetting] = field(default_factory=dict)
    visits: dict[int, Visit] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    heartbeat: LastSign | None = None
    rules: ImportedRules | None = None
    users: dict[int, User] = field(default_factory=dict)
    pins: dict[int, str] = field(default_factory=dict)
    failures: dict[int, tuple[int, datetime | None]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    uuids: dict[tuple[str, int], str] = field(default_factory=dict)  # (table, id) -> uuid
    visit_added: dict[int, datetime] = field(default_factory=dict)
    outbox: dict[int, dict[str, Any]] = field(default_factory=dict)  # rows as the file's
    payments: dict[int, Payment] = field(default_factory=dict)
    episodes: dict[int, Episode] = field(default_factory=dict)
    authorizations: dict[int, Authorization] = field(default_factory=dict)
    added_at: dict[tuple[str, int], datetime] = field(default_factory=dict)  # episodes, ...
    last_id: int = 0

    def new_id(self, table: str | None = None) -> int:
        """A new id; a record of a shared `table` gets its clinic-wide uuid with it."""
        self.last_id += 1
        if table is not None:
            self.uuids[(table, self.last_id)] = new_uuid()
        return self.last_id


class _Part:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _data(self) -> _Data:
        return self._store.data


class _ClinicDetails(_Part):
    def get(self) -> Clinic | None:
        return self._data.clinic

    def save(self, clinic: Clinic) -> Clinic:
        self._data.clinic = clinic
        return clinic


class _Clinicians(_Part):
    def add(
        self,
        name: str,
        *,
        discipline: Discipline,
        role: Role,
        credentials: str = "",
        npi: str = "",
        favourite_codes: Sequence[str] = (),
    ) -> Clinician:
        new = Clinician(
            self._data.new_id(CLINICIAN), name.strip(), credentials, npi, Discipline(discipline),
            Role(role), tuple(favourite_codes),
        )  # fmt: skip
        self._data.clinicians[new.id] = new
        return new

    def update(self, clinician: Clinician) -> Clinician:
        self.get(clinician.id)
        self._data.clinicians[clinician.id] = clinician
        return clinician

    def get(self, clinician_id: int) -> Clinician:
        return _found(self._data.clinicians, clinician_id, "clinician")

    def all(self, *, include_inactive: bool = False) -> list[Clinician]:
        listed = [c for c in self._data.clinicians.values() if include_inactive or c.active]
        return sorted(listed, key=lambda c: c.name)


class _Payers(_Part):
    def add(
        self,
        name: str,
        profile: str,
        fees: Mapping[str, int] | None = None,
        *,
        assistant_modifiers: bool | None = None,
    ) -> Payer:
        self._refuse_clash(name, None)
        check_fees(fees or {})
        new = Payer(
            self._data.new_id(PAYER), name.strip(), profile, dict(fees or {}), assistant_modifiers
        )
        self._data.payers[new.id] = new
        return new

    def update(self, payer: Payer) -> Payer:
        stored = self.get(payer.id)
        self._refuse_clash(payer.name, payer.id)
        changed = replace(
            stored, name=payer.name.strip(), profile=payer.profile,
            assistant_modifiers=payer.assistant_modifiers,
        )  # fmt: skip
        return self._put(changed)

    def set_fees(self, payer_id: int, fees: Mapping[str, int]) -> Payer:
        stored = self.get(payer_id)
        check_fees(fees)
        return self._put(replace(stored, fees={**stored.fees, **fees}))

    def remove_fees(self, payer_id: int, codes: Iterable[str]) -> Payer:
        stored = self.get(payer_id)
        gone = set(codes)
        kept = {code: cents for code, cents in stored.fees.items() if code not in gone}
        return self._put(replace(stored, fees=kept))

    def delete(self, payer_id: int) -> None:
        payer = self.get(payer_id)
        visits = sum(
            1 for v in self._data.visits.values() if payer_id in (v.payer_id, v.billing_payer_id)
        )
        patients = sum(1 for p in self._data.patients.values() if p.payer_id == payer_id)
        for what, count in (("patients", patients), ("visits", visits)):
            if count:
                raise UserError(
                    f"{payer.name} is the payer of {count} {what}; change theirs first, or keep it"
                )
        second = sum(1 for p in self._data.patients.values() if p.secondary_payer_id == payer_id)
        refuse_secondary(payer.name, second)
        del self._data.payers[payer_id]

    def get(self, payer_id: int) -> Payer:
        return _found(self._data.payers, payer_id, "payer")

    def find(self, name: str) -> Payer | None:
        wanted = name.strip().casefold()
        return next((p for p in self._data.payers.values() if p.name.casefold() == wanted), None)

    def all(self) -> list[Payer]:
        return sorted(self._data.payers.values(), key=lambda p: p.name)

    def _put(self, payer: Payer) -> Payer:
        self._data.payers[payer.id] = payer
        return payer

    def _refuse_clash(self, name: str, payer_id: int | None) -> None:
        clash = self.find(name)
        if clash is not None and clash.id != payer_id:
            raise UserError(f"a payer named '{name.strip()}' already exists; pick another name")


class _Patients(_Part):
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
    ) -> Patient:
        new = Patient(
            self._data.new_id(PATIENT), name.strip(), date_of_birth, address, medical_record_number,
            payer_id, member_id, tuple(diagnoses), sex=Sex(sex),
            referring_physician=referring_physician, referring_npi=referring_npi,
            group_number=group_number, secondary_payer_id=secondary_payer_id,
            secondary_member_id=secondary_member_id,
        )  # fmt: skip
        self._data.patients[new.id] = new
        self._data.patient_added[new.id] = self._store.clock.now()
        self._store.outbox.queue_if_joined(PATIENT_ITEM, new.id)
        return new

    def update(self, patient: Patient) -> Patient:
        self.get(patient.id)
        stored = replace(patient, name=patient.name.strip(), diagnoses=tuple(patient.diagnoses),
                         sex=Sex(patient.sex))  # fmt: skip
        self._data.patients[patient.id] = stored
        return stored

    def delete(self, patient_id: int) -> None:
        self.get(patient_id)
        visits = sum(1 for v in self._data.visits.values() if v.patient_id == patient_id)
        plans = sum(1 for e in self._data.episodes.values() if e.patient_id == patient_id)
        refuse_patient_delete(patient_id, visits, plans)
        del self._data.patients[patient_id]
        self._store.outbox.forget_unsent(PATIENT_ITEM, patient_id)

    def set_diagnoses(self, patient_id: int, diagnoses: Sequence[Diagnosis]) -> Patient:
        return self.update(replace(self.get(patient_id), diagnoses=tuple(diagnoses)))

    def get(self, patient_id: int) -> Patient:
        return _found(self._data.patients, patient_id, "patient")

    def therapy_elsewhere(self, patient_id: int, year: int) -> dict[str, int]:
        return dict(sorted(self._data.elsewhere.get((patient_id, year), {}).items()))

    def set_therapy_elsewhere(
        self, patient_id: int, year: int, amounts: Mapping[str, int], who: str
    ) -> dict[str, int]:
        patient = self.get(patient_id)
        check_elsewhere(year, amounts)
        before = self.therapy_elsewhere(patient_id, year)
        after = {**before, **amounts}
        self._data.elsewhere[(patient_id, year)] = {b: c for b, c in after.items() if c}
        after = self.therapy_elsewhere(patient_id, year)
        self._store.audit.note(who, elsewhere_note(patient.name, year, before, after), None)
        return after

    def recent(self, limit: int = 20) -> list[Patient]:
        return self._ordered(self._data.patients.values())[:limit]

    def search(self, text: str, limit: int = 50) -> list[Patient]:
        text = text.strip()
        if not text:
            return self.recent(limit)
        born = parse_birth_date(text)
        if born is not None:
            found = [p for p in self._data.patients.values() if p.date_of_birth == born]
        else:
            words = [w.casefold() for w in text.split()]
            found = [
                p for p in self._data.patients.values()
                if all(w in p.name.casefold() for w in words)
            ]  # fmt: skip
        return self._ordered(found)[:limit]

    def _ordered(self, patients: Iterable[Patient]) -> list[Patient]:
        """The most recent visit first (none: last), then the newest patient."""
        last_visit: dict[int, date] = {}
        for visit in self._data.visits.values():
            seen = last_visit.get(visit.patient_id)
            last_visit[visit.patient_id] = max(seen, visit.date) if seen else visit.date
        added = self._data.patient_added

        def order(p: Patient) -> tuple[bool, int, int, int]:
            seen = last_visit.get(p.id)
            return (seen is None, -(seen.toordinal() if seen else 0), _negated(added[p.id]), -p.id)

        return sorted(patients, key=order)


class _Codes(_Part):
    def all(self) -> dict[str, CodeSetting]:
        return dict(sorted(self._data.codes.items()))

    def set_enabled(self, code: str, enabled: bool) -> CodeSetting:
        return self._put(replace(self._data.codes.get(code, CodeSetting(code)), enabled=enabled))

    def set_favourite(self, code: str, favourite: bool) -> CodeSetting:
        setting = self._data.codes.get(code, CodeSetting(code))
        return self._put(replace(setting, favourite=favourite))

    def add_custom(self, code: str, label: str, kind: Kind) -> CodeSetting:
        if code in self._data.codes:
            raise UserError(f"code {code} already exists; turn it on or off instead")
        return self._put(CodeSetting(code, custom=True, label=label, kind=Kind(kind).value))

    def _put(self, setting: CodeSetting) -> CodeSetting:
        self._data.codes[setting.code] = setting
        return setting


class _Rules(_Part):
    def edit_pairs(self) -> ImportedRules | None:
        return self._data.rules

    def replace_edit_pairs(
        self, pairs: Sequence[EditPair], source: str, quarter: str, at: datetime
    ) -> None:
        self._data.rules = ImportedRules(tuple(pairs), source, quarter, at)


class _Visits(_Part):
    def create(
        self,
        patient_id: int,
        clinician_id: int,
        on: date,
        *,
        payer_id: int | None = None,
        discipline: Discipline | None = None,
    ) -> Visit:
        patient = self._store.patients.get(patient_id)
        clinician = self._store.clinicians.get(clinician_id)
        chosen = Discipline(discipline or clinician.discipline)
        episode = open_episode(self._store.episodes.for_patient(patient_id), chosen, on)
        clinic = self._data.clinic
        new = Visit(
            id=self._data.new_id(VISIT),
            patient_id=patient_id,
            clinician_id=clinician_id,
            date=on,
            payer_id=payer_id if payer_id is not None else patient.payer_id,
            discipline=chosen,
            status=VisitStatus.OPEN,
            diagnoses=patient.diagnoses,
            episode_id=None if episode is None else episode.id,
            place_of_service=(DEFAULT_PLACE_OF_SERVICE if clinic is None
                              else clinic.place_of_service),
        )  # fmt: skip
        self._data.visits[new.id] = new
        self._data.visit_added[new.id] = self._store.clock.now()
        return new

    def get(self, visit_id: int) -> Visit:
        return _found(self._data.visits, visit_id, "visit")

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
        wanted = {
            "date": on, "clinician_id": clinician_id, "patient_id": patient_id,
            "status": None if status is None else VisitStatus(status),
        }  # fmt: skip
        found = [
            v
            for v in self._data.visits.values()
            if all(value is None or getattr(v, name) == value for name, value in wanted.items())
            and (start is None or v.date >= start)
            and (end is None or v.date <= end)
            and (include_history or self.current(v.id))
        ]
        return sorted(found, key=_visit_order)

    def history(self, visit_id: int) -> list[Visit]:
        versions = [self.get(visit_id)]
        while versions[0].amends_id is not None:
            versions.insert(0, self.get(versions[0].amends_id))
        return versions

    def summaries(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        clinician_id: int | None = None,
        statuses: Collection[VisitStatus] | None = None,
    ) -> list[VisitSummary]:
        found = self.find(start=start, end=end, clinician_id=clinician_id)
        chosen = [v for v in found if statuses is None or v.status in statuses]
        return [summary_of(v) for v in sorted(chosen, key=lambda v: (v.date, v.id))]

    def count(self) -> int:
        return len(self._data.visits)

    def current(self, visit_id: int) -> bool:
        return not any(v.amends_id == visit_id for v in self._data.visits.values())


class _Episodes(_Part):
    def add(self, episode: Episode) -> Episode:
        self._store.patients.get(episode.patient_id)
        new = replace(episode, id=self._data.new_id(EPISODE),
                      diagnoses=tuple(episode.diagnoses))  # fmt: skip
        self._data.episodes[new.id] = new
        self._data.added_at[(EPISODE, new.id)] = self._store.clock.now()
        self._store.outbox.queue_if_joined(EPISODE_ITEM, new.id)
        return new

    def update(self, episode: Episode) -> Episode:
        stored = self.get(episode.id)
        kept = replace(episode, patient_id=stored.patient_id, diagnoses=tuple(episode.diagnoses))
        self._data.episodes[episode.id] = kept
        return kept

    def get(self, episode_id: int) -> Episode:
        return _found(self._data.episodes, episode_id, "episode of care")

    def for_patient(self, patient_id: int) -> list[Episode]:
        found = [e for e in self._data.episodes.values() if e.patient_id == patient_id]
        return sorted(found, key=episode_order)

    def current(self) -> list[Episode]:
        found = [e for e in self._data.episodes.values() if e.discharged_on is None]
        return sorted(found, key=episode_order)

    def add_authorization(self, authorization: Authorization) -> Authorization:
        self.get(authorization.episode_id)
        self._store.payers.get(authorization.payer_id)
        new = replace(authorization, id=self._data.new_id(AUTHORIZATION))
        self._data.authorizations[new.id] = new
        self._data.added_at[(AUTHORIZATION, new.id)] = self._store.clock.now()
        self._store.outbox.queue_if_joined(AUTHORIZATION_ITEM, new.id)
        return new

    def update_authorization(self, authorization: Authorization) -> Authorization:
        stored = self.authorization(authorization.id)
        self._store.payers.get(authorization.payer_id)
        kept = replace(authorization, episode_id=stored.episode_id)
        self._data.authorizations[kept.id] = kept
        return kept

    def authorization(self, authorization_id: int) -> Authorization:
        return _found(self._data.authorizations, authorization_id, "authorization")

    def authorizations(self, episode_id: int) -> list[Authorization]:
        found = [a for a in self._data.authorizations.values() if a.episode_id == episode_id]
        return sorted(found, key=authorization_order)


class _Payments(_Part):
    def add(self, visit_id: int, payment: NewPayment, who: str) -> Payment:
        checked = check_payment(payment)
        with self._store.atomic():
            self._store.visits.get(visit_id)
            if not self._store.visits.current(visit_id):
                raise replaced_visit()
            before = paid_total(self.for_visit(visit_id))
            kept = Payment(
                id=self._data.new_id(), visit_id=visit_id, paid_on=checked.paid_on,
                cents=checked.cents, method=checked.method, paid_by=checked.paid_by,
                reference=checked.reference, recorded_by=self._who(who),
                recorded_at=self._store.clock.now().astimezone(UTC),
            )  # fmt: skip
            self._data.payments[kept.id] = kept
            after = self._set_total(visit_id)
            self._store.audit.note(who, recorded_note(kept, before, after), visit_id)
            return kept

    def void(self, payment_id: int, reason: str, who: str) -> Payment:
        why = check_void_reason(reason)
        with self._store.atomic():
            payment = self.get(payment_id)
            refuse_void(payment)
            current = self._current(payment.visit_id)
            before = paid_total(self.for_visit(current))
            voided = replace(
                payment, voided_at=self._store.clock.now().astimezone(UTC),
                voided_by=self._who(who), void_reason=why,
            )  # fmt: skip
            self._data.payments[payment_id] = voided
            after = self._set_total(current)
            self._store.audit.note(who, voided_note(voided, before, after), current)
            return voided

    def get(self, payment_id: int) -> Payment:
        return _found(self._data.payments, payment_id, "payment")

    def for_visit(self, visit_id: int) -> list[Payment]:
        versions = {v.id for v in self._store.visits.history(visit_id)}
        found = [p for p in self._data.payments.values() if p.visit_id in versions]
        return sorted(found, key=lambda p: (p.paid_on, p.id))

    def _set_total(self, visit_id: int) -> int:
        total = paid_total(self.for_visit(visit_id))
        visit = self._store.visits.get(visit_id)
        self._data.visits[visit_id] = replace(visit, amount_paid_cents=total)
        return total

    def _current(self, visit_id: int) -> int:
        newer = [v.id for v in self._data.visits.values() if v.amends_id == visit_id]
        return self._current(newer[0]) if newer else visit_id

    def _who(self, who: str) -> str:
        actor = self._store.audit.actor
        return actor.name if actor else who


class _Audit(_Part):
    actor: Actor | None = None

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
        actor = self.actor
        name = actor.name if actor else who
        if not name.strip():
            raise ValueError("an audit entry needs to say who made the change")
        if patient_id is None and visit_id is not None and visit_id in self._data.visits:
            patient_id = self._data.visits[visit_id].patient_id
        entry = AuditEntry(
            len(self._data.audit) + 1, self._store.clock.now(), name, what, visit_id,
            _plain(before), _plain(after), reason, actor.user_id if actor else None,
            actor.workstation if actor else "", patient_id,
        )  # fmt: skip
        self._data.audit.append(entry)

    def note(self, who: str, note: AuditNote, visit_id: int | None) -> None:
        self.record(who, note.what, visit_id=visit_id, before=note.before, after=note.after,
                    reason=note.reason)  # fmt: skip

    def for_visit(self, visit_id: int) -> list[AuditEntry]:
        return [e for e in self._data.audit if e.visit_id == visit_id]

    def latest(self, limit: int = 100) -> list[AuditEntry]:
        return list(reversed(self._data.audit))[:limit]

    def find(
        self,
        *,
        who: str | None = None,
        patient_id: int | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        found = [
            e for e in reversed(self._data.audit)
            if (not who or e.who == who)
            and (patient_id is None or e.patient_id == patient_id)
            and (start is None or e.at.astimezone().date() >= start)
            and (end is None or e.at.astimezone().date() <= end)
        ]  # fmt: skip
        return found[:limit]

    def chain_problems(self) -> list[str]:
        return []  # nothing outside this process can reach these rows


class _Users(_Part):
    def add(
        self, name: str, access: Access, pin_hash: str, clinician_id: int | None = None
    ) -> User:
        new = User(self._data.new_id(USER), name.strip(), Access(access), clinician_id)
        self._data.users[new.id] = new
        self._data.pins[new.id] = pin_hash
        self._data.failures[new.id] = (0, None)
        return new

    def update(self, user: User) -> User:
        self.get(user.id)
        stored = replace(user, name=user.name.strip())
        self._data.users[user.id] = stored
        return stored

    def get(self, user_id: int) -> User:
        return _found(self._data.users, user_id, "user")

    def all(self, *, include_inactive: bool = False) -> list[User]:
        listed = [u for u in self._data.users.values() if include_inactive or u.active]
        return sorted(listed, key=lambda u: u.name)

    def pin_hash(self, user_id: int) -> str:
        self.get(user_id)
        return self._data.pins[user_id]

    def set_pin_hash(self, user_id: int, pin_hash: str) -> None:
        self.get(user_id)
        self._data.pins[user_id] = pin_hash

    def failures(self, user_id: int) -> tuple[int, datetime | None]:
        self.get(user_id)
        return self._data.failures[user_id]

    def set_failures(self, user_id: int, failed: int, blocked_until: datetime | None) -> None:
        self.get(user_id)
        self._data.failures[user_id] = (failed, blocked_until)


class _Settings(_Part):
    def get(self, key: str) -> str | None:
        return self._data.settings.get(key)

    def set(self, key: str, value: str) -> None:
        self._data.settings[key] = value


class _Outbox(_Part):
    def joined(self) -> bool:
        return self._data.settings.get(JOINED_SETTING) == "1"

    def queue(self, kind: str, record_id: int) -> None:
        if kind not in ITEM_KINDS:
            raise ValueError(f"nothing of kind {kind!r} goes to the clinic server")
        rows = self._data.outbox
        if any((r["kind"], r["record_id"]) == (kind, record_id) for r in rows.values()):
            return
        key = max(rows, default=0) + 1
        rows[key] = {"id": key, "kind": kind, "record_id": record_id, "tries": 0,
                     "queued_at": self._store.clock.now(), "last_tried_at": None,
                     "last_error": "", "sent_at": None, "outcome": ""}  # fmt: skip

    def queue_if_joined(self, kind: str, record_id: int) -> None:
        if self.joined():
            self.queue(kind, record_id)

    def queue_all_signed(self) -> int:
        before = len(self._data.outbox)
        for visit in sorted(self._data.visits.values(), key=lambda v: v.id):
            if visit.status.value in SENT_STATUSES:
                self.queue(VISIT_ITEM, visit.id)
        return len(self._data.outbox) - before

    def forget_unsent(self, kind: str, record_id: int) -> None:
        rows = self._data.outbox
        for key, row in list(rows.items()):
            if (row["kind"], row["record_id"]) == (kind, record_id) and row["sent_at"] is None:
                del rows[key]

    def pending(self, limit: int = 50, *, after: int = 0) -> list[OutboxItem]:
        rows = [r for k, r in sorted(self._data.outbox.items())
                if r["sent_at"] is None and k > after][:limit]  # fmt: skip
        return [OutboxItem(r["id"], r["kind"], r["record_id"], r["tries"], self._payload(r))
                for r in rows]  # fmt: skip

    def mark_sent(self, item_id: int, outcome: str, at: datetime) -> None:
        row = self._data.outbox[item_id]
        row.update(sent_at=at, outcome=outcome, last_tried_at=at, tries=row["tries"] + 1,
                   last_error="")  # fmt: skip

    def mark_failed(self, item_id: int, error: str, at: datetime) -> None:
        row = self._data.outbox[item_id]
        row.update(last_tried_at=at, last_error=error, tries=row["tries"] + 1)

    def waiting(self) -> Waiting:
        unsent = [r for r in self._data.outbox.values() if r["sent_at"] is None]
        tried = sorted((r for r in unsent if r["last_tried_at"] is not None),
                       key=lambda r: (r["last_tried_at"], r["id"]))  # fmt: skip
        return Waiting(
            sum(r["kind"] == VISIT_ITEM for r in unsent),
            sum(r["kind"] == PATIENT_ITEM for r in unsent),
            tried[-1]["last_tried_at"] if tried else None,
            tried[-1]["last_error"] if tried else "",
            sum(str(r.get("outcome", "")).startswith("refused")
                for r in self._data.outbox.values()),
            sum(r["kind"] in (EPISODE_ITEM, AUTHORIZATION_ITEM) for r in unsent),
        )  # fmt: skip

    def _payload(self, row: dict[str, Any]) -> dict[str, Any]:
        if row["kind"] == PATIENT_ITEM:
            return self._patient(row["record_id"])
        if row["kind"] == EPISODE_ITEM:
            episode = self._store.episodes.get(row["record_id"])
            created = utc_text(self._data.added_at[(EPISODE, episode.id)])
            name = self._store.patients.get(episode.patient_id).name
            return episode_payload(episode, self._uuid, created, name)
        if row["kind"] == AUTHORIZATION_ITEM:
            found = self._store.episodes.authorization(row["record_id"])
            created = utc_text(self._data.added_at[(AUTHORIZATION, found.id)])
            return authorization_payload(found, self._uuid, created,
                                         self._payer_name(found.payer_id))  # fmt: skip
        visit = self._store.visits.get(row["record_id"])
        audit = [audit_payload(e, self._uuid, "") for e in self._store.audit.for_visit(visit.id)]
        created = utc_text(self._data.visit_added[visit.id])
        return visit_payload(visit, self._uuid, created, self._patient(visit.patient_id),
                             audit, self._names(visit))  # fmt: skip

    def _patient(self, patient_id: int) -> dict[str, Any]:
        patient = self._store.patients.get(patient_id)
        created = utc_text(self._data.patient_added[patient_id])
        return patient_payload(patient, self._uuid, created, self._payer_name)

    def _payer_name(self, payer_id: int | None) -> str:
        payer = self._data.payers.get(payer_id or 0)
        return payer.name if payer else ""

    def _names(self, visit: Visit) -> dict[str, str]:
        clinicians = {visit.clinician_id, *(i.clinician_id for i in visit.intervals)}
        if visit.signed_by is not None:
            clinicians.add(visit.signed_by)
        names = {self._data.uuids[(CLINICIAN, c)]: self._data.clinicians[c].name
                 for c in clinicians}  # fmt: skip
        for payer_id in (visit.payer_id, visit.billing_payer_id):
            if payer_id is not None:
                payer = self._data.payers[payer_id]
                names[self._data.uuids[(PAYER, payer.id)]] = payer.name
        return names

    def _uuid(self, table: str, key: int | None) -> str | None:
        return None if key is None else self._data.uuids.get((table, key))


class MemoryStore:
    """The store port in memory (see the module's words)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()
        self.data = _Data()
        self.clinic = _ClinicDetails(self)
        self.clinicians = _Clinicians(self)
        self.payers = _Payers(self)
        self.patients = _Patients(self)
        self.episodes = _Episodes(self)
        self.codes = _Codes(self)
        self.rules = _Rules(self)
        self.visits = _Visits(self)
        self.payments = _Payments(self)
        self.audit = _Audit(self)
        self.users = _Users(self)
        self.settings = _Settings(self)
        self.outbox = _Outbox(self)

    def act_as(self, actor: Actor | None) -> None:
        self.audit.actor = actor

    def log_access(
        self,
        what: str,
        *,
        visit_id: int | None = None,
        patient_id: int | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.audit.record("", what, visit_id=visit_id, patient_id=patient_id, after=after)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        saved = copy.deepcopy(self.data)
        try:
            yield
        except BaseException:
            self.data = saved
            raise

    def write_visit(
        self, visit_id: int, revision: int, changes: Sequence[VisitChange], who: str
    ) -> Visit:
        with self.atomic():
            stored = self.visits.get(visit_id)
            plan = plan_write(stored, revision, changes, current=self.visits.current(visit_id))
            self.data.visits[visit_id] = plan.visit
            for note in plan.notes:
                self.audit.note(who, note, visit_id)
            self._sign_of_life()
            if signs(changes):
                self.outbox.queue_if_joined(VISIT_ITEM, visit_id)
            return plan.visit

    def amend(self, visit_id: int, revision: int, reason: str, who: str) -> Visit:
        with self.atomic():
            old = self.visits.get(visit_id)
            note = plan_amend(old, revision, reason, current=self.visits.current(visit_id))
            new = amended_copy(old, self.data.new_id(VISIT))
            self.data.visits[new.id] = new
            self.data.visit_added[new.id] = self.clock.now()
            self.audit.note(who, note, new.id)
            return new

    def discard(self, visit_id: int, revision: int, reason: str, who: str) -> None:
        with self.atomic():
            old = self.visits.get(visit_id)
            note = plan_discard(old, revision, reason, current=self.visits.current(visit_id))
            del self.data.visits[visit_id]
            self.data.visit_added.pop(visit_id, None)
            self.audit.note(who, note, visit_id)

    def _sign_of_life(self) -> None:
        """A write is a sign of life: when, on both clocks; what was seen stays."""
        reading, last = _reading(self.clock), self.data.heartbeat
        self.data.heartbeat = (
            LastSign(reading) if last is None else replace(last, reading=reading)
        )

    def beat(
        self, seen: Mapping[str, int] | None = None, held: Mapping[str, int] | None = None
    ) -> None:
        reading = _reading(self.clock)
        self.data.heartbeat = LastSign(reading, dict(seen or {}), reading.mono_ms,
                                       dict(held or {}))  # fmt: skip

    def last_heartbeat(self) -> datetime | None:
        sign = self.data.heartbeat
        return None if sign is None else sign.reading.wall

    def last_sign(self) -> LastSign | None:
        return self.data.heartbeat

    def running_intervals(self) -> list[Interval]:
        running = [i for v in self.data.visits.values() for i in v.intervals if i.running]
        return sorted(running, key=lambda i: i.start)

    def close(self) -> None:
        """Nothing to close: the records go with the process."""


def _reading(clock: Clock) -> Reading:
    return Reading(clock.now(), int(clock.monotonic() * 1000), clock.boot())


def _found(records: Mapping[int, Found], key: int, what: str) -> Found:
    found = records.get(key)
    if found is None:
        raise UserError(f"no {what} with id {key}")
    return found


def _visit_order(visit: Visit) -> tuple[date, bool, datetime, int]:
    """As the SQLite store lists them: by date, then the first start (none: last), then id."""
    first = visit.intervals[0].start if visit.intervals else datetime.max.replace(tzinfo=UTC)
    return (visit.date, not visit.intervals, first, visit.id)


def _negated(moment: datetime) -> int:
    return -int(moment.timestamp() * 1_000_000)


def _plain(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """As a JSON column gives it back: datetimes as text, tuples as lists."""
    if value is None:
        return None
    return {k: _json_value(v) for k, v in value.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value
