"""Every control a person can use has an accessible name and a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
    QWidget,
)

from timer_app.ui.main_window import MainWindow

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)


def _inside_a_qt_composite(widget: QWidget) -> bool:
    """Parts Qt builds itself: a combo box's editor and list, a tab bar's arrows."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QTabBar | QAbstractSpinBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def _unnamed(root: QWidget) -> list[str]:
    """Controls of every page, also those on tabs not shown now; not those hidden on purpose."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.isHidden():
            continue
        if _inside_a_qt_composite(widget):
            continue
        if not widget.accessibleName() or not widget.toolTip():
            text = getattr(widget, "text", lambda: "")()
            missing.append(f"{type(widget).__name__} '{text}' in {type(widget.parent()).__name__}")
    return missing


def test_every_control_of_every_area_is_named_and_explained(window: MainWindow) -> None:
    screen = window.treatment
    bar = screen.visit_bar
    bar.patient.setCurrentIndex(0)
    bar.start.click()
    screen.tap("97110")
    missing = _unnamed(window)
    for index in (1, 2):
        window.tabs.setCurrentIndex(index)
        missing += _unnamed(window)
    assert missing == [], "\n".join(missing)


def test_every_dialog_control_is_named_and_explained(qtbot, window: MainWindow, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from timer_app.session import RecoveredInterval
    from timer_app.ui.day_visits_dialog import DayVisitsDialog
    from timer_app.ui.interval_dialog import IntervalDialog
    from timer_app.ui.patient_dialog import NewPatientDialog
    from timer_app.ui.recovery_dialog import RecoveryDialog
    from timer_app.ui.review_dialog import ReviewDialog

    screen = window.treatment
    screen.visit_bar.patient.setCurrentIndex(0)
    screen.visit_bar.start.click()
    screen.tap("97110")
    clock.advance(600)
    screen.tap("97110")
    timer = screen.timer()
    assert timer is not None
    interval = timer.intervals[0]
    screen.run(lambda t: t.end_visit())
    workstation = screen.treatment
    dialogs = [
        ReviewDialog(workstation, timer.visit_id),
        IntervalDialog(interval, timer.day.day, screen.clinic.tz, screen.catalog, lambda *a: None),
        NewPatientDialog(screen.clinic),
        RecoveryDialog(
            [(RecoveredInterval(interval, interval.start + timedelta(seconds=4), 60),
              "Lopez, Maria")],
            screen.clinic.tz,
        ),
        DayVisitsDialog(workstation, workstation.today()),
    ]
    missing = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        missing += [f"{type(dialog).__name__}: {m}" for m in _unnamed(dialog)]
    assert missing == [], "\n".join(missing)
