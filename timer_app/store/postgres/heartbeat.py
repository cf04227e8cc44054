"""This computer's sign of life on the clinic server, and the intervals it left running.

The server keeps one heartbeat per workstation (its database role): the front desk's beat
says nothing about Room 2, and a computer asks after a crash only about the intervals it
started itself (`timer_app.session.recovery` decides what they bill).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from timer_app.session.clock import Clock
from timer_app.session.model import Interval
from timer_app.session.recovery import LastSign, Reading
from timer_app.store.postgres.database import Database
from timer_app.store.postgres.values import interval_from, utc

_SIGN_OF_LIFE = (
    "INSERT INTO heartbeat (at, mono_ms, boot) VALUES (:at, :mono_ms, :boot) "
    "ON CONFLICT (workstation) DO UPDATE SET at = excluded.at, mono_ms = excluded.mono_ms, "
    "boot = excluded.boot"
)
_BEAT = (
    "INSERT INTO heartbeat (at, mono_ms, boot, seen, seen_mono_ms, held) "
    "VALUES (:at, :mono_ms, :boot, :seen, :mono_ms, :held) "
    "ON CONFLICT (workstation) DO UPDATE SET at = excluded.at, mono_ms = excluded.mono_ms, "
    "boot = excluded.boot, seen = excluded.seen, seen_mono_ms = excluded.seen_mono_ms, "
    "held = excluded.held"
)


class Heartbeat:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def sign_of_life(self) -> None:
        """A write is a sign of life: when, on both clocks; what was seen stays."""
        reading = self._read_clock()
        self._db.run(_SIGN_OF_LIFE, at=utc(reading.wall), mono_ms=reading.mono_ms,
                     boot=reading.boot)  # fmt: skip

    def beat(self, seen: Mapping[str, int], held: Mapping[str, int]) -> None:
        """Alive now, and how long each running interval was seen (`held`: recoveries
        still waiting for an answer)."""
        reading = self._read_clock()
        with self._db.atomic():
            self._db.run(
                _BEAT, at=utc(reading.wall), mono_ms=reading.mono_ms, boot=reading.boot,
                seen=_ids(seen), held=_ids(held),
            )  # fmt: skip

    def last_sign(self) -> LastSign | None:
        row = self._db.one("SELECT * FROM heartbeat WHERE workstation = current_user")
        if row is None:
            return None
        reading = Reading(utc(row["at"]), row["mono_ms"] or 0, row["boot"] or "")
        return LastSign(
            reading, json.loads(row["seen"]), row["seen_mono_ms"], json.loads(row["held"]),
            row["mono_ms"] is not None,
        )  # fmt: skip

    def running_intervals(self) -> list[Interval]:
        """Every interval this computer started and nobody ended, oldest first."""
        rows = self._db.rows(
            'SELECT id, visit_id, code, clinician_id, start, "end", duration_ms '
            'FROM "interval" WHERE "end" IS NULL AND workstation = current_user '
            "ORDER BY start, id"
        )
        return [interval_from(row) for row in rows]

    def _read_clock(self) -> Reading:
        clock = self._clock
        return Reading(clock.now(), int(clock.monotonic() * 1000), clock.boot())


def _ids(amounts: Mapping[str, int]) -> str:
    return json.dumps({key: int(ms) for key, ms in amounts.items()}, sort_keys=True)
