"""Several visits open at once: one clinician timing two patients in the same minutes."""

from __future__ import annotations

import pytest

from tests.session.conftest import ASSISTANT, THERAPIST, make_timer
from timer_app.session import FakeClock, Names, TimerBoard, TimerError


@pytest.fixture
def board(clock: FakeClock) -> TimerBoard:
    board = TimerBoard()
    board.add(make_timer(clock, visit_id=1))
    board.add(make_timer(clock, visit_id=2))
    return board


def test_the_same_clinician_on_two_patients_at_once_is_a_warning(
    board: TimerBoard, clock: FakeClock
) -> None:
    board[1].start("97110")
    clock.advance(5 * 60)
    board[2].start("97140")
    clock.advance(3 * 60)
    (warning,) = board.warnings()
    assert warning.clinician_id == THERAPIST
    assert (warning.visit_ids, warning.codes) == ((1, 2), ("97110", "97140"))
    assert (warning.end - warning.start).total_seconds() == 3 * 60
    assert "08:05–08:08" in warning.message and "group" in warning.message
    assert {i.code for t in board for i in t.running} == {"97110", "97140"}  # not refused


def test_switching_patients_without_overlap_is_fine(board: TimerBoard, clock: FakeClock) -> None:
    board[1].start("97110")
    clock.advance(5 * 60)
    board[1].stop("97110")
    board[2].start("97140")
    clock.advance(5 * 60)
    assert board.warnings() == ()


def test_different_clinicians_or_supervised_codes_are_fine(
    board: TimerBoard, clock: FakeClock
) -> None:
    board[1].start("97110", THERAPIST)
    board[2].start("97140", ASSISTANT)
    board[2].start("97012", THERAPIST)  # traction runs unattended
    clock.advance(10 * 60)
    assert board.warnings() == ()


def test_the_warning_stays_after_both_stopped(board: TimerBoard, clock: FakeClock) -> None:
    board[1].start("97110")
    board[2].start("97530")
    clock.advance(60)
    board[1].end_visit()
    board[2].end_visit()
    assert len(board.warnings()) == 1


def test_visits_join_and_leave_the_board(board: TimerBoard, clock: FakeClock) -> None:
    assert len(board) == 2
    with pytest.raises(TimerError, match="already open"):
        board.add(make_timer(clock, visit_id=1))
    assert board.remove(2).visit_id == 2
    with pytest.raises(TimerError, match="visit 2 is not open"):
        board[2]
    with pytest.raises(TimerError, match="visit 2 is not open"):
        board.remove(2)


def test_a_second_clinician_on_the_same_visit_is_warned_at_once(clock: FakeClock) -> None:
    board = TimerBoard()
    timer = make_timer(clock)
    board.add(timer)
    timer.start("97110", THERAPIST)
    timer.start("97010", ASSISTANT)  # supervised: no co-treatment
    assert board.warnings() == ()
    timer.start("97530", ASSISTANT)
    [warning] = board.warnings()
    assert "Co-treatment for the patient of visit 41" in warning.message
    assert warning.codes == ("97110", "97530")
    timer.stop("97530")
    assert board.warnings() == ()


NAMES = Names(
    clinician=lambda c: {THERAPIST: "Dana Reyes", ASSISTANT: "Sam Ortiz"}[c],
    patient=lambda v: {1: "Lopez, Maria", 2: "Chen, Tom"}[v],
)


def test_the_warnings_name_clinicians_and_patients(board: TimerBoard, clock: FakeClock) -> None:
    board[1].start("97110")
    board[2].start("97140")
    clock.advance(60)
    (warning,) = board.warnings(NAMES)
    assert warning.message.startswith(
        "Dana Reyes timed one-on-one 97110 for Lopez, Maria and 97140 for Chen, Tom"
    )
    assert "visit 1" not in warning.message and "Clinician" not in warning.message


def test_co_treatment_names_both_clinicians(board: TimerBoard) -> None:
    board[1].start("97110", THERAPIST)
    board[1].start("97530", ASSISTANT)
    (warning,) = board.warnings(NAMES)
    assert "Co-treatment for Lopez, Maria: Dana Reyes times 97110 and Sam Ortiz" in (
        warning.message
    )
