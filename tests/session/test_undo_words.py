"""An undo says what it took back and what that does to the bill; a warning says whether
it still holds (issue 14)."""

from __future__ import annotations

from tests.session.conftest import bare, make_timer
from timer_app.session import Decision, FakeClock, TimerBoard, VisitTimer


def _do(timer: VisitTimer, decision: Decision) -> Decision:
    timer.evolve(decision)
    return decision


def test_undoing_a_pause_says_the_break_is_now_billed(clock: FakeClock) -> None:
    timer = bare(clock)
    _do(timer, timer.start("97110"))
    clock.advance(10 * 60)
    _do(timer, timer.pause_all())  # 08:10 in Chicago
    clock.advance(4 * 60 + 20)
    undone = _do(timer, timer.undo())
    assert undone.words == (
        "Undone: paused 97110 at 08:10 (97110 runs again; the 4 minutes since then are billed)."
    )
    assert timer.snapshot().code("97110").elapsed_seconds == 14 * 60 + 20  # so it is


def test_undoing_a_stop_a_switch_a_resume_and_a_start(clock: FakeClock) -> None:
    timer = bare(clock)
    _do(timer, timer.start("97110"))
    clock.advance(5 * 60)
    _do(timer, timer.stop("97110"))
    clock.advance(30)
    assert _do(timer, timer.undo()).words == (
        "Undone: stopped 97110 at 08:05 (97110 runs again; the 30 seconds since then are billed)."
    )
    _do(timer, timer.start("97140"))  # pauses 97110: one-on-one codes are exclusive
    clock.advance(90)
    assert _do(timer, timer.undo()).words == (
        "Undone: started 97140 at 08:05 (97140 taken off; 97110 runs again; the minute since "
        "then is billed as 97110)."
    )
    _do(timer, timer.pause_all())
    clock.advance(60)
    _do(timer, timer.resume())
    clock.advance(180)
    assert _do(timer, timer.undo()).words == (
        "Undone: resumed 97110 at 08:08 (paused again; the 3 minutes since then are not billed)."
    )


def test_undoing_the_end_of_the_visit_and_a_first_start(clock: FakeClock) -> None:
    timer = bare(clock)
    _do(timer, timer.start("97530"))
    assert _do(timer, timer.undo()).words == (
        "Undone: started 97530 at 08:00 (taken off: nothing of it is billed)."
    )
    _do(timer, timer.end_visit())
    assert _do(timer, timer.undo()).words == "Undone: ended the visit (it is open again)."


def test_a_command_other_than_undo_has_no_words(clock: FakeClock) -> None:
    timer = bare(clock)
    assert timer.start("97110").words == ""


def test_a_shared_minutes_warning_is_ongoing_only_while_both_codes_run(
    clock: FakeClock,
) -> None:
    board = TimerBoard()
    for visit_id in (1, 2):
        board.add(make_timer(clock, visit_id=visit_id))
    board[1].start("97110")
    board[2].start("97140")
    clock.advance(3 * 60)
    (warning,) = board.warnings()
    assert warning.ongoing
    board[2].stop("97140")
    clock.advance(60)
    (past,) = board.warnings()  # the review still lists the shared minutes
    assert not past.ongoing


def test_undoing_a_new_code_for_several_intervals_says_how_many(clock: FakeClock) -> None:
    timer = bare(clock)
    for _ in range(2):
        _do(timer, timer.start("97110"))
        clock.advance(5 * 60)
        _do(timer, timer.stop("97110"))
    ids = [i.id for i in timer.intervals]
    _do(timer, timer.recode(ids, "97530", reason="the wrong tile was tapped"))
    assert _do(timer, timer.undo()).words == (
        "Undone: 2 intervals changed to 97530 (back to 97110)."
    )
