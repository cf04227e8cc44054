"""Writing one visit's changes on the clinic server: the shared plan
(`records.visit_writes`), persisted here, in one transaction.

The visit's row is locked first, so of two computers writing the same visit at once the
second waits, then finds the revision moved on and is refused (changed elsewhere). Only
the columns the plan changed are written: the front desk, which may set a visit's status
and payments but not its treatment, can then bill a signed visit.
"""

from __future__ import annotations

from collections.abc import Sequence

from timer_app.errors import ChangedElsewhereError
from timer_app.records import DiagnosesSet, Visit, VisitChange
from timer_app.records.visit_writes import amended_copy, plan_amend, plan_discard, plan_write
from timer_app.session.clock import Clock
from timer_app.store.postgres.audit import AuditLog
from timer_app.store.postgres.database import Database
from timer_app.store.postgres.heartbeat import Heartbeat
from timer_app.store.postgres.values import interval_row, utc, visit_columns
from timer_app.store.postgres.visits import Visits

_INSERT_INTERVAL = (
    'INSERT INTO "interval" (id, visit_id, code, clinician_id, start, "end", duration_ms) '
    "VALUES (:id, :visit_id, :code, :clinician_id, :start, :end, :duration_ms)"
)
_UPDATE_INTERVAL = (
    'UPDATE "interval" SET code = :code, clinician_id = :clinician_id, start = :start, '
    '"end" = :end, duration_ms = :duration_ms WHERE id = :id AND visit_id = :visit_id'
)
# the amendment's row: the signed version's, open for changes again, one version on; a
# payer the desk chose for billing becomes its own (`records.visit_writes.amended_payer`)
_COPY_VISIT = (
    "INSERT INTO visit (patient_id, clinician_id, date, payer_id, discipline, status, "
    "version, amends_id, chosen_units, diagnosis_pointers, amount_paid_cents, created_at, "
    "revision, shared_minutes_to, episode_id, place_of_service, audio_only, progress_report) "
    "SELECT patient_id, clinician_id, date, coalesce(billing_payer_id, payer_id), discipline, "
    ":status, version + 1, id, "
    "chosen_units, diagnosis_pointers, amount_paid_cents, :now, 0, shared_minutes_to, "
    "episode_id, place_of_service, audio_only, progress_report "
    "FROM visit WHERE id = :old RETURNING id"
)


class VisitWriter:
    def __init__(
        self, db: Database, clock: Clock, audit: AuditLog, visits: Visits, heartbeat: Heartbeat
    ) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self._visits = visits
        self._heartbeat = heartbeat

    def write(
        self, visit_id: int, revision: int, changes: Sequence[VisitChange], who: str
    ) -> Visit:
        """Store the batch in order, all or nothing, if the visit is still at `revision`."""
        with self._db.atomic():
            self._visits.lock(visit_id)
            stored = self._visits.get(visit_id)
            plan = plan_write(stored, revision, changes, current=self._visits.current(visit_id))
            if changes:
                self._intervals(stored, plan.visit)
                self._visit_row(stored, plan.visit)
                if any(isinstance(change, DiagnosesSet) for change in changes):
                    self._db.run("DELETE FROM visit_diagnosis WHERE visit_id = :id", id=visit_id)
                    self._add_diagnoses(plan.visit)
                self._audit.notes(who, plan.notes, visit_id=visit_id, patient_id=stored.patient_id)
            self._heartbeat.sign_of_life()
        return self._visits.get(visit_id)

    def amend(self, visit_id: int, revision: int, reason: str, who: str) -> Visit:
        """A new, editable version of a signed visit, with copies of its intervals."""
        with self._db.atomic():
            self._visits.lock(visit_id)
            old = self._visits.get(visit_id)
            note = plan_amend(old, revision, reason, current=self._visits.current(visit_id))
            new_id = self._db.new_id(_COPY_VISIT, old=visit_id, status="finished",
                                     now=utc(self._clock.now()))  # fmt: skip
            new = amended_copy(old, new_id)
            self._add_diagnoses(new)
            for interval in new.intervals:
                self._db.run(_INSERT_INTERVAL, **interval_row(interval))
            self._audit.notes(who, [note], visit_id=new.id, patient_id=old.patient_id)
        return self._visits.get(new.id)

    def discard(self, visit_id: int, revision: int, reason: str, who: str) -> None:
        """A visit started by mistake: its row goes (its diagnoses with it), the audit log
        keeps the reason."""
        with self._db.atomic():
            self._visits.lock(visit_id)
            old = self._visits.get(visit_id)
            note = plan_discard(old, revision, reason, current=self._visits.current(visit_id))
            self._db.run("DELETE FROM visit WHERE id = :id", id=visit_id)
            self._audit.notes(who, [note], visit_id=visit_id, patient_id=old.patient_id)

    def _intervals(self, before: Visit, after: Visit) -> None:
        """Rows for the intervals the plan added, changed or removed."""
        old = {i.id: i for i in before.intervals}
        new = {i.id: i for i in after.intervals}
        for gone in old.keys() - new.keys():
            self._db.run('DELETE FROM "interval" WHERE id = :id', id=gone)
        for interval_id, interval in new.items():
            if interval_id not in old:
                self._db.run(_INSERT_INTERVAL, **interval_row(interval))
            elif interval != old[interval_id]:
                self._db.run(_UPDATE_INTERVAL, **interval_row(interval))

    def _visit_row(self, before: Visit, after: Visit) -> None:
        """The columns the plan changed, and the revision moved on from the one locked."""
        old, new = visit_columns(before), visit_columns(after)
        changed = {name: value for name, value in new.items() if value != old[name]}
        assignments = "".join(f"{name} = :{name}, " for name in changed)  # names are ours
        touched = self._db.run(
            f"UPDATE visit SET {assignments}revision = :revision "
            "WHERE id = :id AND revision = :was",
            **changed, revision=after.revision, id=after.id, was=before.revision,
        )  # fmt: skip
        if touched != 1:  # cannot happen under the lock; kept as the rule's last word
            raise ChangedElsewhereError(after.id)

    def _add_diagnoses(self, visit: Visit) -> None:
        """The visit's own diagnoses, in slot order."""
        if not visit.diagnoses:
            return
        self._db.run(
            "INSERT INTO visit_diagnosis (visit_id, position, code, description) "
            "SELECT :id, slot, code, description FROM unnest(CAST(:codes AS text[]), "
            "CAST(:descriptions AS text[])) WITH ORDINALITY AS d (code, description, slot)",
            id=visit.id, codes=[d.code for d in visit.diagnoses],
            descriptions=[d.description for d in visit.diagnoses],
        )  # fmt: skip
