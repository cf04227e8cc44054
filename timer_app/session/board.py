"""Several open visits at once, and the warning when one clinician times two patients.

Medicare treats one clinician's overlapping one-on-one minutes with two patients as group
therapy, so the board warns; it never refuses, since the clinician may be fixing a mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from timer_app.session.errors import TimerError
from timer_app.session.model import Interval
from timer_app.session.rules import overlaps
from timer_app.session.timer import VisitTimer


@dataclass(frozen=True, slots=True)
class ConcurrentTimingWarning:
    """One clinician timed one-on-one codes for two visits in the same minutes."""

    clinician_id: int
    visit_ids: tuple[int, int]
    codes: tuple[str, str]
    start: datetime  # UTC: when the shared minutes began
    end: datetime  # UTC: when they ended (now, while both run)
    message: str
    ongoing: bool = True  # both still run: the treatment screen shows it while this holds


@dataclass(frozen=True, slots=True)
class Names:
    """How a warning names people. The board knows ids only; the clinic layer passes the
    names in (asked only when a warning is found: a repaint without one reads nothing)."""

    clinician: Callable[[int], str] = lambda clinician_id: f"clinician {clinician_id}"
    patient: Callable[[int], str] = lambda visit_id: f"the patient of visit {visit_id}"


class TimerBoard:
    """The open visits of a workstation (or a clinic), by visit id."""

    def __init__(self) -> None:
        self._timers: dict[int, VisitTimer] = {}

    def add(self, timer: VisitTimer) -> None:
        if timer.visit_id in self._timers:
            raise TimerError(f"visit {timer.visit_id} is already open on the board.")
        self._timers[timer.visit_id] = timer

    def remove(self, visit_id: int) -> VisitTimer:
        timer = self._timers.pop(visit_id, None)
        if timer is None:
            raise TimerError(f"visit {visit_id} is not open on the board.")
        return timer

    def __getitem__(self, visit_id: int) -> VisitTimer:
        timer = self._timers.get(visit_id)
        if timer is None:
            raise TimerError(f"visit {visit_id} is not open on the board.")
        return timer

    def __iter__(self) -> Iterator[VisitTimer]:
        return iter(self._timers.values())

    def __len__(self) -> int:
        return len(self._timers)

    def warnings(self, names: Names | None = None) -> tuple[ConcurrentTimingWarning, ...]:
        """Every pair of one-on-one intervals of one clinician that share minutes across
        visits, and every visit where two clinicians time one-on-one codes right now."""
        names = names or Names()
        found = [w for timer in self._timers.values() if (w := _co_treatment(timer, names))]
        for first, second in combinations(self._timers.values(), 2):
            now = max(first.now(), second.now())
            for a in _exclusive(first):
                for b in _exclusive(second):
                    warning = _shared(first, a, second, b, now, names)
                    if warning is not None:
                        found.append(warning)
        return tuple(found)


def _co_treatment(timer: VisitTimer, names: Names) -> ConcurrentTimingWarning | None:
    """Two clinicians timing one-on-one codes for one patient at this moment."""
    running = [i for i in timer.running if timer.catalog[i.code].is_exclusive]
    if len({i.clinician_id for i in running}) < 2:
        return None
    first, second = sorted(running, key=lambda i: i.start)[:2]
    now = timer.now()
    message = (
        f"Co-treatment for {names.patient(timer.visit_id)}: "
        f"{names.clinician(first.clinician_id)} times {first.code} and "
        f"{names.clinician(second.clinician_id)} times {second.code}, both one-on-one, at the "
        f"same time. Medicare pays a patient's minutes once: the review counts them for one "
        f"code."
    )
    return ConcurrentTimingWarning(
        second.clinician_id, (timer.visit_id, timer.visit_id), (first.code, second.code),
        second.start, now, message,
    )  # fmt: skip


def _exclusive(timer: VisitTimer) -> list[Interval]:
    return [i for i in timer.intervals if timer.catalog[i.code].is_exclusive]


def _shared(
    first: VisitTimer, a: Interval, second: VisitTimer, b: Interval, now: datetime, names: Names
) -> ConcurrentTimingWarning | None:
    a_end, b_end = a.end or now, b.end or now
    if a.clinician_id != b.clinician_id or not overlaps(a.start, a_end, b.start, b_end):
        return None
    start, end = max(a.start, b.start), min(a_end, b_end)
    span = f"{first.day.clock_time(start)}–{first.day.clock_time(end)}"
    message = (
        f"{names.clinician(a.clinician_id)} timed one-on-one {a.code} for "
        f"{names.patient(first.visit_id)} and {b.code} for {names.patient(second.visit_id)} in "
        f"the same minutes ({span}). Medicare treats this as group therapy: stop one, correct "
        f"the times, or record it as group."
    )
    return ConcurrentTimingWarning(
        a.clinician_id, (first.visit_id, second.visit_id), (a.code, b.code), start, end, message,
        a.running and b.running,
    )  # fmt: skip
