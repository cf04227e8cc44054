"""The therapist's screen driven like a therapist would, with a fake clock."""

from __future__ import annotations

from PySide6.QtCore import Qt

from timer_app.session import FakeClock, VisitStatus
from timer_app.ui.main_window import MainWindow
from timer_app.ui.review_dialog import ReviewDialog


def _start_visit(window: MainWindow, patient: str = "Lopez") -> None:
    bar = window.treatment.visit_bar
    index = bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith)
    bar.patient.setCurrentIndex(index)
    bar.start.click()


def test_worked_example_gives_two_plus_one_units(
    qtbot, window: MainWindow, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    _start_visit(window)
    assert screen.current_visit_id is not None
    qtbot.mouseClick(screen.tiles.tile("97110"), Qt.MouseButton.LeftButton)
    clock.advance(33 * 60)
    screen.refresh()
    assert screen.tiles.tile("97110").figures.running
    assert screen.tiles.tile("97110").figures.elapsed_seconds == 33 * 60
    qtbot.mouseClick(screen.tiles.tile("97140"), Qt.MouseButton.LeftButton)
    assert not screen.tiles.tile("97110").figures.running  # one-on-one: the first paused
    clock.advance(7 * 60)
    reviewed: list[ReviewDialog] = []

    def review(self: ReviewDialog) -> int:
        reviewed.append(self)
        assert self.billing is not None
        assert self.billing.units_by_code() == {"97110": 2, "97140": 1}
        assert any("97140 (7 minutes left over)" in s for s in self.billing.explanation)
        self.ask_pin = lambda _question: "1111"
        self.sign.click()
        return 1

    monkeypatch.setattr(ReviewDialog, "exec", review)
    screen.end.click()
    assert reviewed
    visit = screen.treatment.visit(reviewed[0].visit.id)
    assert visit.status is VisitStatus.SIGNED
    # the signed visit stays in front, read-only, saying who signed it: no jump to another
    assert screen.current_visit_id == visit.id
    assert screen.signed is not None and screen.signed[1].startswith("Signed by ")
    assert screen.timer() is None  # nothing of it can be timed any more
