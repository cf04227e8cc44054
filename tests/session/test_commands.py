"""Each timing command, what it changes, and the refusals that change nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.session.conftest import ASSISTANT, THERAPIST, VISIT_ID
from timer_app.session import (
    FakeClock,
    IntervalEnded,
    IntervalStarted,
    TimerError,
    VisitStatus,
    VisitStatusChanged,
    VisitTimer,
)


def running_codes(timer: VisitTimer) -> set[str]:
    return {i.code for i in timer.running}


def test_start_records_a_running_interval_at_the_wall_time(
    timer: VisitTimer, clock: FakeClock
) -> None:
    (change,) = timer.start("97110")
    assert isinstance(change, IntervalStarted)
    interval = change.interval
    assert (interval.code, interval.visit_id, interval.clinician_id) == (
        "97110",
        VISIT_ID,
        THERAPIST,
    )
    assert interval.start == clock.now() and interval.running and interval.duration_ms == 0
    assert len(interval.id) == 32 and int(interval.id, 16) >= 0  # uuid4 hex
    assert timer.intervals == (interval,)


def test_codes_are_read_like_the_catalog_reads_them(timer: VisitTimer) -> None:
    (change,) = timer.start(" g0283 ")
    assert change.interval.code == "G0283"


def test_stop_ends_the_interval_with_its_monotonic_duration(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    clock.advance(61.2345)
    (change,) = timer.stop("97110")
    assert isinstance(change, IntervalEnded)
    assert change.interval.duration_ms == 61_234 or change.interval.duration_ms == 61_235
    assert change.interval.end == clock.now()
    assert timer.running == ()


def test_a_one_on_one_code_stops_the_running_one_of_the_same_clinician(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    clock.advance(60)
    changes = timer.start("97032")  # constant attendance is exclusive too
    assert [type(c) for c in changes] == [IntervalEnded, IntervalStarted]
    assert running_codes(timer) == {"97032"}


def test_another_clinicians_one_on_one_code_keeps_running(timer: VisitTimer) -> None:
    timer.start("97110", THERAPIST)
    changes = timer.start("97530", ASSISTANT)
    assert [type(c) for c in changes] == [IntervalStarted]
    assert running_codes(timer) == {"97110", "97530"}


def test_supervised_and_untimed_codes_run_beside_one_on_one(timer: VisitTimer) -> None:
    timer.start("97110")
    timer.start("97010")  # hot pack, supervised
    timer.start("97161")  # evaluation, untimed
    timer.start("97140")
    assert running_codes(timer) == {"97010", "97161", "97140"}


def test_group_stops_one_on_one_codes_of_every_clinician(timer: VisitTimer) -> None:
    timer.start("97110", THERAPIST)
    timer.start("97530", ASSISTANT)
    timer.start("97012")
    changes = timer.start("97150")
    ended = {c.interval.code for c in changes if isinstance(c, IntervalEnded)}
    assert ended == {"97110", "97530"}
    assert running_codes(timer) == {"97012", "97150"}


def test_one_on_one_stops_a_running_group(timer: VisitTimer) -> None:
    timer.start("97150", ASSISTANT)
    changes = timer.start("97110", THERAPIST)
    assert [c.interval.code for c in changes] == ["97150", "97110"]
    assert running_codes(timer) == {"97110"}


def test_toggle_starts_a_stopped_code_and_stops_a_running_one(timer: VisitTimer) -> None:
    (started,) = timer.toggle("97110")
    assert isinstance(started, IntervalStarted)
    (stopped,) = timer.toggle("97110")
    assert isinstance(stopped, IntervalEnded)
    assert timer.running == ()


def test_toggle_passes_the_clinician(timer: VisitTimer) -> None:
    (change,) = timer.toggle("97110", ASSISTANT)
    assert change.interval.clinician_id == ASSISTANT


def test_pause_all_stops_everything_and_resume_starts_the_same_codes(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    timer.start("97530", ASSISTANT)
    timer.start("97012")
    clock.advance(300)
    paused = timer.pause_all()
    assert all(isinstance(c, IntervalEnded) for c in paused) and len(paused) == 3
    assert timer.running == () and set(timer.paused) == {"97110", "97530", "97012"}
    clock.advance(120)
    resumed = timer.resume()
    assert all(isinstance(c, IntervalStarted) for c in resumed)
    pairs = {(c.interval.code, c.interval.clinician_id) for c in resumed}
    assert pairs == {("97110", THERAPIST), ("97530", ASSISTANT), ("97012", THERAPIST)}
    assert timer.paused == ()
    assert timer.snapshot().code("97110").elapsed_seconds == 300  # the pause is not counted


def test_starting_a_code_after_pause_forgets_what_was_paused(timer: VisitTimer) -> None:
    timer.start("97110")
    timer.pause_all()
    timer.start("97140")
    assert timer.paused == ()
    with pytest.raises(TimerError, match="Nothing is paused"):
        timer.resume()


def test_end_visit_stops_everything_and_finishes(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97110")
    timer.start("97012")
    clock.advance(60)
    changes = timer.end_visit()
    assert {c.interval.code for c in changes if isinstance(c, IntervalEnded)} == {"97110", "97012"}
    assert changes[-1] == VisitStatusChanged(VISIT_ID, VisitStatus.FINISHED)
    assert timer.status is VisitStatus.FINISHED and timer.running == ()


def test_end_visit_with_nothing_running_only_finishes(timer: VisitTimer) -> None:
    assert timer.end_visit() == (VisitStatusChanged(VISIT_ID, VisitStatus.FINISHED),)


def test_reopen_lets_a_finished_visit_time_again(timer: VisitTimer) -> None:
    timer.end_visit()
    assert timer.reopen() == (VisitStatusChanged(VISIT_ID, VisitStatus.OPEN),)
    timer.start("97110")
    assert timer.status is VisitStatus.OPEN


def test_sign_needs_a_finished_visit_and_records_who_and_when(
    timer: VisitTimer, clock: FakeClock
) -> None:
    with pytest.raises(TimerError, match="End the visit before signing"):
        timer.sign(THERAPIST)
    timer.end_visit()
    clock.advance(30)
    (change,) = timer.sign(THERAPIST)
    assert change == VisitStatusChanged(VISIT_ID, VisitStatus.SIGNED, THERAPIST, clock.now())
    assert timer.status is VisitStatus.SIGNED and not timer.can_undo


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (lambda t: t.start("99999"), "unknown code '99999'"),
        (lambda t: t.stop("97110"), "97110 is not running"),
        (lambda t: t.pause_all(), "Nothing is running"),
        (lambda t: t.resume(), "Nothing is paused"),
        (lambda t: t.undo(), "Nothing to undo"),
        (lambda t: t.reopen(), "still open"),
        (lambda t: t.interval("nope"), "no interval nope"),
    ],
)
def test_refusals_on_a_fresh_visit(
    timer: VisitTimer, command: Callable[[VisitTimer], object], message: str
) -> None:
    with pytest.raises(TimerError, match=message):
        command(timer)
    assert timer.intervals == () and timer.status is VisitStatus.OPEN


def test_a_running_code_changes_hands_it_never_runs_twice(timer: VisitTimer) -> None:
    timer.start("97110")
    before = timer.intervals
    with pytest.raises(TimerError, match="97110 is already running"):
        timer.start("97110")  # the same clinician: the tile's tap stops it instead
    assert timer.intervals == before
    timer.start("97110", ASSISTANT)  # the assistant takes over
    assert [(i.code, i.clinician_id, i.running) for i in timer.intervals] == [
        ("97110", timer.clinician_id, False), ("97110", ASSISTANT, True),
    ]  # fmt: skip
    timer.toggle("97110")  # the therapist's tap takes it back
    assert [(i.clinician_id, i.running) for i in timer.intervals][-1] == (timer.clinician_id, True)
    timer.toggle("97110")  # and the next one stops it
    assert timer.running == ()
    timer.undo()
    timer.undo()
    assert [(i.clinician_id, i.running) for i in timer.running] == [(ASSISTANT, True)]


@pytest.mark.parametrize(
    "command",
    [
        lambda t: t.start("97110"),
        lambda t: t.stop("97110"),
        lambda t: t.toggle("97110"),
        lambda t: t.pause_all(),
        lambda t: t.resume(),
        lambda t: t.end_visit(),
    ],
)
def test_a_finished_visit_refuses_timing(
    timer: VisitTimer, command: Callable[[VisitTimer], object]
) -> None:
    timer.end_visit()
    with pytest.raises(TimerError, match="This visit has ended"):
        command(timer)


def test_a_refused_command_changes_nothing_and_pushes_no_undo(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    clock.advance(60)
    before = (timer.intervals, timer.snapshot())
    with pytest.raises(TimerError):
        timer.start("97110")
    assert (timer.intervals, timer.snapshot()) == before
    timer.undo()
    assert timer.intervals == ()
