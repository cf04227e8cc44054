"""After a crash: every interval left running, each with its unseen gap, answered at once.

One dialog for all of them (a crash with three codes running asks one question, not three).
Each row starts on "It stopped" (the unseen minutes are not billed); "Decide later" answers
nothing, and the bar at the top of the window asks again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from timer_app.session import RecoveredInterval
from timer_app.ui.theme import clock_text
from timer_app.ui.widgets import label


class RecoveryRow(QWidget):
    """One interval left running: what, for whom, the gap, and the answer."""

    def __init__(self, recovered: RecoveredInterval, patient_words: str, tz: tzinfo) -> None:
        super().__init__()
        self.recovered = recovered
        interval = recovered.interval
        seen = recovered.last_heartbeat.astimezone(tz).strftime("%H:%M:%S")
        self.gap = label(
            f"{interval.code} for {patient_words}: last seen alive at {seen}; "
            f"{clock_text(recovered.gap_seconds)} (min:s) passed unseen since then."
            f"{recovered.clock_words}",
            "banner_warning",
            wrap=True,
        )
        self.gap.setTextFormat(Qt.TextFormat.PlainText)  # a name is text, never markup
        self.gap.setAccessibleName(f"The unseen gap of {interval.code}")
        self.stopped = QRadioButton("It stopped: end it when the program stopped")
        self.stopped.setToolTip("The unseen minutes are not billed; the history says so")
        self.went_on = QRadioButton("It went on: keep it running")
        self.went_on.setToolTip("The unseen minutes count; the history records the choice")
        for choice in (self.stopped, self.went_on):
            choice.setAccessibleName(f"{interval.code}: {choice.text()}")
            choice.setMinimumHeight(44)
        self.stopped.setChecked(True)
        group = QButtonGroup(self)  # each row answers on its own
        group.addButton(self.stopped)
        group.addButton(self.went_on)
        answer = QHBoxLayout()
        answer.addWidget(self.stopped)
        answer.addWidget(self.went_on)
        answer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.gap)
        layout.addLayout(answer)

    @property
    def keep_running(self) -> bool:
        return self.went_on.isChecked()


class RecoveryDialog(QDialog):
    """Accepted: `answers()` holds each interval's choice; rejected: decided later."""

    def __init__(
        self,
        found: Sequence[tuple[RecoveredInterval, str]],  # each with its patient's words
        tz: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        count = len(found)
        self.setWindowTitle("A visit was left running" if count == 1 else
                            f"{count} codes were left running")  # fmt: skip
        what = "; ".join(f"{r.interval.code} for {escape(words)}" for r, words in found)
        heading = QLabel(
            f"<b>The program stopped while {what} {'was' if count == 1 else 'were'} "
            "running.</b>",  # names escaped: text, never markup
            wordWrap=True,
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        question = QLabel(
            "For each, did the treatment stop when the program stopped, or did it go on?",
            wordWrap=True,
        )
        self.rows = [RecoveryRow(recovered, words, tz) for recovered, words in found]
        self.save = QPushButton("Save the answers")
        self.save.setObjectName("primary")
        self.save.setToolTip("Each code is ended or kept running as chosen above")
        self.save.clicked.connect(self.accept)
        self.later = QPushButton("Decide later")
        self.later.setToolTip(
            "Nothing after the last seen moment is billed, and the visits are not timed, until "
            "you answer (Decide…, at the top of the window)"
        )
        self.later.clicked.connect(self.reject)
        for button in (self.save, self.later):
            button.setAccessibleName(button.text())
            button.setMinimumHeight(44)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        buttons.addWidget(self.later)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(question)
        for row in self.rows:
            layout.addWidget(row)
        layout.addLayout(buttons)

    def answers(self) -> list[tuple[RecoveredInterval, bool]]:
        """(interval, keep it running) for every row."""
        return [(row.recovered, row.keep_running) for row in self.rows]
