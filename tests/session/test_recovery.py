"""After a crash: the running interval comes back with its gap; nothing is silently billed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.session.conftest import VISIT_ID, make_timer
from timer_app.session import (
    FakeClock,
    Interval,
    IntervalEdited,
    IntervalRecovered,
    LastSign,
    Reading,
    RecoveredInterval,
    TimerError,
    end_at_heartbeat,
    keep_running,
    recover,
)


def wall_sign(beat: datetime) -> LastSign:
    """A sign of life as a file from before monotonic readings were kept has it."""
    return LastSign(Reading(beat, 0, ""), measured=False)


def now(clock: FakeClock) -> Reading:
    return Reading(clock.now(), int(clock.monotonic() * 1000), "")


@pytest.fixture
def stored(clock: FakeClock) -> Interval:
    """97110 started 20 minutes before the program came back; the last heartbeat was at 12."""
    return Interval("c" * 32, VISIT_ID, "97110", 7, clock.now() - timedelta(minutes=20), None)


def test_recover_reports_the_gap_since_the_last_heartbeat(
    stored: Interval, clock: FakeClock
) -> None:
    beat = stored.start + timedelta(minutes=12)
    found = recover(stored, wall_sign(beat), now(clock))
    assert (found.interval, found.last_heartbeat, found.gap_seconds) == (stored, beat, 8 * 60)
    assert "8 min 00 s passed unseen" in found.message and "97110" in found.message


def test_a_heartbeat_older_than_the_start_counts_the_gap_from_the_start(
    stored: Interval, clock: FakeClock
) -> None:
    found = recover(stored, wall_sign(stored.start - timedelta(hours=1)), now(clock))
    assert found.gap_seconds == 20 * 60


def gap(stored: Interval, beat: timedelta, clock: FakeClock) -> RecoveredInterval:
    return recover(stored, wall_sign(stored.start + beat), now(clock))


def test_end_at_heartbeat_bills_only_the_time_the_program_saw(
    stored: Interval, clock: FakeClock
) -> None:
    change = end_at_heartbeat(gap(stored, timedelta(minutes=12, seconds=3), clock))
    assert isinstance(change, IntervalRecovered) and change.before == stored
    assert change.after.end == stored.start + timedelta(minutes=12, seconds=3)
    assert change.after.duration_ms == 723_000
    assert "477 s unseen not billed" in change.reason


def test_end_at_heartbeat_before_the_start_ends_it_at_its_start(
    stored: Interval, clock: FakeClock
) -> None:
    change = end_at_heartbeat(gap(stored, -timedelta(seconds=5), clock))
    assert change.after.end == stored.start and change.after.duration_ms == 0


def test_keep_running_leaves_the_interval_open_and_writes_the_choice(
    stored: Interval, clock: FakeClock
) -> None:
    found = gap(stored, timedelta(minutes=12), clock)
    change = keep_running(found)
    assert isinstance(change, IntervalRecovered)
    assert change.before == change.after == stored
    assert "kept running" in change.reason and "480 s unseen billed" in change.reason
    assert found.last_heartbeat.isoformat(timespec="seconds") in change.reason


@pytest.mark.parametrize("helper", [end_at_heartbeat, keep_running])
def test_an_ended_interval_is_not_recovered(
    stored: Interval, clock: FakeClock, helper: object
) -> None:
    ended = Interval(stored.id, VISIT_ID, "97110", 7, stored.start, stored.start, 0)
    found = RecoveredInterval(ended, stored.start, 0)
    with pytest.raises(TimerError, match="already ended"):
        helper(found)  # type: ignore[operator]


def test_the_timer_ends_a_recovered_interval_at_the_heartbeat(
    stored: Interval, clock: FakeClock
) -> None:
    timer = make_timer(clock, intervals=(stored,))
    beat = stored.start + timedelta(minutes=12)
    (found,) = timer.recovered(wall_sign(beat))
    assert found.gap_seconds == 8 * 60
    (change,) = timer.end_at_heartbeat(found)
    assert change == end_at_heartbeat(found)
    clock.advance(600)
    assert timer.snapshot().code("97110").elapsed_seconds == 12 * 60
    (undone,) = timer.undo()
    assert isinstance(undone, IntervalEdited) and undone.after == stored
    assert timer.snapshot().code("97110").elapsed_seconds == 30 * 60


def test_the_timer_keeps_a_recovered_interval_running_gap_included(
    stored: Interval, clock: FakeClock
) -> None:
    timer = make_timer(clock, intervals=(stored,))
    (found,) = timer.recovered(wall_sign(stored.start + timedelta(minutes=12)))
    assert timer.keep_running(found) == (keep_running(found),)
    clock.advance(60)
    assert timer.snapshot().code("97110").elapsed_seconds == 21 * 60
    assert timer.running == (stored,)


def test_a_restored_visit_must_hold_only_its_own_intervals(
    stored: Interval, clock: FakeClock
) -> None:
    other = Interval("d" * 32, VISIT_ID + 1, "97110", 7, stored.start, None)
    with pytest.raises(TimerError, match="belongs to visit 42"):
        make_timer(clock, intervals=(stored, other))
