"""A demo clinic: three clinicians, twenty insured patients and a week of timed visits.

Visits are built the way the program builds them: intervals started and ended through
the store port's one write for a visit, statuses changed and signatures written the same
way. All of it is one unit of work, so a failed demo leaves the file empty.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from timer_app.clinic.pins import hash_pin
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records import (
    Clinician,
    Patient,
    PointersSet,
    Sex,
    Visit,
    VisitChange,
    VisitSealed,
)
from timer_app.records import demo as data
from timer_app.records.payments import NewPayment, PaymentMethod
from timer_app.session.model import (
    Interval,
    IntervalEnded,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)

DAYS = 5  # today and the four weekdays before it
SLOT = timedelta(minutes=60)
CLINIC_OPENS = time(8, 0)
COPAY_CENTS = 3000


@dataclass(frozen=True, slots=True)
class DemoSummary:
    clinicians: int
    patients: int
    payers: int
    visits: int
    by_status: dict[str, int]
    users: tuple[tuple[str, str, str], ...] = ()  # name, access in words, PIN


def require_empty(store: StorePort) -> None:
    if store.visits.count():
        raise UserError(
            f"this database already has {store.visits.count()} visits; the demo only fills "
            "an empty database. Use another folder: timer-app demo --data-dir DIR"
        )
    if store.patients.recent(1) or store.clinicians.all(include_inactive=True):
        raise UserError(
            "this database already has clinicians or patients; the demo only fills an empty "
            "database. Use another folder: timer-app demo --data-dir DIR"
        )


def fill_demo(store: StorePort, now: datetime, tz: tzinfo) -> DemoSummary:
    """Fill an empty store; `now` and `tz` place the week (the last visit is still open)."""
    require_empty(store)
    with store.atomic():
        store.clinic.save(data.CLINIC)
        clinicians = [
            store.clinicians.add(name, credentials=creds, npi=npi, discipline=discipline,
                                 role=role, favourite_codes=favourites)
            for name, creds, npi, discipline, role, favourites in data.CLINICIANS
        ]  # fmt: skip
        for code in ("97110", "97140", "97530", "92507"):
            store.codes.set_favourite(code, True)
        payer_ids = [
            store.payers.add(name, profile, _fees(percent)).id
            for name, profile, percent in data.PAYERS
        ]
        patients = _patients(store, payer_ids)
        visits = _Week(store, clinicians, now, tz).build(patients)
        users = _users(store, clinicians)
    return DemoSummary(
        len(clinicians), len(patients), len(payer_ids), len(visits),
        dict(Counter(store.visits.get(v.id).status.value for v in visits)), users,
    )  # fmt: skip


def _users(store: StorePort, clinicians: list[Clinician]) -> tuple[tuple[str, str, str], ...]:
    """The demo's people, each with a PIN anyone trying the demo may read."""
    for name, access, clinician, pin in data.USERS:
        linked = None if clinician is None else clinicians[clinician].id
        store.users.add(name, access, hash_pin(pin), linked)
    return tuple((name, access.words, pin) for name, access, _, pin in data.USERS)


