"""The treatment screen without traps (issue 14): a visit header with its clock and the
minutes it bills, messages in a fixed area that never moves the tiles, messages that go
when they stop being true, and an undo that says what it took back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import sign
from timer_app.session import FakeClock
from timer_app.ui.main_window import MainWindow
from timer_app.ui.therapist_screen import TherapistScreen


def _start(screen: TherapistScreen, patient: str) -> int:
    bar = screen.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith))
    bar.start.click()
    assert screen.current_visit_id is not None
    return screen.current_visit_id


def _where(screen: TherapistScreen, code: str) -> QPoint:
    """Where the tile is on the screen once the window has laid itself out again."""
    QApplication.processEvents()
    return screen.tiles.tile(code).mapToGlobal(QPoint(0, 0))


def test_the_header_names_the_visit_and_runs_its_clock(
    window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    _start(screen, "Lopez")
    assert screen.header.title.text() == "Lopez, Maria"
    assert screen.header.details.text() == "Dana Reyes, PT, DPT · Medicare · not started yet"
    clock.advance(120)
    screen.tap("97110")  # 09:02 at the clinic
    clock.advance(5 * 60 + 7)
    screen.refresh()
    assert screen.header.details.text() == "Dana Reyes, PT, DPT · Medicare · started 09:02"
    assert screen.header.clock.text() == "05:07"
    assert screen.header.clock_caption.text() == "timed"


def test_seconds_dropped_per_code_show_the_minutes_billed_beside_the_clock(
    window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    _start(screen, "Lopez")
    for code, seconds in (("97110", 13 * 60 + 59), ("97140", 12 * 60 + 58), ("97530", 738)):
        screen.tap(code)
        clock.advance(seconds)
    screen.tap("97530")
    screen.refresh()
    assert screen.tiles.tile("97110").figures.elapsed_seconds == 13 * 60 + 59
    assert screen.header.clock.text() == "39:15"
    assert screen.header.clock_caption.text() == "timed · bills 37 min"
    timer = screen.timer()
    assert timer is not None
    billing = timer.snapshot().billing
    assert billing is not None
    assert any("39:15 timed in all bills 37 minutes" in s for s in billing.explanation)


def test_the_signed_visit_header_says_who_signed_and_when(
    window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    lopez = _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(20 * 60)
    screen.run(lambda t: t.end_visit())
    sign(screen.treatment, lopez)
    screen._stay_on_signed(lopez)  # as the review does once signed
    screen.refresh()
    assert screen.header.title.text() == "✔ Lopez, Maria: visit signed"
    assert screen.header.details.text().startswith("Signed by Dana Reyes at 09:20.")
    assert screen.header.clock.text() == "20:00"


def test_messages_showing_and_going_never_move_the_tiles(
    window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(60)
    screen.refresh()
    before = _where(screen, "97110")
    screen.say("A refusal in words, long enough to wrap maybe " + "and more " * 20)
    assert screen.banner.isVisibleTo(screen)
    assert _where(screen, "97110") == before
    _start(screen, "Chen")  # Dana times one-on-one for two patients: a warning
    screen.tap("97140")
    clock.advance(60)
    screen.refresh()
    assert screen.concurrent.isVisibleTo(screen)
    assert _where(screen, "97110") == before
    screen.tap("97140")  # the overlap ends: the warning goes
    assert not screen.concurrent.isVisibleTo(screen)
    screen.undo()  # and comes back with the undo, which says so
    assert screen.note.isVisibleTo(screen) and screen.concurrent.isVisibleTo(screen)
    assert _where(screen, "97110") == before
    screen.tap("97140")
    assert not screen.note.isVisibleTo(screen) and not screen.banner.isVisibleTo(screen)
    assert not screen.concurrent.isVisibleTo(screen)
    assert _where(screen, "97110") == before


def test_nothing_to_pause_names_what_runs_in_another_visit(
    window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    chen = _start(screen, "Chen")
    screen.tap("97110")
    _start(screen, "Lopez")
    screen.pause_or_resume()  # Space: nothing runs in Maria Lopez's visit
    said = screen.banner.text()
    assert "Nothing is running" not in said
    assert said == (
        "Nothing runs in this visit, so there is nothing to pause; 97110 runs in the visit "
        "of Chen, Tom."
    )
    screen.treatment.run(chen, lambda t: t.stop("97110"))  # stopped from elsewhere
    screen.refresh()
    assert not screen.banner.isVisibleTo(screen)  # it is no longer true: it goes


def test_undo_of_a_pause_says_the_break_is_now_billed(
    window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(10 * 60)
    screen.pause_or_resume()  # 09:10
    clock.advance(4 * 60)
    screen.undo()
    assert screen.note.isVisibleTo(screen)
    assert screen.note.text() == (
        "Undone: paused 97110 at 09:10 (97110 runs again; the 4 minutes since then are billed)."
    )
    assert screen.tiles.tile("97110").figures.elapsed_seconds == 14 * 60


def test_a_recovery_waiting_for_an_answer_shows_in_the_message_area(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    _start(screen, "Lopez")
    before = _where(screen, "97110")
    screen.show_pending("Left running when the program stopped: 97110 for Lopez, Maria.")
    assert screen.pending.isVisibleTo(screen) and screen.decide.isVisibleTo(screen)
    assert not screen.messages.hint.isVisibleTo(screen)
    assert _where(screen, "97110") == before
    with qtbot.waitSignal(screen.decide_requested, timeout=1000):
        screen.decide.click()
    screen.show_pending("")  # answered
    assert not screen.pending.isVisibleTo(screen) and screen.messages.hint.isVisibleTo(screen)
    assert _where(screen, "97110") == before
