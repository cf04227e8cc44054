"""After a crash: an interval left running comes back with its gap; the therapist decides.

Nothing is billed or dropped silently: ending at the last heartbeat bills only the time the
program saw; keeping it running bills the gap too, and says so in the visit's history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from timer_app.session.errors import TimerError
from timer_app.session.model import Interval, IntervalRecovered
from timer_app.session.rules import ms_between

HEARTBEAT_SECONDS = 5.0  # the longest unseen gap a crash can leave...
BEAT_EVERY_SECONDS = 0.8 * HEARTBEAT_SECONDS  # ...when the caller beats this often while timing


@dataclass(frozen=True, slots=True)
class RecoveredInterval:
    """A running interval found after the program stopped unexpectedly."""

    interval: Interval
    last_heartbeat: datetime  # the last moment the program was known to be alive
    gap_seconds: int  # from the last heartbeat (or the start, if later) to now

    @property
    def message(self) -> str:
        minutes, seconds = divmod(self.gap_seconds, 60)
        return (
            f"{self.interval.code} was still running when the program stopped. "
            f"{minutes} min {seconds:02d} s passed unseen: end it when the program stopped, "
            f"or keep it running if the treatment went on."
        )


def recover(interval: Interval, last_heartbeat: datetime, now: datetime) -> RecoveredInterval:
    _require_running(interval)
    seen_until = max(last_heartbeat, interval.start)
    return RecoveredInterval(interval, last_heartbeat, ms_between(seen_until, now) // 1000)


def _require_running(interval: Interval) -> None:
    if not interval.running:
        raise TimerError(f"{interval.code} has already ended; there is nothing to recover.")


def ended_at_heartbeat(interval: Interval, last_heartbeat: datetime) -> Interval:
    """The interval ended at the last heartbeat: only the time the program saw is kept."""
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

    The interval itself is unchanged (it counts from its wall start, gap included); the
    change records the choice and the gap in the visit's history.
    """
    interval = recovered.interval
    _require_running(interval)
    reason = (
        f"kept running after the program stopped; last seen alive at "
        f"{recovered.last_heartbeat.isoformat(timespec='seconds')}, "
        f"{recovered.gap_seconds} s unseen billed"
    )
    return IntervalRecovered(interval, interval, reason)
