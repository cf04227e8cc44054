"""Several intervals given another code at once: one command, one undo, a change each."""

from __future__ import annotations

import pytest

from tests.session.conftest import applied
from timer_app.session import FakeClock, IntervalEdited, TimerError, VisitTimer


@pytest.fixture
def three(timer: VisitTimer, clock: FakeClock) -> VisitTimer:
    """97110 for 10 minutes, 97140 for 5, 97110 again for 8; the clock then 30 minutes on."""
    for code, minutes in (("97110", 10), ("97140", 5), ("97110", 8)):
        timer.start(code)
        clock.advance(minutes * 60)
    timer.stop("97110")
    clock.advance(30 * 60)
    return timer


def test_several_intervals_take_the_new_code_in_one_command(three: VisitTimer) -> None:
    first, second, third = three.intervals
    changes = applied(
        three, lambda t: t.recode([first.id, third.id], "97530", reason="functional, not exercise")
    )
    assert [type(c) for c in changes] == [IntervalEdited, IntervalEdited]
    assert all(isinstance(c, IntervalEdited) and c.reason == "functional, not exercise"
               for c in changes)  # fmt: skip
    assert [i.code for i in three.intervals] == ["97530", "97140", "97530"]
    assert [i.duration_ms for i in three.intervals] == [
        first.duration_ms,
        second.duration_ms,
        third.duration_ms,
    ]
    three.undo()  # one step takes all of them back
    assert [i.code for i in three.intervals] == ["97110", "97140", "97110"]


def test_an_interval_already_on_the_code_is_left_alone(three: VisitTimer) -> None:
    first, second, _ = three.intervals
    changes = applied(three, lambda t: t.recode([first.id, second.id], "97140", reason="manual"))
    assert len(changes) == 1 and three.intervals[0].code == "97140"
    with pytest.raises(TimerError, match="already 97140"):
        three.recode([second.id], "97140", reason="manual")


def test_a_reason_is_required_and_a_refusal_changes_nothing(three: VisitTimer) -> None:
    first, _, third = three.intervals
    with pytest.raises(TimerError, match="reason"):
        three.recode([first.id, third.id], "97530", reason=" ")
    with pytest.raises(TimerError):
        three.recode([first.id, third.id], "NOPE1", reason="typo")
    assert [i.code for i in three.intervals] == ["97110", "97140", "97110"]
