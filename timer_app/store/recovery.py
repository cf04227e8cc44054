"""Heartbeat and crash recovery: what was running when the program stopped, and since when.

While anything runs the caller's timer calls `beat()` every few seconds (and every batch of
changes counts as one). On the next start an interval with no end comes back with the last
sign of life and the gap; the person chooses. Nothing is ended, billed or dropped silently.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from timer_app.errors import UserError
from timer_app.session.clock import Clock
from timer_app.store.audit import AuditLog
from timer_app.store.convert import interval_from, utc_from, utc_text
from timer_app.store.records import RecoveredInterval
from timer_app.store.schema import HEARTBEAT, INTERVAL

HEARTBEAT_SECONDS = 5.0  # how often the window's timer should call beat() while timing
_BEAT_ROW = 1


def write_beat(db: Database, moment: datetime) -> None:
    db.execute(
        f"INSERT INTO {HEARTBEAT} (id, at) VALUES (?, ?) "
        "ON CONFLICT (id) DO UPDATE SET at = excluded.at",
        [_BEAT_ROW, utc_text(moment)],
    )


class Recovery:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def beat(self) -> datetime:
        """Record that the program is alive now, in its own committed transaction."""
        moment = self._clock.now()
        with self._db.atomic():
            write_beat(self._db, moment)
        return moment

    def last_beat(self) -> datetime | None:
        row = next(
            iter(self._db.query(f"SELECT at FROM {HEARTBEAT} WHERE id = ?", [_BEAT_ROW])), None
        )
        return None if row is None else utc_from(row["at"])

    def recovered_intervals(self) -> list[RecoveredInterval]:
        """Each interval with no end, oldest first, with the last heartbeat and the gap."""
        beat = self.last_beat()
        now = self._clock.now()
        rows = self._db.query(f'SELECT * FROM {INTERVAL} WHERE "end" IS NULL ORDER BY start')
        found = []
        for row in rows:
            interval = interval_from(row)
            alive = interval.start if beat is None else max(interval.start, beat)
            found.append(RecoveredInterval(interval, beat, max(now - alive, timedelta(0))))
        return found

    def end_at_heartbeat(self, interval_id: str, who: str) -> RecoveredInterval:
        """End a recovered interval at the last sign of life: the unknown gap is not billed."""
        recovered = self._find(interval_id)
        end = recovered.alive_until
        ms = int((end - recovered.interval.start).total_seconds() * 1000)
        with self._db.atomic():
            self._db.table(INTERVAL).update(interval_id, {"end": utc_text(end), "duration_ms": ms})
            self._record(recovered, who, "ended at the last heartbeat", {"end": utc_text(end)})
        return recovered

    def keep_running(self, interval_id: str, who: str) -> RecoveredInterval:
        """The treatment went on: the interval stays open; the choice is logged."""
        recovered = self._find(interval_id)
        with self._db.atomic():
            self._record(recovered, who, "kept running after a stop", {"end": None})
        return recovered

    def _find(self, interval_id: str) -> RecoveredInterval:
        for recovered in self.recovered_intervals():
            if recovered.interval.id == interval_id:
                return recovered
        raise UserError(f"interval {interval_id} is not waiting for recovery; reload the visit")

    def _record(
        self, recovered: RecoveredInterval, who: str, reason: str, after: dict[str, object]
    ) -> None:
        interval = recovered.interval
        self._audit.record(
            who, "interval recovered", visit_id=interval.visit_id,
            before={"id": interval.id, "code": interval.code, "start": utc_text(interval.start),
                    "end": None, "gap_seconds": round(recovered.gap.total_seconds(), 3)},
            after={"id": interval.id, **after}, reason=reason,
        )  # fmt: skip
