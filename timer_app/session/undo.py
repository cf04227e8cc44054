"""The changes that take a command back, for the store to write like any other batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from timer_app.session.model import (
    Change,
    IntervalEdited,
    IntervalEnded,
    IntervalRecovered,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)


def _inverse(change: Change, status_before: VisitStatus) -> Change:
    match change:
        case IntervalStarted(interval):
            return IntervalRemoved(interval)
        case IntervalEnded(interval):
            return IntervalReopened(replace(interval, end=None, duration_ms=0))
        case IntervalEdited(before, after, reason) | IntervalRecovered(before, after, reason):
            return IntervalEdited(after, before, f"undo of: {reason}")
        case VisitStatusChanged(visit_id, _):
            return VisitStatusChanged(visit_id, status_before)
        case IntervalRemoved(interval):
            return IntervalStarted(interval)
        case IntervalReopened(interval):
            raise AssertionError(f"a command never reopens {interval.id}; only undo does")


def inverse(changes: Sequence[Change], status_before: VisitStatus) -> tuple[Change, ...]:
    """The changes that undo `changes`, last first."""
    return tuple(_inverse(change, status_before) for change in reversed(changes))
