"""Daylight saving: local times per instant from the zone database, durations from UTC.

The US changes on 2027-03-14 (02:00 EST -> 03:00 EDT: 02:xx never happens) and on
2026-11-01 (02:00 EDT -> 01:00 EST: 01:xx happens twice). The clinic's zone used to be the
offset in force when the program started, so the other side of a change read 1 h off.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.session.conftest import Applying
from timer_app.billing import Discipline, profile_for_rule
from timer_app.local_zone import instants_at, wall_clock
from timer_app.session import FakeClock, Interval, TimerError, VisitDay, VisitTimer
from timer_app.session.edits import typed_times

NEW_YORK = ZoneInfo("America/New_York")
SPRING = date(2027, 3, 14)  # clocks go forward at 02:00 EST
FALL = date(2026, 11, 1)  # clocks go back at 02:00 EDT


def local(day: date, hour: int, minute: int, fold: int = 0) -> datetime:
    """A wall time in New York as the UTC instant it is."""
    return datetime.combine(day, time(hour, minute, fold=fold), tzinfo=NEW_YORK).astimezone(UTC)


def timer_at(start: datetime, day: date) -> tuple[VisitTimer, FakeClock]:
    clock = FakeClock(start)
    timer = VisitTimer(
        visit_id=1, clinician_id=7, visit_date=day, tz=NEW_YORK,
        profile=profile_for_rule("cms"), discipline=Discipline.PT, clock=clock,
    )  # fmt: skip
    return Applying(timer), clock  # type: ignore[return-value]


def timed(start: datetime, day: date, minutes: int) -> tuple[VisitTimer, Interval]:
    """97110 timed on the clock from `start` for `minutes`."""
    timer, clock = timer_at(start, day)
    timer.start("97110")
    clock.advance(minutes * 60)
    timer.stop("97110")
    clock.advance(60 * 60)  # the edits below happen later that morning
    return timer, timer.intervals[0]


# --- wall times and instants ---------------------------------------------------------------


def test_a_skipped_time_has_no_instant_and_a_repeated_one_has_two() -> None:
    assert instants_at(SPRING, time(2, 30), NEW_YORK) == ()
    assert instants_at(FALL, time(1, 30), NEW_YORK) == (
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),  # 01:30 EST, an hour later
    )
    assert instants_at(FALL, time(9, 0), NEW_YORK) == (datetime(2026, 11, 1, 14, tzinfo=UTC),)
    fixed = timezone(timedelta(hours=-5))
    assert instants_at(FALL, time(1, 30), fixed) == (datetime(2026, 11, 1, 6, 30, tzinfo=UTC),)


def test_a_repeated_wall_time_names_its_offset() -> None:
    assert wall_clock(local(FALL, 1, 50), NEW_YORK) == "01:50 EDT"
    assert wall_clock(local(FALL, 1, 10, fold=1), NEW_YORK) == "01:10 EST"
    assert wall_clock(local(FALL, 9, 0), NEW_YORK) == "09:00"


# --- timed across the change: true lengths ------------------------------------------------


@pytest.mark.parametrize("day", [SPRING, FALL])
def test_a_morning_visit_on_a_change_day_is_its_true_length(day: date) -> None:
    timer, interval = timed(local(day, 9, 0), day, 25)
    assert interval.duration_ms == 25 * 60_000
    assert timer.day.clock_time(interval.start) == "09:00"
    assert timer.day.clock_time(interval.end) == "09:25"  # type: ignore[arg-type]


def test_an_interval_timed_across_fall_back_is_its_true_length() -> None:
    """01:50 EDT -> 01:10 EST: the clock reads 40 minutes back, 20 minutes passed."""
    timer, interval = timed(local(FALL, 1, 50), FALL, 20)
    assert interval.duration_ms == 20 * 60_000
    assert timer.snapshot().code("97110").elapsed_seconds == 20 * 60
    assert timer.day.clock_time(interval.start) == "01:50 EDT"
    assert timer.day.clock_time(interval.end) == "01:10 EST"  # type: ignore[arg-type]


def test_an_interval_timed_across_spring_forward_is_its_true_length() -> None:
    """01:50 EST -> 03:10 EDT: the clock reads 80 minutes on, 20 minutes passed."""
    timer, interval = timed(local(SPRING, 1, 50), SPRING, 20)
    assert interval.duration_ms == 20 * 60_000
    assert timer.day.clock_time(interval.end) == "03:10"  # type: ignore[arg-type]


# --- typed corrections -----------------------------------------------------------------------


@pytest.mark.parametrize("day", [SPRING, FALL])
def test_a_typed_end_is_stored_as_that_days_instant(day: date) -> None:
    """The 25-vs-85 bug: 09:25 typed for a visit timed from 09:00 is 25 minutes."""
    timer, interval = timed(local(day, 9, 0), day, 20)
    timer.edit_interval(interval.id, end=datetime.combine(day, time(9, 25)), reason="late stop")
    edited = timer.interval(interval.id)
    assert edited.end == local(day, 9, 25)
    assert edited.duration_ms == 25 * 60_000


def test_a_time_the_clocks_skip_is_refused_in_words() -> None:
    timer, interval = timed(local(SPRING, 1, 50), SPRING, 20)
    with pytest.raises(TimerError) as refused:
        timer.edit_interval(interval.id, start=datetime(2027, 3, 14, 2, 30), reason="typo")
    assert refused.value.message == (
        "02:30 does not exist on 2027-03-14: clocks went forward; type 03:30."
    )
    aware = datetime(2027, 3, 14, 2, 30, tzinfo=NEW_YORK)  # a wall time in the visit's zone
    with pytest.raises(TimerError, match="02:30 does not exist"):
        timer.edit_interval(interval.id, start=aware, reason="typo")
    assert timer.interval(interval.id) == interval


def test_fold_picks_the_occurrence_of_a_repeated_time() -> None:
    timer, interval = timed(local(FALL, 1, 50), FALL, 20)
    second = datetime(2026, 11, 1, 1, 20, fold=1)
    timer.edit_interval(interval.id, end=second, reason="stopped late")
    assert timer.interval(interval.id).end == datetime(2026, 11, 1, 6, 20, tzinfo=UTC)
    assert timer.interval(interval.id).duration_ms == 30 * 60_000
    first = datetime(2026, 11, 1, 1, 20)  # fold 0: 01:20 EDT is before the start
    with pytest.raises(TimerError, match=r"end \(01:20 EDT\) must be after the start"):
        timer.edit_interval(interval.id, end=first, reason="stopped late")


def test_a_repeated_end_is_the_occurrence_after_the_start() -> None:
    """01:50 EDT -> 01:10 EST; 01:20 typed for the end can only be the second 01:20."""
    timer, interval = timed(local(FALL, 1, 50), FALL, 20)
    typed = typed_times(timer.day, interval, None, time(1, 20))
    assert typed.start is None and typed.end == local(FALL, 1, 20, fold=1)
    assert typed.notes == (
        "01:20 happens twice on 2026-11-01: taken as the second (after the clocks went back), "
        "01:20 EST.",
    )


def test_a_repeated_time_is_the_occurrence_closest_to_the_interval_as_it_was() -> None:
    day = VisitDay(FALL, NEW_YORK)
    # 01:40 EDT -> 01:45 EDT: a start typed 01:30 could be 01:30 EDT (10 min earlier) or
    # 01:30 EST (after the end): the first.
    early = Interval("a", 1, "97110", 7, local(FALL, 1, 40), local(FALL, 1, 45), 300_000)
    assert typed_times(day, early, time(1, 30), None).start == local(FALL, 1, 30)
    # 01:10 EST -> 01:40 EST: a start typed 01:05 is 01:05 EST (5 min earlier), not EDT.
    late = Interval("b", 1, "97110", 7, local(FALL, 1, 10, 1), local(FALL, 1, 40, 1), 1_800_000)
    typed = typed_times(day, late, time(1, 5), None)
    assert typed.start == local(FALL, 1, 5, fold=1)
    assert "taken as the second" in typed.notes[0]
    # Both candidates as near (a 09:00 interval, 01:30 typed): the first occurrence.
    morning = Interval("c", 1, "97110", 7, local(FALL, 9, 0), local(FALL, 9, 30), 1_800_000)
    assert typed_times(day, morning, time(1, 30), time(1, 30)).start == local(FALL, 1, 30)
