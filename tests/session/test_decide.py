"""Decide, then evolve: a command moves nothing until its changes are taken (stored)."""

from __future__ import annotations

import pytest

from tests.session.conftest import bare
from timer_app.billing import Kind, custom_code, load_catalog
from timer_app.session import FakeClock, History, IntervalStarted, TimerError, VisitStatus


def test_a_decision_changes_nothing_until_it_is_taken(clock: FakeClock) -> None:
    timer = bare(clock)
    before = (timer.intervals, timer.status, timer.can_undo, timer.snapshot())
    decision = timer.start("97110")
    assert [type(c) for c in decision.changes] == [IntervalStarted]
    assert (timer.intervals, timer.status, timer.can_undo, timer.snapshot()) == before
    timer.evolve(decision, revision=4)
    assert timer.intervals == (decision.changes[0].interval,)  # type: ignore[union-attr]
    assert (timer.can_undo, timer.revision) == (True, 4)


def test_a_decision_not_taken_can_be_decided_again(clock: FakeClock) -> None:
    """The store refused the write: the therapist taps again, the timer decides afresh."""
    timer = bare(clock)
    refused = timer.start("97110")
    clock.advance(5)
    again = timer.start("97110")
    assert again.changes != refused.changes
    timer.evolve(again)
    assert len(timer.intervals) == 1


def test_a_decision_on_an_older_state_is_refused(clock: FakeClock) -> None:
    timer = bare(clock)
    first, second = timer.start("97110"), timer.start("97140")
    timer.evolve(first)
    with pytest.raises(TimerError, match="moved on"):
        timer.evolve(second)
    assert len(timer.intervals) == 1


def test_undo_decides_the_inverse_and_uses_its_step_only_when_taken(clock: FakeClock) -> None:
    timer = bare(clock)
    timer.evolve(timer.start("97110"))
    undo = timer.undo()
    assert undo.history is History.POP and timer.can_undo and len(timer.intervals) == 1
    timer.evolve(undo)
    assert (timer.intervals, timer.can_undo) == ((), False)


def test_signing_clears_the_undo_steps_once_taken(clock: FakeClock) -> None:
    timer = bare(clock)
    timer.evolve(timer.start("97110"))
    clock.advance(600)
    timer.evolve(timer.end_visit())
    signing = timer.sign(7)
    assert timer.status is VisitStatus.FINISHED
    timer.evolve(signing)
    assert (timer.status, timer.can_undo) == (VisitStatus.SIGNED, False)


def test_a_code_the_clinic_turned_off_cannot_be_started_but_a_running_one_stops(
    clock: FakeClock,
) -> None:
    timer = bare(clock)
    timer.evolve(timer.start("97140"))
    timer.use_catalog(load_catalog().for_clinic(["97140", "97110"], []))
    with pytest.raises(TimerError, match=r"97110 \(Exercise\) is turned off for this clinic"):
        timer.start("97110")
    timer.evolve(timer.stop("97140"))
    assert timer.running == ()


def test_a_custom_code_is_timed_like_any_other(clock: FakeClock) -> None:
    own = custom_code("97799", "Dry needling", Kind.TIMED)
    timer = bare(clock)
    timer.use_catalog(load_catalog().for_clinic([], [own]))
    timer.evolve(timer.start("97799"))
    clock.advance(16 * 60)
    figures = timer.snapshot().code("97799")
    assert (figures.tile, figures.units) == ("Dry needling", 1)
