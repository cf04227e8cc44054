"""Hand edits of an interval: what they change, what is kept, and every refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.session.conftest import ASSISTANT, CHICAGO, Applying
from timer_app.billing import Discipline, profile_for_rule
from timer_app.session import FakeClock, Interval, IntervalEdited, TimerError, VisitTimer

T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 08:00 in Chicago, where the fake clock starts


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


@pytest.fixture
def two_codes(timer: VisitTimer, clock: FakeClock) -> tuple[Interval, Interval]:
    """97110 from 08:00 to 08:20, then 97140 from 08:20 to 08:30; the clock reads 09:00."""
    timer.start("97110")
    clock.advance(20 * 60)
    timer.start("97140")
    clock.advance(10 * 60)
    timer.stop("97140")
    clock.advance(30 * 60)
    first, second = timer.intervals
    return first, second


def test_an_edit_returns_before_after_and_reason(
    timer: VisitTimer, two_codes: tuple[Interval, Interval]
) -> None:
    first, _ = two_codes
    (change,) = timer.edit_interval(first.id, start=T0 + minutes(5), reason="started late")
    assert isinstance(change, IntervalEdited)
    assert change.before == first and change.reason == "started late"
    assert change.after.start == T0 + minutes(5) and change.after.duration_ms == 15 * 60_000
    assert timer.interval(first.id) == change.after
    assert timer.snapshot().code("97110").elapsed_seconds == 15 * 60


def test_the_code_of_an_interval_can_be_corrected(
    timer: VisitTimer, two_codes: tuple[Interval, Interval]
) -> None:
    _, second = two_codes
    (change,) = timer.edit_interval(second.id, code="97112", reason="balance, not manual")
    assert change.after.code == "97112" and change.after.duration_ms == second.duration_ms
    assert [f.code for f in timer.snapshot().codes] == ["97110", "97112"]


def test_times_without_a_zone_are_the_visits_wall_clock(
    timer: VisitTimer, two_codes: tuple[Interval, Interval]
) -> None:
    _, second = two_codes
    (change,) = timer.edit_interval(second.id, end=datetime(2026, 11, 2, 8, 40), reason="forgot")
    assert change.after.end == T0 + minutes(40)
    assert change.after.end.tzinfo is UTC


def test_times_in_another_zone_are_stored_in_utc(
    timer: VisitTimer, two_codes: tuple[Interval, Interval]
) -> None:
    _, second = two_codes
    end = datetime(2026, 11, 2, 8, 35, tzinfo=CHICAGO)
    (change,) = timer.edit_interval(second.id, end=end, reason="forgot")
    assert change.after.end == T0 + minutes(35) and change.after.end.tzinfo is UTC


def test_the_start_of_a_running_interval_can_move_and_its_time_follows(
    timer: VisitTimer, clock: FakeClock
) -> None:
    (started,) = timer.start("97110")
    clock.advance(600)
    timer.edit_interval(started.interval.id, start=T0 + minutes(4), reason="tapped early")
    assert timer.snapshot().code("97110").elapsed_seconds == 360
    clock.advance(60)
    (ended,) = timer.stop("97110")
    assert ended.interval.duration_ms == 420_000


def test_a_finished_visit_can_still_be_edited(
    timer: VisitTimer, two_codes: tuple[Interval, Interval]
) -> None:
    first, _ = two_codes
    timer.end_visit()
    timer.edit_interval(first.id, end=T0 + minutes(18), reason="stopped early")
    assert timer.snapshot().code("97110").elapsed_seconds == 18 * 60


@pytest.mark.parametrize(
    ("which", "edit", "message"),
    [
        (0, {"end": T0}, r"The end \(08:00\) must be after the start \(08:00\)"),
        (0, {"start": T0 + minutes(21)}, r"end \(08:20\) must be after the start \(08:21\)"),
        (1, {"end": T0 + minutes(61)}, r"09:01 is in the future"),
        (0, {"start": T0 - minutes(8 * 60 + 1)}, r"within the visit's day \(2026-11-02\)"),
        (1, {"end": T0 + minutes(16 * 60 + 1)}, r"in the future"),
        (0, {"end": T0 + minutes(25)}, r"97110 would overlap 97140 \(08:20–08:30\)"),
        (1, {"start": T0 + minutes(19)}, r"97140 would overlap 97110 \(08:00–08:20\)"),
        (1, {"code": "97999"}, r"unknown code '97999'"),
        (1, {"code": "97140"}, r"changes nothing"),
        (1, {"end": T0 + minutes(30)}, r"changes nothing"),
    ],
)
def test_refused_edits_change_nothing(
    timer: VisitTimer,
    two_codes: tuple[Interval, Interval],
    which: int,
    edit: dict[str, object],
    message: str,
) -> None:
    target = two_codes[which]
    with pytest.raises(TimerError, match=message):
        timer.edit_interval(target.id, reason="fix", **edit)  # type: ignore[arg-type]
    assert timer.intervals == two_codes


def test_an_interval_may_end_exactly_at_the_visits_midnight() -> None:
    late = FakeClock(datetime(2026, 11, 3, 5, 50, tzinfo=UTC))  # 23:50 in Chicago
    from tests.session.conftest import make_timer

    timer = make_timer(late)
    timer.start("97110")
    late.advance(15 * 60)  # 00:05 the next day
    (ended,) = timer.stop("97110")
    midnight = datetime(2026, 11, 3, 0, 0, tzinfo=CHICAGO)
    timer.edit_interval(ended.interval.id, end=midnight, reason="visit ended at midnight")
    with pytest.raises(TimerError, match="within the visit's day"):
        timer.edit_interval(
            ended.interval.id, end=midnight + minutes(1), reason="visit ended at midnight"
        )


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_an_edit_needs_a_reason(
    timer: VisitTimer, two_codes: tuple[Interval, Interval], reason: str
) -> None:
    with pytest.raises(TimerError, match="Give a reason"):
        timer.edit_interval(two_codes[0].id, code="97112", reason=reason)


def test_the_reason_is_kept_without_surrounding_blanks(
    timer: VisitTimer, two_codes: tuple[Interval, Interval]
) -> None:
    (change,) = timer.edit_interval(two_codes[0].id, code="97112", reason="  wrong tile \n")
    assert isinstance(change, IntervalEdited) and change.reason == "wrong tile"


def test_overlap_with_another_clinician_or_a_supervised_code_is_allowed(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    timer.start("97530", ASSISTANT)
    timer.start("97012")
    clock.advance(600)
    timer.end_visit()
    _, assisted, traction = timer.intervals
    timer.edit_interval(assisted.id, start=T0 - minutes(1), reason="started earlier")
    timer.edit_interval(traction.id, end=T0 + minutes(9), reason="traction stopped early")


def test_group_and_one_on_one_may_not_share_minutes(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97150", ASSISTANT)
    clock.advance(600)
    timer.start("97110")
    clock.advance(600)
    _, one_on_one = timer.intervals
    with pytest.raises(TimerError, match="group and one-on-one time cannot share"):
        timer.edit_interval(one_on_one.id, start=T0 + minutes(9), reason="fix")


def test_a_running_interval_keeps_its_open_end(timer: VisitTimer, clock: FakeClock) -> None:
    (started,) = timer.start("97110")
    clock.advance(60)
    with pytest.raises(TimerError, match="still running; stop it before editing its end"):
        timer.edit_interval(started.interval.id, end=T0 + minutes(1), reason="fix")
    with pytest.raises(TimerError, match="in the future"):
        timer.edit_interval(started.interval.id, start=T0 + minutes(2), reason="fix")


def test_a_running_code_cannot_be_renamed_to_another_running_code(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97012")
    (started,) = timer.start("97110")
    clock.advance(60)
    with pytest.raises(TimerError, match="97012 is already running"):
        timer.edit_interval(started.interval.id, code="97012", reason="fix")


def test_editing_an_unknown_interval_is_refused(timer: VisitTimer) -> None:
    with pytest.raises(TimerError, match="no interval abc in this visit"):
        timer.edit_interval("abc", code="97110", reason="fix")


def test_renaming_a_just_started_code_cannot_make_two_one_on_one_codes_run(
    timer: VisitTimer,
) -> None:
    timer.start("97140")
    (traction,) = timer.start("97012")  # no second has passed for either
    with pytest.raises(TimerError, match="97110 would overlap 97140"):
        timer.edit_interval(traction.interval.id, code="97110", reason="wrong tile")


@pytest.mark.parametrize(
    ("day", "last_local_minute"),
    [
        (date(2026, 11, 1), datetime(2026, 11, 2, 5, 59, tzinfo=UTC)),  # 25 hours: clocks back
        (date(2026, 3, 8), datetime(2026, 3, 9, 4, 59, tzinfo=UTC)),  # 23 hours: clocks forward
    ],
)
def test_the_visits_day_follows_daylight_saving(day: date, last_local_minute: datetime) -> None:
    clock = FakeClock(last_local_minute + minutes(1))
    timer = Applying(VisitTimer(
        visit_id=41,
        clinician_id=7,
        visit_date=day,
        tz=CHICAGO,
        profile=profile_for_rule("cms"),
        discipline=Discipline.PT,
        clock=clock,
    ))
    (started,) = timer.start("97110")  # at local midnight: already the next day
    clock.advance(60)
    (ended,) = timer.stop("97110")
    edit = {"start": last_local_minute, "reason": "started before midnight"}
    with pytest.raises(TimerError, match="within the visit's day"):
        timer.edit_interval(ended.interval.id, **edit)  # type: ignore[arg-type]
    timer.edit_interval(ended.interval.id, end=started.interval.start, **edit)  # type: ignore[arg-type]
    assert timer.interval(ended.interval.id).duration_ms == 60_000
