"""A time of day typed as people type it (9:25, 0925, 9:25 pm), for fixing an interval:
Qt's sectioned time edit ignores an hour typed over its minutes."""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from timer_app.clinic.checks import clock_time


class ClockField(QLineEdit):
    timeChanged = Signal(QTime)  # noqa: N815 (Qt's spelling, as QTimeEdit's)

    def __init__(self, shown: QTime, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setPlaceholderText("e.g. 9:25 or 9:25:30 pm")
        self.setTime(shown)
        self.textEdited.connect(self._edited)

    def time(self) -> QTime:
        """The typed time (an invalid QTime when what is typed is not one)."""
        typed = clock_time(self.text())
        if typed is None:
            return QTime()
        return QTime(typed.hour, typed.minute, typed.second)

    def setTime(self, value: QTime) -> None:  # noqa: N802 (Qt's name)
        self.setText(value.toString("HH:mm:ss"))
        self.timeChanged.emit(value)

    def _edited(self, _: str) -> None:
        typed = self.time()
        if typed.isValid():
            self.timeChanged.emit(typed)
