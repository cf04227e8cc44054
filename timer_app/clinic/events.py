"""What the services tell whoever listens: a visit changed, or the clinic's records did.

The services publish after a change is stored; the Qt side turns each event into a signal
(`timer_app.ui.clinic_signals`), so the front desk list and the therapist's screen update
by themselves when the other changes something. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class VisitEvent(StrEnum):
    OPENED = "opened"  # a new visit, or one put back on the treatment screen
    TIMED = "timed"  # its intervals or its status changed while being timed
    SIGNED = "signed"
    AMENDED = "amended"  # a new version replaced it (`visit_id` is the new one)
    BILLED = "billed"
    PAID = "paid"
    RELOADED = "reloaded"  # changed elsewhere: read again from the store


class Records(StrEnum):
    CLINIC = "clinic"
    CLINICIANS = "clinicians"
    PAYERS = "payers"
    PATIENTS = "patients"
    CODES = "codes"
    USERS = "users"
    EVERYTHING = "everything"  # the demo clinic filled an empty file
    VISITS = "visits"  # visits signed, amended or billed on another computer


@dataclass(frozen=True, slots=True)
class VisitChanged:
    visit_id: int
    what: VisitEvent


@dataclass(frozen=True, slots=True)
class RecordsChanged:
    what: Records


Event = VisitChanged | RecordsChanged
Listener = Callable[[Event], None]


class Events:
    """The services' outbox: every listener hears every event, in order."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Listen from now on; call what is returned to stop."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def publish(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    def visit(self, visit_id: int, what: VisitEvent) -> None:
        self.publish(VisitChanged(visit_id, what))

    def records(self, what: Records) -> None:
        self.publish(RecordsChanged(what))
