"""One clinician timed one-on-one in two rooms at once: flagged on both workstations while
they reach the clinic server (each sees the other's running codes, `WorkstationLink`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, tzinfo
from typing import Protocol

from timer_app.billing import Catalog
from timer_app.session import ConcurrentTimingWarning, TimerBoard


class CodeTimedElsewhere(Protocol):
    @property
    def workstation(self) -> str: ...

    @property
    def clinician_id(self) -> int: ...

    @property
    def code(self) -> str: ...

    @property
    def start(self) -> datetime: ...  # UTC


def two_room_warnings(
    board: TimerBoard, elsewhere: Sequence[CodeTimedElsewhere], name_of: Callable[[int], str],
    tz: tzinfo,
) -> list[ConcurrentTimingWarning]:  # fmt: skip
    """Each running one-on-one code here whose clinician times one on another workstation."""
    found = []
    for timer in board:
        for here in (i for i in timer.running if timer.catalog[i.code].is_exclusive):
            for other in _exclusive_elsewhere(elsewhere, timer.catalog, here.clinician_id):
                since = max(here.start, other.start)
                message = (
                    f"{name_of(here.clinician_id)} is timing {here.code} here and {other.code} "
                    f"one-on-one on {other.workstation} since {since.astimezone(tz):%H:%M}: "
                    "one clinician cannot give two patients one-on-one time at once. Stop "
                    "one, or record it as group."
                )
                found.append(ConcurrentTimingWarning(
                    here.clinician_id, (timer.visit_id, timer.visit_id),
                    (here.code, other.code), since, timer.now(), message,
                ))  # fmt: skip
    return found


def _exclusive_elsewhere(
    elsewhere: Iterable[CodeTimedElsewhere], catalog: Catalog, clinician_id: int
) -> list[CodeTimedElsewhere]:
    """Its one-on-one codes (a code this computer does not know is not judged)."""
    return [
        e for e in elsewhere
        if e.clinician_id == clinician_id and e.code in catalog and catalog[e.code].is_exclusive
    ]  # fmt: skip
