"""Undo takes back the last command exactly, until the visit is signed; then nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.session.conftest import ASSISTANT, THERAPIST, VISIT_ID, make_timer
from timer_app.session import (
    FakeClock,
    IntervalEdited,
    IntervalRemoved,
    IntervalReopened,
    RecoveredInterval,
    VisitLockedError,
    VisitStatus,
    VisitStatusChanged,
    VisitTimer,
)


def test_undo_of_a_start_removes_the_interval(timer: VisitTimer) -> None:
    (started,) = timer.start("97110")
    assert timer.undo() == (IntervalRemoved(started.interval),)
    assert timer.intervals == ()


def test_undo_of_a_switch_removes_the_new_code_and_reopens_the_old(
    timer: VisitTimer, clock: FakeClock
) -> None:
    (first,) = timer.start("97110")
    clock.advance(600)
    _, started = timer.start("97140")
    undone = timer.undo()
    assert undone == (IntervalRemoved(started.interval), IntervalReopened(first.interval))
    assert timer.intervals == (first.interval,)
    clock.advance(60)
    assert timer.snapshot().code("97110").elapsed_seconds == 660  # it never stopped


def test_undo_of_a_stop_reopens_the_interval_and_keeps_its_time(
    timer: VisitTimer, clock: FakeClock
) -> None:
    (started,) = timer.start("97110")
    clock.advance(120)
    timer.stop("97110")
    clock.advance(30)
    assert timer.undo() == (IntervalReopened(started.interval),)
    assert timer.snapshot().code("97110").elapsed_seconds == 150


def test_undo_of_pause_and_of_resume(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97110")
    timer.start("97012")
    timer.pause_all()
    clock.advance(10)
    timer.resume()
    timer.undo()  # resume
    assert timer.running == () and set(timer.paused) == {"97110", "97012"}
    timer.undo()  # pause
    assert {i.code for i in timer.running} == {"97110", "97012"} and timer.paused == ()


def test_undo_of_end_visit_reopens_the_visit_and_what_was_running(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    timer.start("97530", ASSISTANT)
    clock.advance(60)
    running = timer.intervals
    timer.end_visit()
    undone = timer.undo()
    assert undone[0] == VisitStatusChanged(VISIT_ID, VisitStatus.OPEN)
    assert {c.interval.id for c in undone[1:] if isinstance(c, IntervalReopened)} == {
        i.id for i in running
    }
    assert timer.status is VisitStatus.OPEN and timer.intervals == running


def test_undo_of_an_edit_restores_the_interval(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97110")
    clock.advance(600)
    (ended,) = timer.stop("97110")
    original = ended.interval
    (edit,) = timer.edit_interval(original.id, code="97112", reason="wrong tile")
    assert timer.undo() == (IntervalEdited(edit.after, original, "undo of: wrong tile"),)
    assert timer.intervals == (original,)


def test_undo_of_a_running_start_edit_puts_the_time_back(
    timer: VisitTimer, clock: FakeClock
) -> None:
    (started,) = timer.start("97110")
    clock.advance(300)
    new_start = started.interval.start - timedelta(minutes=2)
    timer.edit_interval(started.interval.id, start=new_start, reason="tapped late")
    assert timer.snapshot().code("97110").elapsed_seconds == 420
    timer.undo()
    assert timer.snapshot().code("97110").elapsed_seconds == 300


def test_undo_walks_back_step_by_step_to_the_empty_visit(
    timer: VisitTimer, clock: FakeClock
) -> None:
    snapshots = [timer.snapshot()]
    for code in ("97110", "97140", "97012", "97530"):
        timer.toggle(code)
        snapshots.append(timer.snapshot())
    timer.end_visit()
    for expected in reversed(snapshots):
        timer.undo()
        assert timer.snapshot() == expected
    assert not timer.can_undo


def test_undo_of_reopen_finishes_the_visit_again(timer: VisitTimer) -> None:
    timer.end_visit()
    timer.reopen()
    assert timer.undo() == (VisitStatusChanged(VISIT_ID, VisitStatus.FINISHED),)
    assert timer.status is VisitStatus.FINISHED


@pytest.mark.parametrize(
    "command",
    [
        lambda t: t.start("97110"),
        lambda t: t.stop("97110"),
        lambda t: t.toggle("97110"),
        lambda t: t.pause_all(),
        lambda t: t.resume(),
        lambda t: t.end_visit(),
        lambda t: t.reopen(),
        lambda t: t.undo(),
        lambda t: t.sign(THERAPIST),
        lambda t: t.edit_interval(t.intervals[0].id, code="97112", reason="late fix"),
        lambda t: t.end_at_heartbeat(RecoveredInterval(t.intervals[0], t.intervals[0].start, 0)),
        lambda t: t.keep_running(RecoveredInterval(t.intervals[0], t.intervals[0].start, 0)),
    ],
)
def test_a_signed_visit_refuses_every_command(
    timer: VisitTimer, clock: FakeClock, command: Callable[[VisitTimer], object]
) -> None:
    timer.start("97110")
    clock.advance(600)
    timer.end_visit()
    timer.sign(THERAPIST)
    before = (timer.intervals, timer.status)
    with pytest.raises(VisitLockedError, match="is signed: it cannot be changed in place"):
        command(timer)
    assert (timer.intervals, timer.status) == before


def test_a_visit_restored_as_billed_is_locked(clock: FakeClock) -> None:
    timer = make_timer(clock, status=VisitStatus.BILLED)
    with pytest.raises(VisitLockedError, match="billed"):
        timer.start("97110")
