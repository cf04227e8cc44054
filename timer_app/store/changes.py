"""Writing what the timer engine did: one batch of changes, one transaction.

An interval is inserted when it starts and updated when it ends, so a crash can lose at
most the seconds since the last heartbeat. Signed visits are refused: they change only
through `amend`, which copies them into a new version and says why in the audit log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, replace
from typing import Any

from sqlite_utils import Database

from timer_app.errors import UserError
from timer_app.session.clock import Clock
from timer_app.session.model import (
    Change,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.store.audit import AuditLog
from timer_app.store.convert import inserted_id, interval_row, utc_text
from timer_app.store.records import Visit
from timer_app.store.recovery import write_beat
from timer_app.store.schema import INTERVAL, VISIT, VISIT_DIAGNOSIS
from timer_app.store.visits import CURRENT, VisitRepository, require_editable

# what a batch may do to a visit's status; billing has its own method
ENGINE_MOVES = {
    (VisitStatus.OPEN, VisitStatus.FINISHED),
    (VisitStatus.FINISHED, VisitStatus.OPEN),
    (VisitStatus.FINISHED, VisitStatus.SIGNED),
}


class ChangeWriter:
    def __init__(
        self, db: Database, clock: Clock, audit: AuditLog, visits: VisitRepository
    ) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self._visits = visits

    def apply(self, changes: Iterable[Change], who: str, *, beat: bool = True) -> None:
        """Write the batch in order, all or nothing, and count it as a heartbeat."""
        with self._db.atomic():
            for change in changes:
                self._write(change, who)
            if beat:
                write_beat(self._db, self._clock.now())

    def sign(self, visit_id: int, clinician_id: int, who: str) -> Visit:
        """Sign a finished visit now; from then on it changes only by amendment."""
        signing = VisitStatusChanged(visit_id, VisitStatus.SIGNED, clinician_id, self._clock.now())
        self.apply([signing], who)
        return self._visits.get(visit_id)

    def mark_billed(self, visit_id: int, who: str) -> Visit:
        visit = self._visits.get(visit_id)
        if visit.status is not VisitStatus.SIGNED:
            raise UserError(
                f"visit {visit_id} is {visit.status.value}; only a signed visit is billed"
            )
        with self._db.atomic():
            self._db.table(VISIT).update(visit_id, {"status": VisitStatus.BILLED.value})
            self._audit.record(
                who, "visit status", visit_id=visit_id,
                before={"status": "signed"}, after={"status": "billed"},
            )  # fmt: skip
        return self._visits.get(visit_id)

    def amend(self, visit_id: int, reason: str, who: str) -> Visit:
        """A new, editable version of a signed visit, with copies of its intervals."""
        if not reason.strip():
            raise UserError("an amendment needs a reason; say what is being corrected and why")
        old = self._visits.get(visit_id)
        if old.editable:
            raise UserError(f"visit {visit_id} is not signed yet; change it directly")
        self._require_current(old)
        with self._db.atomic():
            new_id = self._copy_visit(old)
            self._audit.record(
                who, "visit amended", visit_id=new_id,
                before={"visit_id": old.id, "version": old.version},
                after={"visit_id": new_id, "version": old.version + 1}, reason=reason.strip(),
            )  # fmt: skip
        return self._visits.get(new_id)

    def _copy_visit(self, old: Visit) -> int:
        row = self._db.execute(f"SELECT * FROM {VISIT} WHERE id = ?", [old.id])
        names = [d[0] for d in row.description]
        values = dict(zip(names, row.fetchone(), strict=True))
        values.update(
            id=None, status=VisitStatus.FINISHED.value, signed_by=None, signed_at=None,
            version=old.version + 1, amends_id=old.id, created_at=utc_text(self._clock.now()),
        )  # fmt: skip
        new_id = inserted_id(self._db.table(VISIT).insert(values))
        self._db.execute(
            f"INSERT INTO {VISIT_DIAGNOSIS} (visit_id, position, code, description) "
            f"SELECT ?, position, code, description FROM {VISIT_DIAGNOSIS} WHERE visit_id = ?",
            [new_id, old.id],
        )
        copies = [replace(i, id=uuid.uuid4().hex, visit_id=new_id) for i in old.intervals]
        self._db.table(INTERVAL).insert_all(interval_row(i) for i in copies)
        return new_id

    def _write(self, change: Change, who: str) -> None:
        if isinstance(change, VisitStatusChanged):
            self._status(change, who)
            return
        interval = change.after if isinstance(change, IntervalEdited) else change.interval
        self._editable_current(interval.visit_id)
        table = self._db.table(INTERVAL)
        if isinstance(change, IntervalStarted):
            table.insert(interval_row(interval))
        elif isinstance(change, IntervalRemoved):
            self._existing(interval.id)
            table.delete(interval.id)
        elif isinstance(change, IntervalEnded | IntervalReopened):
            self._existing(interval.id)
            table.update(interval.id, _ending(interval, ended=isinstance(change, IntervalEnded)))
        else:
            self._edit(change, who)

    def _edit(self, change: IntervalEdited, who: str) -> None:
        if not change.reason.strip():
            raise UserError("an edit needs a reason; say what was wrong")
        self._existing(change.before.id)
        if change.before.visit_id != change.after.visit_id:
            raise UserError("an interval cannot move to another visit; stop and start it there")
        self._db.table(INTERVAL).update(change.before.id, interval_row(change.after))
        self._audit.record(
            who, "interval edited", visit_id=change.after.visit_id,
            before=_plain(change.before), after=_plain(change.after), reason=change.reason,
        )  # fmt: skip

    def _status(self, change: VisitStatusChanged, who: str) -> None:
        visit = self._editable_current(change.visit_id)
        move = (visit.status, VisitStatus(change.status))
        if move[0] is move[1]:
            return
        if move not in ENGINE_MOVES:
            raise UserError(
                f"visit {visit.id} cannot go from {move[0].value} to {move[1].value}; "
                "end it before signing, and bill it only once signed"
            )
        row: dict[str, Any] = {"status": move[1].value}
        if move[1] is VisitStatus.SIGNED:
            row |= self._signature(visit, change)
        self._db.table(VISIT).update(visit.id, row)
        what = "visit signed" if move[1] is VisitStatus.SIGNED else "visit status"
        self._audit.record(
            who, what, visit_id=visit.id, before={"status": move[0].value}, after=row
        )

    def _signature(self, visit: Visit, change: VisitStatusChanged) -> dict[str, Any]:
        if change.by is None:
            raise ValueError("a signature needs the clinician who signs")
        if any(i.end is None for i in visit.intervals):
            raise UserError(f"visit {visit.id} has a code still running; stop it before signing")
        return {"signed_by": change.by, "signed_at": utc_text(change.at or self._clock.now())}

    def _editable_current(self, visit_id: int) -> Visit:
        visit = self._visits.get(visit_id)
        require_editable(visit)
        self._require_current(visit)
        return visit

    def _require_current(self, visit: Visit) -> None:
        sql = f"SELECT 1 FROM {VISIT} v WHERE v.id = ? AND {CURRENT}"
        if not list(self._db.query(sql, [visit.id])):
            raise UserError(f"visit {visit.id} has been amended; change its latest version instead")

    def _existing(self, interval_id: str) -> None:
        if not self._db.table(INTERVAL).count_where("id = ?", [interval_id]):
            raise UserError(f"no interval {interval_id} in the store; reload the visit")


def _ending(interval: Interval, *, ended: bool) -> dict[str, Any]:
    if ended and interval.end is None:
        raise ValueError("an ended interval must carry its end")
    row = interval_row(interval)
    if not ended:
        return {"end": None, "duration_ms": 0}
    return {"end": row["end"], "duration_ms": row["duration_ms"]}


def _plain(interval: Interval) -> dict[str, Any]:
    return {k: v for k, v in asdict(interval).items() if k != "visit_id"}
