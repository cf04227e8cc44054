"""After a crash: an interval left running comes back with its gap; the therapist decides.

Nothing is billed or dropped silently: ending it when the program was last seen bills only
the time the program saw; keeping it running bills the gap too, and says so in the
visit's history.

Time is measured, not read off the wall clock. While anything runs the program leaves a
sign of life every few seconds (`LastSign`): the wall time, the monotonic clock with the
boot it belongs to, and how long each running interval had been seen on the monotonic
clock. A wall clock set back cannot erase seen time, one set forward cannot bill unseen
time; the gap since the last sign is measured on the monotonic clock when the computer
was not restarted meanwhile, else (a power cut) on the wall clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from timer_app.session.errors import TimerError
from timer_app.session.model import Interval, IntervalRecovered
from timer_app.session.rules import ms_between

HEARTBEAT_SECONDS = 5.0  # the longest unseen gap a crash can leave...
BEAT_EVERY_SECONDS = 0.8 * HEARTBEAT_SECONDS  # ...when the caller beats this often while timing
CLOCK_MOVED_MS = 60_000  # a wall clock this far off the measured time is said


@dataclass(frozen=True, slots=True)
class Reading:
    """The clock read once: wall time (UTC), monotonic ms, the boot they belong to."""

    wall: datetime
    mono_ms: int
    boot: str = ""  # "" when the computer cannot tell one boot from the next


@dataclass(frozen=True, slots=True)
class LastSign:
    """The last sign of life a stopped program left."""

    reading: Reading
    # interval id -> ms seen running, as of `seen_mono_ms` (the last regular heartbeat)
    seen: Mapping[str, int] = field(default_factory=dict)
    seen_mono_ms: int | None = None
    # interval id -> ms seen, frozen: a recovery still waiting for the therapist's answer
    held: Mapping[str, int] = field(default_factory=dict)
    measured: bool = True  # False: a file from before monotonic readings were kept


@dataclass(frozen=True, slots=True)
class RecoveredInterval:
    """A running interval found after the program stopped unexpectedly."""

    interval: Interval
    last_heartbeat: datetime  # the interval's last seen moment: its start + the time seen
    gap_seconds: int  # unseen since then, until it was found
    found: Reading | None = None  # when it was found
    clock_moved_ms: int = 0  # how far the wall clock disagrees with the measured time

    @property
    def seen_ms(self) -> int:
        return ms_between(self.interval.start, self.last_heartbeat)

    @property
    def message(self) -> str:
        minutes, seconds = divmod(self.gap_seconds, 60)
        return (
            f"{self.interval.code} was still running when the program stopped. "
            f"{minutes} min {seconds:02d} s passed unseen: end it when the program stopped, "
            f"or keep it running if the treatment went on.{self.clock_words}"
        )

    @property
    def clock_words(self) -> str:
        """A sentence when the computer's clock moved meanwhile ("" otherwise)."""
        if abs(self.clock_moved_ms) < CLOCK_MOVED_MS:
            return ""
        way = "forward" if self.clock_moved_ms > 0 else "back"
        minutes = abs(self.clock_moved_ms) // 60_000
        return (
            f" The computer's clock was moved {way} by about {minutes // 60} h "
            f"{minutes % 60:02d} min meanwhile; these times are measured, not read off it."
        )


def recover(interval: Interval, sign: LastSign | None, now: Reading) -> RecoveredInterval:
    """The interval as the program last saw it, and the gap since, measured."""
    _require_running(interval)
    seen = _seen_ms(interval, sign)
    gap = _gap_ms(interval, sign, seen, now)
    by_wall = (now.wall - interval.start) // timedelta(milliseconds=1)
    moved = by_wall - (seen + gap)
    last_seen = interval.start + timedelta(milliseconds=seen)
    return RecoveredInterval(interval, last_seen, gap // 1000, now, moved)


def _seen_ms(interval: Interval, sign: LastSign | None) -> int:
    """How long the program saw the interval running (the monotonic clock's count)."""
    if sign is None:
        return 0  # it was alive when the interval started (it wrote the row), no later
    if interval.id in sign.held:
        return sign.held[interval.id]
    since_snapshot = _since_snapshot(sign)
    if interval.id in sign.seen and since_snapshot is not None:
        return sign.seen[interval.id] + since_snapshot
    by_wall = ms_between(interval.start, sign.reading.wall)
    # started after the last snapshot: it cannot have run longer than the time since
    return by_wall if since_snapshot is None else min(by_wall, since_snapshot)


def _since_snapshot(sign: LastSign) -> int | None:
    if sign.seen_mono_ms is None or not sign.measured:
        return None
    return max(sign.reading.mono_ms - sign.seen_mono_ms, 0)


def _gap_ms(interval: Interval, sign: LastSign | None, seen: int, now: Reading) -> int:
    """Unseen time since the last sign of life: on the monotonic clock when the computer
    ran on without a restart, else on the wall clock from the last seen moment."""
    if (
        sign is not None
        and sign.measured
        and interval.id not in sign.held
        and sign.reading.boot
        and sign.reading.boot == now.boot
        and now.mono_ms >= sign.reading.mono_ms
    ):
        return now.mono_ms - sign.reading.mono_ms
    return ms_between(interval.start + timedelta(milliseconds=seen), now.wall)


def _require_running(interval: Interval) -> None:
    if not interval.running:
        raise TimerError(f"{interval.code} has already ended; there is nothing to recover.")


def ended_at_heartbeat(interval: Interval, last_heartbeat: datetime) -> Interval:
    """The interval ended at its last seen moment: only the time the program saw is kept."""
    _require_running(interval)
    end = max(last_heartbeat, interval.start)  # it was alive at the start: it wrote the row
    return replace(interval, end=end, duration_ms=ms_between(interval.start, end))


def end_at_heartbeat(recovered: RecoveredInterval) -> IntervalRecovered:
    """End a recovered interval when the program was last seen alive: the gap is not billed."""
    interval = recovered.interval
    ended = ended_at_heartbeat(interval, recovered.last_heartbeat)
    reason = (
        f"ended when the program was last seen alive "
        f"({recovered.last_heartbeat.isoformat(timespec='seconds')}); "
        f"{recovered.gap_seconds} s unseen not billed"
    )
    return IntervalRecovered(interval, ended, reason)


def keep_running(recovered: RecoveredInterval) -> IntervalRecovered:
    """Keep a recovered interval running: the treatment went on, the gap is billed.

    The stored interval is unchanged (it has no end yet); the timer counts it from the
    time seen plus the measured gap (`kept_ms`), and the change records the choice and
    the gap in the visit's history.
    """
    interval = recovered.interval
    _require_running(interval)
    reason = (
        f"kept running after the program stopped; last seen alive at "
        f"{recovered.last_heartbeat.isoformat(timespec='seconds')}, "
        f"{recovered.gap_seconds} s unseen billed"
    )
    return IntervalRecovered(interval, interval, reason)


def kept_ms(recovered: RecoveredInterval, now: Reading) -> int:
    """A kept interval's time now: seen, the gap, and what passed since it was found."""
    found = recovered.found
    since = 0 if found is None else max(now.mono_ms - found.mono_ms, 0)
    return recovered.seen_ms + recovered.gap_seconds * 1000 + since
