"""Heartbeat: the program's last sign of life, and what it left running.

While anything runs the caller's timer calls `beat()` every few seconds with how long each
running interval has been seen (monotonic), and every stored write counts as a sign of life
too. On the next start each interval with no end comes back with that sign; the therapist
decides (`timer_app.clinic.treatment`, `timer_app.session.recovery`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlite_utils import Database

from timer_app.session.clock import Clock
from timer_app.session.model import Interval
from timer_app.session.recovery import LastSign, Reading
from timer_app.store.convert import interval_from, utc_from, utc_text
from timer_app.store.schema import HEARTBEAT, INTERVAL

_BEAT_ROW = 1


def read_clock(clock: Clock) -> Reading:
    return Reading(clock.now(), int(clock.monotonic() * 1000), clock.boot())


def write_beat(db: Database, reading: Reading) -> None:
    """A sign of life: when, on both clocks (what was seen stays as the last beat left it)."""
    db.execute(
        f"INSERT INTO {HEARTBEAT} (id, at, mono_ms, boot) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET at = excluded.at, mono_ms = excluded.mono_ms, "
        "boot = excluded.boot",
        [_BEAT_ROW, utc_text(reading.wall), reading.mono_ms, reading.boot],
    )


class Heartbeat:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def beat(self, seen: Mapping[str, int], held: Mapping[str, int]) -> datetime:
        """Record that the program is alive now and how long it has seen each running
        interval (`held`: recoveries still waiting for an answer), in its own transaction."""
        reading = read_clock(self._clock)
        with self._db.atomic():
            write_beat(self._db, reading)
            self._db.execute(
                f"UPDATE {HEARTBEAT} SET seen = ?, seen_mono_ms = ?, held = ? WHERE id = ?",
                [_ids(seen), reading.mono_ms, _ids(held), _BEAT_ROW],
            )
        return reading.wall

    def last_beat(self) -> datetime | None:
        sign = self.last_sign()
        return None if sign is None else sign.reading.wall

    def last_sign(self) -> LastSign | None:
        sql = f"SELECT * FROM {HEARTBEAT} WHERE id = ?"
        row = next(iter(self._db.query(sql, [_BEAT_ROW])), None)
        if row is None:
            return None
        measured = row["mono_ms"] is not None
        at = utc_from(row["at"])
        assert at is not None  # the column is NOT NULL
        reading = Reading(at, row["mono_ms"] or 0, row["boot"] or "")
        return LastSign(
            reading, json.loads(row["seen"]), row["seen_mono_ms"], json.loads(row["held"]),
            measured,
        )  # fmt: skip

    def running_intervals(self) -> list[Interval]:
        """Every interval with no end, oldest first."""
        rows = self._db.query(f'SELECT * FROM {INTERVAL} WHERE "end" IS NULL ORDER BY start')
        return [interval_from(row) for row in rows]


def _ids(amounts: Mapping[str, int]) -> str:
    return json.dumps({key: int(ms) for key, ms in amounts.items()}, sort_keys=True)
