"""The services' events as Qt signals: the one place where the clinic meets Qt's loop.

A screen connects to `visit_changed` or `records_changed` and updates itself when another
screen (or, later, another computer) changed what it shows; nobody presses Refresh.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from timer_app.clinic import Event, RecordsChanged, VisitChanged
from timer_app.clinic.events import Events


class ClinicSignals(QObject):
    """Re-emits every event of the services; stops listening when destroyed."""

    visit_changed = Signal(object)  # VisitChanged
    records_changed = Signal(object)  # RecordsChanged

    def __init__(self, events: Events, parent: QObject | None = None) -> None:
        super().__init__(parent)
        stop = events.subscribe(self._relay)
        self.destroyed.connect(lambda *_: stop())

    def _relay(self, event: Event) -> None:
        if isinstance(event, VisitChanged):
            self.visit_changed.emit(event)
        elif isinstance(event, RecordsChanged):
            self.records_changed.emit(event)
