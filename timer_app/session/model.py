"""A visit's timing data, shared by the timer engine and the store.

The engine produces `Change`s; the store writes each batch of changes in one transaction.
Plain frozen dataclasses: no Qt, no SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class VisitStatus(StrEnum):
    OPEN = "open"  # being timed
    FINISHED = "finished"  # timing ended, not yet signed
    SIGNED = "signed"  # signed by the clinician: never edited in place again
    BILLED = "billed"  # the front desk sent the claim

    @property
    def locked(self) -> bool:
        """Signed and billed visits change only through an amendment (a new version)."""
        return self in (VisitStatus.SIGNED, VisitStatus.BILLED)


@dataclass(frozen=True, slots=True)
class Interval:
    """One stretch of time on one code. Stored the moment it starts."""

    id: str  # uuid4 hex, made by the engine so the row can be written before anything else
    visit_id: int
    code: str
    clinician_id: int
    start: datetime  # UTC wall time
    end: datetime | None  # None while running
    duration_ms: int = 0  # measured on the monotonic clock when it ended; 0 while running

    @property
    def running(self) -> bool:
        return self.end is None


# --- changes the engine asks the store to write, in order, in one transaction ---------


@dataclass(frozen=True, slots=True)
class IntervalStarted:
    interval: Interval


@dataclass(frozen=True, slots=True)
class IntervalEnded:
    interval: Interval  # with its end and duration_ms


@dataclass(frozen=True, slots=True)
class IntervalRemoved:
    """Undo of a start: the interval never happened."""

    interval: Interval


@dataclass(frozen=True, slots=True)
class IntervalReopened:
    """Undo of a stop: the interval runs again (end and duration cleared)."""

    interval: Interval


@dataclass(frozen=True, slots=True)
class IntervalEdited:
    before: Interval
    after: Interval
    reason: str


@dataclass(frozen=True, slots=True)
class IntervalRecovered:
    """The answer after a crash: `after` ended at the last heartbeat, or kept running
    unchanged (the gap billed); the reason, with the gap, goes to the visit's history."""

    before: Interval
    after: Interval
    reason: str


@dataclass(frozen=True, slots=True)
class VisitStatusChanged:
    visit_id: int
    status: VisitStatus
    by: int | None = None  # the clinician who signed (SIGNED only)
    at: datetime | None = None  # UTC wall time of the signature (SIGNED only)


Change = (
    IntervalStarted
    | IntervalEnded
    | IntervalRemoved
    | IntervalReopened
    | IntervalEdited
    | IntervalRecovered
    | VisitStatusChanged
)


def apply_change(intervals: dict[str, Interval], change: Change) -> None:
    """Replay one change onto intervals by id: what every store does to its intervals."""
    match change:
        case IntervalStarted(interval) | IntervalEnded(interval) | IntervalReopened(interval):
            intervals[interval.id] = interval
        case IntervalEdited(_, after, _) | IntervalRecovered(_, after, _):
            intervals[after.id] = after
        case IntervalRemoved(interval):
            del intervals[interval.id]
        case VisitStatusChanged():
            pass  # the visit row, not an interval
