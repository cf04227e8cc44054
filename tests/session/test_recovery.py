"""After a crash: the running interval comes back with its gap; nothing is silently billed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.session.conftest import VISIT_ID, make_timer
from timer_app.session import (
    FakeClock,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalReopened,
    TimerError,
    end_at_heartbeat,
    keep_running,
    recover,
)


@pytest.fixture
def stored(clock: FakeClock) -> Interval:
    """97110 started 20 minutes before the program came back; the last heartbeat was at 12."""
    return Interval("c" * 32, VISIT_ID, "97110", 7, clock.now() - timedelta(minutes=20), None)


def test_recover_reports_the_gap_since_the_last_heartbeat(
    stored: Interval, clock: FakeClock
) -> None:
    beat = stored.start + timedelta(minutes=12)
    found = recover(stored, beat, clock.now())
    assert (found.interval, found.last_heartbeat, found.gap_seconds) == (stored, beat, 8 * 60)
    assert "8 min 00 s passed unseen" in found.message and "97110" in found.message


def test_a_heartbeat_older_than_the_start_counts_the_gap_from_the_start(
    stored: Interval, clock: FakeClock
) -> None:
    found = recover(stored, stored.start - timedelta(hours=1), clock.now())
    assert found.gap_seconds == 20 * 60


def test_end_at_heartbeat_bills_only_the_time_the_program_saw(stored: Interval) -> None:
    beat = stored.start + timedelta(minutes=12, seconds=3)
    (change,) = end_at_heartbeat(stored, beat)
    assert isinstance(change, IntervalEnded)
    assert change.interval.end == beat and change.interval.duration_ms == 723_000


def test_end_at_heartbeat_before_the_start_ends_it_at_its_start(stored: Interval) -> None:
    (change,) = end_at_heartbeat(stored, stored.start - timedelta(seconds=5))
    assert isinstance(change, IntervalEnded)
    assert change.interval.end == stored.start and change.interval.duration_ms == 0


def test_keep_running_leaves_the_interval_open_and_writes_the_choice(stored: Interval) -> None:
    beat = stored.start + timedelta(minutes=12)
    (change,) = keep_running(stored, beat)
    assert isinstance(change, IntervalEdited)
    assert change.before == change.after == stored
    assert "kept running" in change.reason and beat.isoformat(timespec="seconds") in change.reason


@pytest.mark.parametrize("helper", [end_at_heartbeat, keep_running])
def test_an_ended_interval_is_not_recovered(stored: Interval, helper: object) -> None:
    ended = Interval(stored.id, VISIT_ID, "97110", 7, stored.start, stored.start, 0)
    with pytest.raises(TimerError, match="already ended"):
        helper(ended, stored.start)  # type: ignore[operator]


def test_the_timer_ends_a_recovered_interval_at_the_heartbeat(
    stored: Interval, clock: FakeClock
) -> None:
    timer = make_timer(clock, intervals=(stored,))
    beat = stored.start + timedelta(minutes=12)
    (found,) = timer.recovered(beat)
    assert found.gap_seconds == 8 * 60
    (change,) = timer.end_at_heartbeat(stored.id, beat)
    assert change == end_at_heartbeat(stored, beat)[0]
    clock.advance(600)
    assert timer.snapshot().code("97110").elapsed_seconds == 12 * 60
    assert timer.undo() == (IntervalReopened(stored),)
    assert timer.snapshot().code("97110").elapsed_seconds == 30 * 60


def test_the_timer_keeps_a_recovered_interval_running_gap_included(
    stored: Interval, clock: FakeClock
) -> None:
    timer = make_timer(clock, intervals=(stored,))
    beat = stored.start + timedelta(minutes=12)
    assert timer.keep_running(stored.id, beat) == keep_running(stored, beat)
    clock.advance(60)
    assert timer.snapshot().code("97110").elapsed_seconds == 21 * 60
    assert timer.running == (stored,)


def test_a_restored_visit_must_hold_only_its_own_intervals(
    stored: Interval, clock: FakeClock
) -> None:
    other = Interval("d" * 32, VISIT_ID + 1, "97110", 7, stored.start, None)
    with pytest.raises(TimerError, match="belongs to visit 42"):
        make_timer(clock, intervals=(stored, other))