def _fees(percent: int) -> dict[str, int]:
    return {code: cents * percent // 100 for code, cents in data.MEDICARE_FEES.items()}


def _patients(store: StorePort, payer_ids: list[int]) -> list[tuple[Patient, int]]:
    made = []
    for number, row in enumerate(data.PATIENTS, start=1):
        name, born, address, payer, member_id, codes, clinician = row
        sex, (physician, npi), group, secondary, secondary_id = data.CLAIM_ITEMS[name]
        patient = store.patients.add(
            name, date.fromisoformat(born), address=address,
            medical_record_number=f"RPT-{number:05d}", payer_id=payer_ids[payer],
            member_id=member_id, diagnoses=[data.DIAGNOSES[c] for c in codes],
            sex=Sex(sex), referring_physician=physician, referring_npi=npi,
            group_number=group, secondary_member_id=secondary_id,
            secondary_payer_id=None if secondary is None else payer_ids[secondary],
        )  # fmt: skip
        made.append((patient, clinician))
    return made


class _Week:
    def __init__(
        self, store: StorePort, clinicians: list[Clinician], now: datetime, tz: tzinfo
    ) -> None:
        self.store = store
        self.clinicians = clinicians
        self.now = now.astimezone(tz)
        self.tz = tz
        self.turn: Counter[int] = Counter()  # which plan each clinician uses next

    def build(self, patients: list[tuple[Patient, int]]) -> list[Visit]:
        visits: list[Visit] = []
        days = _weekdays_before(self.now.date(), DAYS - 1)
        for age, day in enumerate(reversed(days), start=1):
            visits += self._day(patients, day, age, start=datetime.combine(day, CLINIC_OPENS))
        visits += self._today(patients)
        return visits

    def _seen(self, patients: list[tuple[Patient, int]], day_number: int) -> list[list[Patient]]:
        """Each clinician's patients that day: about half of their caseload, in turn."""
        lists: list[list[Patient]] = [[] for _ in self.clinicians]
        for index, (patient, clinician) in enumerate(patients):
            if (index + day_number) % 2 == 0:
                lists[clinician].append(patient)
        return lists

    def _day(
        self, patients: list[tuple[Patient, int]], day: date, age: int, start: datetime
    ) -> list[Visit]:
        made = []
        for clinician, seen in zip(self.clinicians, self._seen(patients, age), strict=True):
            for slot, patient in enumerate(seen):
                begin = (start + slot * SLOT).replace(tzinfo=self.tz)
                visit = self._visit(patient, clinician, begin)
                self._close(visit, clinician, age, slot)
                made.append(visit)
        return made

    def _today(self, patients: list[tuple[Patient, int]]) -> list[Visit]:
        """Today's visits end just before now; the PT's last one is still open."""
        lists = self._seen(patients, 0)
        made = []
        for clinician, seen in zip(self.clinicians, lists, strict=True):
            for slot, patient in enumerate(seen):
                # In UTC: a local time minus hours is an hour off across a DST change.
                begin = self.now.astimezone(UTC) - (len(seen) - slot) * SLOT - timedelta(minutes=5)
                visit = self._visit(patient, clinician, begin)
                still_open = clinician is self.clinicians[0] and slot == len(seen) - 1
                if not still_open:
                    self._close(visit, clinician, 0, slot)
                made.append(visit)
        return made

    def _visit(self, patient: Patient, clinician: Clinician, begin: datetime) -> Visit:
        visit = self.store.visits.create(patient.id, clinician.id, begin.astimezone(self.tz).date())
        plans = data.PLANS[clinician.role]
        plan = plans[self.turn[clinician.id] % len(plans)]
        self.turn[clinician.id] += 1
        at = begin.astimezone(UTC)  # the intervals' times are added up as instants
        for code, minutes, seconds in plan:
            at = self._time(visit, clinician, code, at, minutes * 60 + seconds)
        slots = (1, 2) if len(patient.diagnoses) > 1 else (1,)
        self._write(visit.id, [PointersSet({code: slots for code, *_ in plan})], _who(clinician))
        return visit

    def _write(self, visit_id: int, changes: list[VisitChange], who: str) -> Visit:
        """One write at the visit's revision, as the treatment screen writes."""
        revision = self.store.visits.get(visit_id).revision
        return self.store.write_visit(visit_id, revision, changes, who)

    def _time(
        self, visit: Visit, clinician: Clinician, code: str, at: datetime, seconds: int
    ) -> datetime:
        interval = Interval(uuid.uuid4().hex, visit.id, code, clinician.id, at, None)
        end = at + timedelta(seconds=seconds)
        done = replace(interval, end=end, duration_ms=seconds * 1000)
        self._write(visit.id, [IntervalStarted(interval)], _who(clinician))
        self._write(visit.id, [IntervalEnded(done)], _who(clinician))
        return end + timedelta(seconds=40)  # changing over to the next activity

    def _supervisor(self, assistant: Clinician) -> Clinician:
        """The therapist of the assistant's discipline who signs the assistant's visits."""
        return next(
            c
            for c in self.clinicians
            if c.discipline is assistant.discipline and not c.role.is_assistant
        )

    def _close(self, visit: Visit, clinician: Clinician, age: int, slot: int) -> None:
        """Older visits are signed and billed; recent ones partly signed; today's finished."""
        finished = VisitStatusChanged(visit.id, VisitStatus.FINISHED)
        stored = self._write(visit.id, [finished], _who(clinician))
        if (age == 0 and slot > 0) or (age == 1 and slot % 3 == 2):
            return  # waiting for the therapist's signature
        last_end = max(i.end for i in stored.intervals if i.end is not None)
        signed_at = last_end + timedelta(minutes=20)
        signer = self._supervisor(clinician) if clinician.role.is_assistant else clinician
        signing = VisitStatusChanged(visit.id, VisitStatus.SIGNED, signer.id, signed_at)
        sealed = VisitSealed("demo", ())  # sealed like any signature (no lines kept)
        self._write(visit.id, [sealed, signing], _who(signer))
        if age >= 3:
            billed = VisitStatusChanged(visit.id, VisitStatus.BILLED)
            self._write(visit.id, [billed], "Front desk")
            if stored.payer_id is not None and self._is_commercial(stored.payer_id):
                copay = NewPayment(visit.date, COPAY_CENTS, PaymentMethod.CARD)
                self.store.payments.add(visit.id, copay, who="Front desk")

    def _is_commercial(self, payer_id: int) -> bool:
        return self.store.payers.get(payer_id).profile != "Medicare"


def _who(clinician: Clinician) -> str:
    return f"{clinician.name}, {clinician.credentials}"


def _weekdays_before(today: date, count: int) -> list[date]:
    days: list[date] = []
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days
