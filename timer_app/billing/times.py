"""A visit's times, checked: each code's seconds in start order, co-treatment settled."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from timer_app.billing.catalog import Catalog, Code
from timer_app.billing.result import TimedInterval
from timer_app.billing.sharing import NO_SHARING, Sharing, share
from timer_app.errors import UserError

MAX_VISIT_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class VisitTimes:
    """The input, checked: codes in the order they were started, with their seconds (the
    minutes co-treatment gave to another code taken out)."""

    codes: tuple[Code, ...]
    seconds: dict[str, int]
    intervals: tuple[TimedInterval, ...]
    sharing: Sharing = NO_SHARING

    @property
    def timed(self) -> list[Code]:
        return [code for code in self.codes if code.is_timed]


def collect_times(
    code_seconds: Mapping[str, int] | Iterable[tuple[str, int]],
    catalog: Catalog,
    intervals: Sequence[TimedInterval] = (),
    shared_minutes_to: Sequence[str] = (),
) -> VisitTimes:
    """Sum each code's seconds, in the order the codes were first started (or listed)."""
    pairs = code_seconds.items() if isinstance(code_seconds, Mapping) else code_seconds
    seconds: dict[str, int] = {}
    for raw_code, raw_seconds in pairs:
        code = catalog.lookup(raw_code).code
        if not isinstance(raw_seconds, int) or raw_seconds < 0:
            raise UserError(f"{code}: time must be a whole, non-negative number of seconds")
        seconds[code] = seconds.get(code, 0) + raw_seconds
    if not seconds:
        raise UserError("no codes given; give at least one code with its time")
    if sum(seconds.values()) > MAX_VISIT_SECONDS:
        raise UserError("more than 24 hours of time in one visit; check the durations")
    if intervals:
        first_start: dict[str, datetime] = {}
        for interval in sorted(intervals, key=lambda i: i.start):
            first_start.setdefault(interval.code, interval.start)
        order = sorted(seconds, key=lambda c: (c not in first_start, first_start.get(c)))
        seconds = {code: seconds[code] for code in order}
    sharing = share(intervals, catalog, shared_minutes_to) if intervals else NO_SHARING
    seconds = {code: sharing.seconds_of(code, total) for code, total in seconds.items()}
    return VisitTimes(tuple(catalog[c] for c in seconds), seconds, tuple(intervals), sharing)
