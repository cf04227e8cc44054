"""Co-treatment: two clinicians' one-on-one minutes with one patient count once.

Medicare Part B pays a patient's treatment time once: when a therapist and an assistant (or
two therapists) time one-on-one codes for the same patient in the same minutes, those
minutes belong to one code (BILLING_RULES.md s.6, co-treatment). By default the therapist's
interval keeps them (minutes spent together are the therapist's, which is also CMS's rule
for CQ/CO); `keep` lets the clinician name the codes that keep shared minutes instead.
Supervised, untimed and group codes run beside one-on-one time and are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from timer_app.billing.catalog import Catalog
from timer_app.billing.result import TimedInterval

_MS = timedelta(milliseconds=1)


@dataclass(frozen=True, slots=True)
class SharedTime:
    """Minutes two clinicians timed together: `kept` bills them, `given_up` does not."""

    kept: str  # the code that keeps the minutes
    given_up: str  # the code that gave them up (the same code when both timed it)
    seconds: int
    kept_by_assistant: bool
    given_up_by_assistant: bool


@dataclass(frozen=True, slots=True)
class Sharing:
    lost_seconds: dict[str, int]  # code -> seconds its intervals gave up
    assistant_seconds: dict[str, int]  # code -> the assistants' own seconds, shared ones out
    shared: tuple[SharedTime, ...]

    def codes(self) -> tuple[str, ...]:
        """The codes that shared minutes, in the order first met: any may keep them."""
        return tuple(dict.fromkeys(c for s in self.shared for c in (s.kept, s.given_up)))

    def seconds_of(self, code: str, timed: int) -> int:
        """A code's seconds once the minutes it gave up are taken out."""
        return max(timed - self.lost_seconds.get(code, 0), 0)


NO_SHARING = Sharing({}, {}, ())


def share(
    intervals: Sequence[TimedInterval], catalog: Catalog, keep: Sequence[str] = ()
) -> Sharing:
    """Who bills the minutes that several clinicians timed one-on-one at once."""
    exclusive = [i for i in intervals if i.code in catalog and catalog[i.code].is_exclusive]
    lost_ms: dict[int, int] = {}
    shared_ms: dict[tuple[int, int], int] = {}
    points = sorted({moment for i in exclusive for moment in (i.start, i.end)})
    for start, end in pairwise(points):
        active = [n for n, i in enumerate(exclusive) if i.start <= start and end <= i.end]
        if len({exclusive[n].who for n in active}) < 2:
            continue
        winner = min(active, key=lambda n: _priority(exclusive[n], keep))
        for n in active:
            if n != winner:
                ms = (end - start) // _MS
                lost_ms[n] = lost_ms.get(n, 0) + ms
                shared_ms[(winner, n)] = shared_ms.get((winner, n), 0) + ms
    return Sharing(
        _by_code(exclusive, lost_ms),
        _assistant_seconds(intervals, exclusive, lost_ms),
        tuple(_shared(exclusive, shared_ms)),
    )


def _priority(interval: TimedInterval, keep: Sequence[str]) -> tuple[int, bool, datetime, str]:
    """Who keeps shared minutes: a code the clinician named, else the therapist, else the
    one started first."""
    named = keep.index(interval.code) if interval.code in keep else len(keep)
    return (named, interval.by_assistant, interval.start, interval.code)


def _by_code(exclusive: Sequence[TimedInterval], lost_ms: dict[int, int]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for n, ms in lost_ms.items():
        code = exclusive[n].code
        totals[code] = totals.get(code, 0) + ms
    return {code: ms // 1000 for code, ms in totals.items()}


def _assistant_seconds(
    intervals: Sequence[TimedInterval],
    exclusive: Sequence[TimedInterval],
    lost_ms: dict[int, int],
) -> dict[str, int]:
    lost = {id(exclusive[n]): ms for n, ms in lost_ms.items()}
    totals: dict[str, int] = {}
    for interval in intervals:
        if interval.by_assistant:
            ms = (interval.end - interval.start) // _MS - lost.get(id(interval), 0)
            totals[interval.code] = totals.get(interval.code, 0) + max(ms, 0)
    return {code: ms // 1000 for code, ms in totals.items()}


def _shared(
    exclusive: Sequence[TimedInterval], shared_ms: dict[tuple[int, int], int]
) -> list[SharedTime]:
    merged: dict[tuple[str, str, bool, bool], int] = {}
    for (kept, given), ms in shared_ms.items():
        a, b = exclusive[kept], exclusive[given]
        key = (a.code, b.code, a.by_assistant, b.by_assistant)
        merged[key] = merged.get(key, 0) + ms
    return [
        SharedTime(kept, given, ms // 1000, kept_assistant, given_assistant)
        for (kept, given, kept_assistant, given_assistant), ms in merged.items()
        if ms >= 1000
    ]
