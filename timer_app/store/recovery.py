"""Heartbeat: the last moment the program was known to be alive, and what it left running.

While anything runs the caller's timer calls `beat()` every few seconds (and every stored
write counts as one). On the next start each interval with no end comes back with the last
sign of life; the therapist decides (`timer_app.clinic.treatment`).
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from timer_app.session.clock import Clock
from timer_app.session.model import Interval
from timer_app.store.convert import interval_from, utc_from, utc_text
from timer_app.store.schema import HEARTBEAT, INTERVAL

_BEAT_ROW = 1


def write_beat(db: Database, moment: datetime) -> None:
    db.execute(
        f"INSERT INTO {HEARTBEAT} (id, at) VALUES (?, ?) "
        "ON CONFLICT (id) DO UPDATE SET at = excluded.at",
        [_BEAT_ROW, utc_text(moment)],
    )


class Heartbeat:
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

    def running_intervals(self) -> list[Interval]:
        """Every interval with no end, oldest first."""
        rows = self._db.query(f'SELECT * FROM {INTERVAL} WHERE "end" IS NULL ORDER BY start')
        return [interval_from(row) for row in rows]
