"""The clinic server's state in one line, on every workstation joined to one: "connected",
or "N visits waiting to send, last tried HH:MM". It reads what the background sender last
found (no network on the UI thread) and nothing of the timer depends on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from timer_app.ui.widgets import label

REFRESH_MS = 2000


class ServerStatus(QLabel):
    def __init__(
        self, words: Callable[[], str | None], on_tick: Callable[[], None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._words = words
        self._on_tick = on_tick  # what came down from the server reaches the screens
        self.setTextFormat(label().textFormat())  # plain text
        self.setObjectName("caption")
        self.setAccessibleName("Clinic server")
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.refresh()

    def refresh(self) -> None:
        self._on_tick()
        words = self._words()
        self.setVisible(words is not None)
        if words is not None and words != self.text():
            self.setText(words)
