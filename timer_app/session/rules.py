"""Which codes may run together, and when two intervals share a moment.

One-on-one and constant-attendance timed codes need the clinician's undivided time, so one
runs at a time per clinician. Group codes exclude one-on-one codes for the patient (all
clinicians of the visit): the same minutes cannot be billed both ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from timer_app.billing.catalog import Catalog, Code
from timer_app.session.model import Interval


def cannot_share_time(new: Code, new_clinician: int, other: Code, other_clinician: int) -> bool:
    """Whether `new` and `other` may not run in the same minutes for one patient."""
    if new.is_exclusive and other.is_exclusive:
        return new_clinician == other_clinician
    return (new.is_group and other.is_exclusive) or (new.is_exclusive and other.is_group)


def conflicts(
    code: Code, clinician_id: int, others: Iterable[Interval], catalog: Catalog
) -> list[Interval]:
    """The intervals among `others` that may not share time with `code` for `clinician_id`."""
    return [
        other
        for other in others
        if cannot_share_time(code, clinician_id, catalog[other.code], other.clinician_id)
    ]


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Whether two half-open spans share a moment (touching ends do not)."""
    return a_start < b_end and b_start < a_end


def ms_between(start: datetime, end: datetime) -> int:
    """Whole milliseconds from start to end (never negative)."""
    delta = end - start
    ms = delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000
    return max(ms, 0)
