"""After a crash: each interval left running, its unseen gap, and the therapist's choice."""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from timer_app.session import RecoveredInterval
from timer_app.ui.theme import clock_text
from timer_app.ui.widgets import label


class RecoveryDialog(QDialog):
    """One recovered interval; `keep_running` tells what the therapist chose."""

    def __init__(
        self,
        recovered: RecoveredInterval,
        patient_words: str,
        tz: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("A visit was left running")
        self.keep_running = False
        interval = recovered.interval
        heading = QLabel(
            f"<b>The program stopped while {interval.code} was running for "
            f"{escape(patient_words)}.</b>",  # a name is text, never markup
            wordWrap=True,
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.gap = gap = label(
            f"It was last seen alive at "
            f"{recovered.last_heartbeat.astimezone(tz).strftime('%H:%M:%S')}; "
            f"{clock_text(recovered.gap_seconds)} (min:s) passed unseen since then."
            f"{recovered.clock_words}",
            "banner_warning",
            wrap=True,
        )
        gap.setTextFormat(Qt.TextFormat.PlainText)
        gap.setAccessibleName("The unseen gap")
        question = QLabel(
            "Did the treatment stop when the program stopped, or did it go on?", wordWrap=True
        )
        self.later = QPushButton("Decide later")
        self.later.setToolTip(
            "Nothing after the last seen moment is billed, and the visit is not timed, until "
            "you answer (Decide…, at the top of the window)"
        )
        self.later.clicked.connect(self.reject)
        self.end_button = QPushButton("It stopped: end it when the program stopped")
        self.end_button.setToolTip("The unseen minutes are not billed; the history says so")
        self.keep_button = QPushButton("It went on: keep it running")
        self.keep_button.setToolTip("The unseen minutes count; the history records the choice")
        for button in (self.end_button, self.keep_button, self.later):
            button.setAccessibleName(button.text())
        self.end_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self._keep)
        buttons = QHBoxLayout()
        buttons.addWidget(self.end_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(gap)
        layout.addWidget(question)
        layout.addLayout(buttons)

    def _keep(self) -> None:
        self.keep_running = True
        self.accept()
