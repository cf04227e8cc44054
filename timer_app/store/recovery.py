"""Heartbeat and crash recovery: what was running when the program stopped, and since when.

While anything runs the caller's timer calls `beat()` every few seconds (and every batch of
changes counts as one). On the next start an interval with no end comes back with the last
sign of life and the gap; the person chooses. Nothing is ended, billed or dropped silently.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from timer_app.errors import UserError
from timer_app.session.clock import Clock
from timer_app.session.model import Change
from timer_app.session.recovery import RecoveredInterval, end_at_heartbeat, keep_running, recover
from timer_app.store.convert import interval_from, utc_from, utc_text
from timer_app.store.schema import HEARTBEAT, INTERVAL

HEARTBEAT_SECONDS = 5.0  # the longest unseen gap a crash can leave...
BEAT_EVERY_SECONDS = 0.8 * HEARTBEAT_SECONDS  # ...when the caller beats this often while timing
_BEAT_ROW = 1


def write_beat(db: Database, moment: datetime) -> None:
    db.execute(
        f"INSERT INTO {HEARTBEAT} (id, at) VALUES (?, ?) "
        "ON CONFLICT (id) DO UPDATE SET at = excluded.at",
        [_BEAT_ROW, utc_text(moment)],
    )


class Recovery:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def beat(self) -> datetime:
        """Record that the program is alive now, in its own committed transaction."""
        moment = self._clock.now()
        with self._db.atomic():
            write_beat(self._db, moment)
        return moment

    def last_beat(self) -> datetime | None:
        sql = f"SELECT at FROM {HEARTBEAT} WHERE id = ?"
        row = next(iter(self._db.query(sql, [_BEAT_ROW])), None)
        return None if row is None else utc_from(row["at"])

    def recovered_intervals(self) -> list[RecoveredInterval]:
        """Each interval with no end, oldest first, with the last heartbeat and the gap."""
        beat = self.last_beat()
        now = self._clock.now()
        rows = self._db.query(f'SELECT * FROM {INTERVAL} WHERE "end" IS NULL ORDER BY start')
        found = []
        for row in rows:
            interval = interval_from(row)
            # every write is a heartbeat, so a missing one only means "alive at the start"
            found.append(recover(interval, beat or interval.start, now))
        return found

    def ending(self, interval_id: str) -> tuple[Change, ...]:
        """The changes that end a recovered interval at the last sign of life."""
        found = self._find(interval_id)
        return end_at_heartbeat(found.interval, found.last_heartbeat)

    def keeping(self, interval_id: str) -> tuple[Change, ...]:
        """The changes that keep it running (an edit whose reason names the gap)."""
        found = self._find(interval_id)
        return keep_running(found.interval, found.last_heartbeat)

    def _find(self, interval_id: str) -> RecoveredInterval:
        for recovered in self.recovered_intervals():
            if recovered.interval.id == interval_id:
                return recovered
        raise UserError(f"interval {interval_id} is not waiting for recovery; reload the visit")
