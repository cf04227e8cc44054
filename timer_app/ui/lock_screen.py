"""The lock screen: patients hidden, time still running, a PIN to go on.

Shown after the idle minutes, on Lock (Ctrl+L) and on Switch user. It shows only the codes
that run and their times ("97110 12:04"), never a name of a patient, read each second from
the timers' own figures: a lock changes the screen, never the time. The same person's PIN
resumes where they were; another person's switches to them.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from timer_app.clinic import ClinicServices
from timer_app.session import VisitTimer
from timer_app.ui.sign_in import PeoplePicker
from timer_app.ui.theme import clock_text
from timer_app.ui.widgets import label

TICK_MS = 1000


def running_codes(timers: list[VisitTimer]) -> list[tuple[str, int]]:
    """(code, seconds so far) of every running code on this workstation, nothing else."""
    found: list[tuple[str, int]] = []
    for timer in timers:
        if not timer.running:
            continue
        found += [(f.code, f.elapsed_seconds) for f in timer.snapshot().codes if f.running]
    return found


def running_words(codes: list[tuple[str, int]]) -> str:
    if not codes:
        return "Nothing is being timed."
    return "   ".join(f"{code} {clock_text(seconds)}" for code, seconds in codes)


class LockScreen(QWidget):
    """Emits `signed_in(User)` when someone types their PIN."""

    signed_in = Signal(object)

    def __init__(self, clinic: ClinicServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.heading = label("Locked", "figure", wrap=True)
        self.heading.setAccessibleName("Locked")
        self.explained = label(
            "Patients are hidden. Running codes keep counting. Tap your name and type your "
            "PIN to go on; another person's PIN switches to them.", wrap=True,
        )  # fmt: skip
        self.running_title = label("Running now", "caption")
        self.running = label("", "figure", wrap=True)
        self.running.setAccessibleName("Running codes and their times")
        self.picker = PeoplePicker(clinic.access, clinic.access.unlock)
        self.picker.signed_in.connect(self.signed_in)
        self.ticker = QTimer(self, interval=TICK_MS)
        self.ticker.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.heading)
        layout.addWidget(self.explained)
        layout.addWidget(self.running_title)
        layout.addWidget(self.running)
        layout.addSpacing(16)
        layout.addWidget(self.picker, 1)

    def start(self, heading: str, user_id: int | None) -> None:
        """On screen now: `user_id` (who was working) is chosen, so they type only the PIN."""
        self.heading.setText(heading)
        self.picker.reload(user_id)
        self.refresh()
        self.ticker.start()

    def stop(self) -> None:
        self.ticker.stop()

    def refresh(self) -> None:
        self.running.setText(running_words(running_codes(self.clinic.treatment.timers())))
