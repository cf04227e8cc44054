"""Writing one visit's changes: the shared plan (`records.visit_writes`), persisted here.

An interval is inserted when it starts and updated when it ends, so a crash can lose at
most the seconds since the last heartbeat. Every write checks the visit's revision and
moves it on; every batch is one transaction and counts as a heartbeat.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from timer_app.records import DiagnosesSet, Visit, VisitChange
from timer_app.records.visit_writes import (
    amended_copy,
    amended_payer,
    plan_amend,
    plan_discard,
    plan_write,
)
from timer_app.session.clock import Clock
from timer_app.store.audit import AuditLog
from timer_app.store.convert import (
    inserted_id,
    interval_row,
    pointers_text,
    signed_lines_text,
    units_text,
    utc_text,
)
from timer_app.store.recovery import read_clock, write_beat
from timer_app.store.schema import INTERVAL, VISIT, VISIT_DIAGNOSIS, new_uuid
from timer_app.store.visits import CURRENT, VisitRepository


class VisitWriter:
    def __init__(
        self, db: Database, clock: Clock, audit: AuditLog, visits: VisitRepository
    ) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self._visits = visits

    def write(
        self, visit_id: int, revision: int, changes: Sequence[VisitChange], who: str
    ) -> Visit:
        """Store the batch in order, all or nothing, if the visit is still at `revision`."""
        with self._db.atomic():
            stored = self._visits.get(visit_id)
            plan = plan_write(stored, revision, changes, current=self._current(visit_id))
            if changes:
                self._intervals(stored, plan.visit)
                self._visit_row(plan.visit, changes)
                for note in plan.notes:
                    self._audit.note(who, note, visit_id)
            write_beat(self._db, read_clock(self._clock))
        return self._visits.get(visit_id)

    def amend(self, visit_id: int, revision: int, reason: str, who: str) -> Visit:
        """A new, editable version of a signed visit, with copies of its intervals."""
        with self._db.atomic():
            old = self._visits.get(visit_id)
            note = plan_amend(old, revision, reason, current=self._current(visit_id))
            new_id = self._copy_row(old)
            new = amended_copy(old, new_id)
            self._db.table(INTERVAL).insert_all(interval_row(i) for i in new.intervals)
            self._audit.note(who, note, new_id)
        return self._visits.get(new_id)

    def discard(self, visit_id: int, revision: int, reason: str, who: str) -> None:
        """A visit started by mistake: its row goes, the audit log keeps the reason."""
        with self._db.atomic():
            old = self._visits.get(visit_id)
            note = plan_discard(old, revision, reason, current=self._current(visit_id))
            self._db.execute(f"DELETE FROM {VISIT_DIAGNOSIS} WHERE visit_id = ?", [visit_id])
            self._db.execute(f"DELETE FROM {VISIT} WHERE id = ?", [visit_id])
            self._audit.note(who, note, visit_id)

    def _current(self, visit_id: int) -> bool:
        sql = f"SELECT 1 FROM {VISIT} v WHERE v.id = ? AND {CURRENT}"
        return bool(list(self._db.query(sql, [visit_id])))

    def _intervals(self, before: Visit, after: Visit) -> None:
        """Rows for the intervals the plan added, changed or removed."""
        table = self._db.table(INTERVAL)
        old = {i.id: i for i in before.intervals}
        new = {i.id: i for i in after.intervals}
        for interval_id in old.keys() - new.keys():
            table.delete(interval_id)
        for interval_id, interval in new.items():
            if interval_id not in old:
                table.insert(interval_row(interval))
            elif interval != old[interval_id]:
                table.update(interval_id, interval_row(interval))

    def _visit_row(self, visit: Visit, changes: Sequence[VisitChange]) -> None:
        row: dict[str, Any] = {
            "status": visit.status.value,
            "signed_by": visit.signed_by,
            "signed_at": None if visit.signed_at is None else utc_text(visit.signed_at),
            "signed_digest": visit.signed_digest,
            "signed_workstation": visit.signed_workstation or None,
            "signed_lines": signed_lines_text(visit.signed_lines),
            "chosen_units": units_text(visit.chosen_units),
            "diagnosis_pointers": pointers_text(visit.diagnosis_pointers),
            "shared_minutes_to": json.dumps(list(visit.shared_minutes_to)),
            "revision": visit.revision,
            "episode_id": visit.episode_id,
            "place_of_service": visit.place_of_service,
            "audio_only": int(visit.audio_only),
            "progress_report": int(visit.progress_report),
            "billing_payer_id": visit.billing_payer_id,
        }
        self._db.table(VISIT).update(visit.id, row)
        if any(isinstance(change, DiagnosesSet) for change in changes):
            self._db.execute(f"DELETE FROM {VISIT_DIAGNOSIS} WHERE visit_id = ?", [visit.id])
            self._db.table(VISIT_DIAGNOSIS).insert_all(
                {"visit_id": visit.id, "position": slot, "code": d.code,
                 "description": d.description}
                for slot, d in enumerate(visit.diagnoses, start=1)
            )  # fmt: skip

    def _copy_row(self, old: Visit) -> int:
        """The visit row and its diagnoses copied as the amendment's start."""
        row = self._db.execute(f"SELECT * FROM {VISIT} WHERE id = ?", [old.id])
        names = [d[0] for d in row.description]
        values = dict(zip(names, row.fetchone(), strict=True))
        values.update(
            id=None, uuid=new_uuid(), status="finished", signed_by=None, signed_at=None,
            revision=0, signed_digest=None, signed_workstation=None, signed_lines=None,
            version=old.version + 1, amends_id=old.id, created_at=utc_text(self._clock.now()),
            payer_id=amended_payer(old), billing_payer_id=None,
        )  # fmt: skip
        new_id = inserted_id(self._db.table(VISIT).insert(values))
        self._db.execute(
            f"INSERT INTO {VISIT_DIAGNOSIS} (visit_id, position, code, description) "
            f"SELECT ?, position, code, description FROM {VISIT_DIAGNOSIS} WHERE visit_id = ?",
            [new_id, old.id],
        )
        return new_id
