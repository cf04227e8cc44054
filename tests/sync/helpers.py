"""Visits timed, finished and signed as the treatment screen writes them, on any store."""

from __future__ import annotations

from tests.store.helpers import ended, started
from timer_app.clinic.port import StorePort
from timer_app.records import Diagnosis, Visit, VisitSealed
from timer_app.records.changes import DiagnosesSet
from timer_app.session.clock import FakeClock
from timer_app.session.model import (
    IntervalEnded,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)

KNEE = (Diagnosis("M17.11", "Unilateral primary osteoarthritis, right knee"),)


def finished(store: StorePort, visit: Visit, clock: FakeClock, seconds: int = 900) -> Visit:
    """One 97110 of `seconds`, ended, the visit finished."""
    interval = started(visit, "97110", clock.now())
    visit = store.write_visit(visit.id, visit.revision, [IntervalStarted(interval)], "Dana")
    clock.advance(seconds)
    changes = [IntervalEnded(ended(interval, seconds)),
               VisitStatusChanged(visit.id, VisitStatus.FINISHED)]  # fmt: skip
    return store.write_visit(visit.id, visit.revision, changes, "Dana")


def sign(store: StorePort, visit: Visit, clock: FakeClock, workstation: str = "Room 1") -> Visit:
    signing = VisitStatusChanged(visit.id, VisitStatus.SIGNED, visit.clinician_id, clock.now())
    changes = [DiagnosesSet(KNEE), VisitSealed(workstation, (("97110", (), 1, 15),)), signing]
    return store.write_visit(visit.id, visit.revision, changes, "Dana")


def signed(store: StorePort, visit: Visit, clock: FakeClock) -> Visit:
    return sign(store, finished(store, visit, clock), clock)
