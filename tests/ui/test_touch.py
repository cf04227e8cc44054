"""Touch: favourites by a held finger as by a right-click, and targets a finger can hit."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QStringListModel, Qt
from PySide6.QtWidgets import (
    QListView,
    QSpinBox,
    QStyle,
    QStyleOptionSpinBox,
    QTimeEdit,
    QToolButton,
)

from timer_app.ui.main_window import MainWindow

FINGER = 44  # px: the smallest target a finger hits reliably


def _start_visit(window: MainWindow, patient: str = "Lopez") -> None:
    bar = window.treatment.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith))
    bar.start.click()


def _answer_menu(window: MainWindow) -> list[str]:
    """The tile menu shown, answered with its first action as a finger would; its words."""
    menu = window.treatment.tiles.tile_menu
    if menu is None or not menu.isVisible():
        return []
    words = [action.text() for action in menu.actions()]
    menu.actions()[0].trigger()
    menu.close()
    return words


def test_holding_a_tile_offers_the_right_click_menu_and_starts_nothing(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    screen = window.treatment
    tile = screen.tiles.tile("97110")  # a suggested favourite
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.tiles.tile_menu is not None, timeout=3000)
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton)  # the finger lifts: no tap
    assert _answer_menu(window) == ["Remove from favourites"]
    timer = screen.timer()
    assert timer is not None and not timer.intervals  # the hold started nothing
    assert "97110" not in screen.treatment.favourites(timer)
    assert "97110" not in screen.tiles.codes()


def test_the_right_click_menu_is_the_same(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    screen = window.treatment
    screen.tiles.tile("97110").customContextMenuRequested.emit(QPoint(5, 5))
    assert _answer_menu(window) == ["Remove from favourites"]
    timer = screen.timer()
    assert timer is not None and "97110" not in screen.treatment.favourites(timer)


def test_a_quick_tap_still_starts_the_code(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    tile = window.treatment.tiles.tile("97140")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    qtbot.wait(700)  # longer than a hold: a finished tap never becomes one
    assert tile.figures.running and window.treatment.tiles.tile_menu is None


def test_visit_chips_and_their_scroll_arrows_fit_a_finger(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for patient in ["Lopez", "Chen", "Nguyen"] * 3:
        _start_visit(window, patient)
    chips = window.treatment.visit_bar.visits
    assert chips.count() >= 9
    for index in range(chips.count()):
        rect = chips.tabRect(index)
        assert rect.height() >= FINGER and rect.width() >= FINGER
    arrows = [b for b in chips.findChildren(QToolButton) if b.isVisible()]
    assert len(arrows) == 2  # more chips than room: the arrows show
    assert all(a.width() >= FINGER and a.height() >= FINGER for a in arrows)


def test_list_rows_fit_a_finger(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    rows = QListView()
    qtbot.addWidget(rows)
    rows.setModel(QStringListModel(["Lopez, Maria", "Chen, Tom"]))
    rows.show()
    assert rows.sizeHintForRow(0) >= FINGER
    patients = window.treatment.visit_bar.patient
    assert patients.count() and patients.view().sizeHintForRow(0) >= FINGER


def test_spin_arrows_fit_a_finger(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for box in (QSpinBox(), QTimeEdit()):
        qtbot.addWidget(box)
        box.show()
        option = QStyleOptionSpinBox()
        option.initFrom(box)
        option.frame = True
        option.subControls = QStyle.SubControl.SC_All
        style = box.style()
        for arrow in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
            rect = style.subControlRect(QStyle.ComplexControl.CC_SpinBox, option, arrow, box)
            assert rect.width() >= FINGER and rect.height() >= FINGER, (box, arrow, rect)
