"""Live figures of a visit at one moment: what the tiles and the totals bar show.

Plain frozen data, computed from the intervals and their elapsed milliseconds; billing is
asked once per distinct input, so the UI may ask every second for every tile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from timer_app.billing.bill import bill_visit, unit_lengths
from timer_app.billing.catalog import Catalog, Discipline
from timer_app.billing.profiles import PayerProfile, Rule
from timer_app.billing.result import TimedInterval, VisitBilling
from timer_app.errors import UserError
from timer_app.session.model import Interval, VisitStatus
from timer_app.session.next_unit import own_next_unit, pooled_next_unit


@dataclass(frozen=True, slots=True)
class CodeFigures:
    """One code's tile: its time so far and what it earns."""

    code: str
    tile: str  # the short label the tile shows
    timed: bool
    running: bool
    elapsed_seconds: int  # the sum of its intervals' milliseconds, floored once
    units: int  # units so far under the visit's rule (untimed: 1, or 0 when bundled)
    seconds_to_next_unit: int | None  # None for untimed codes
    clinician_ids: tuple[int, ...] = ()  # who timed it, in the order they started


@dataclass(frozen=True, slots=True)
class VisitSnapshot:
    """The whole visit at one moment."""

    visit_id: int
    status: VisitStatus
    at: datetime  # UTC wall time of the moment
    codes: tuple[CodeFigures, ...]  # in the order the codes were first started
    running: tuple[str, ...]  # running codes, in start order
    paused: tuple[str, ...]  # codes `resume()` would restart
    total_timed_minutes: int
    total_treatment_minutes: int
    total_timed_units: int
    billing: VisitBilling | None  # None before any code was timed or when billing refused
    billing_problem: str | None = None  # billing's own message when it refused
    can_undo: bool = False

    def code(self, code: str) -> CodeFigures:
        for figures in self.codes:
            if figures.code == code:
                return figures
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class BillingInput:
    """Everything billing reads, hashable so that a repeated question is answered once."""

    code_seconds: tuple[tuple[str, int], ...]
    intervals: tuple[TimedInterval, ...]


class BillingMemo:
    """Remembers the last answer: the UI asks many times within one second."""

    def __init__(
        self,
        profile: PayerProfile,
        discipline: Discipline,
        catalog: Catalog,
        fees: Mapping[str, int] | None,
    ) -> None:
        self._profile, self._discipline = profile, discipline
        self._catalog, self._fees = catalog, dict(fees or {})
        self._last: tuple[BillingInput, VisitBilling | None, str | None] | None = None

    def bill(self, wanted: BillingInput) -> tuple[VisitBilling | None, str | None]:
        if self._last is not None and self._last[0] == wanted:
            return self._last[1], self._last[2]
        billing, problem = self._compute(wanted)
        self._last = (wanted, billing, problem)
        return billing, problem

    def _compute(self, wanted: BillingInput) -> tuple[VisitBilling | None, str | None]:
        if not wanted.code_seconds:
            return None, None
        try:
            billing = bill_visit(
                wanted.code_seconds,
                self._profile,
                self._discipline,
                catalog=self._catalog,
                intervals=wanted.intervals,
                fees=self._fees,
            )
        except UserError as error:  # shown on screen, never swallowed
            return None, error.message
        return billing, None


def code_order(intervals: Sequence[Interval]) -> list[str]:
    """Codes by their first start (ties: the order they were recorded)."""
    first: dict[str, datetime] = {}
    for interval in intervals:
        if interval.code not in first or interval.start < first[interval.code]:
            first[interval.code] = interval.start
    return sorted(first, key=lambda code: first[code])


def code_milliseconds(
    intervals: Sequence[Interval], elapsed_ms: Mapping[str, int]
) -> dict[str, int]:
    """Each code's milliseconds, in start order."""
    totals = dict.fromkeys(code_order(intervals), 0)
    for interval in intervals:
        totals[interval.code] += elapsed_ms[interval.id]
    return totals


def code_seconds(intervals: Sequence[Interval]) -> dict[str, int]:
    """Each code's seconds from its ended intervals, in start order: what billing takes.

    The milliseconds are summed first and floored once per code: three intervals of 0.6 s
    are 1 second, never 0 (each floored) nor 2 (each rounded).
    """
    ended = [i for i in intervals if not i.running]
    totals = code_milliseconds(ended, {i.id: i.duration_ms for i in ended})
    return {code: ms // 1000 for code, ms in totals.items()}


def _clinicians(intervals: Sequence[Interval]) -> dict[str, tuple[int, ...]]:
    found: dict[str, dict[int, None]] = {}  # a dict keeps the order a set would lose
    for interval in sorted(intervals, key=lambda i: i.start):
        found.setdefault(interval.code, {})[interval.clinician_id] = None
    return {code: tuple(who) for code, who in found.items()}


def _next_unit_seconds(
    code_seconds: Mapping[str, int], running: Sequence[str], catalog: Catalog, profile: PayerProfile
) -> dict[str, int]:
    """Seconds to the next unit for each timed code, under the visit's rule; a code whose
    units are not 15 minutes counts on its own."""
    activity_seconds: dict[str, int] = {}
    own: dict[str, int] = {}
    for code, seconds in code_seconds.items():
        if catalog[code].is_timed:
            key = catalog[code].activity
            into = activity_seconds if catalog[code].pooled else own
            into[key] = into.get(key, 0) + seconds
    policy = profile.minutes_policy
    own_figures = {
        code: own_next_unit(own[catalog[code].activity], policy,
                            unit_lengths(catalog[catalog[code].activity], catalog))
        for code in code_seconds
        if catalog[code].is_timed and not catalog[code].pooled
    }  # fmt: skip
    return {**_pooled_next_units(code_seconds, activity_seconds, running, catalog, profile),
            **own_figures}  # fmt: skip


def _pooled_next_units(
    code_seconds: Mapping[str, int],
    activity_seconds: Mapping[str, int],
    running: Sequence[str],
    catalog: Catalog,
    profile: PayerProfile,
) -> dict[str, int]:
    policy = profile.minutes_policy
    pooled = [code for code in code_seconds if catalog[code].pooled]
    if profile.rule is Rule.AMA:
        each = {key: own_next_unit(s, policy) for key, s in activity_seconds.items()}
        return {code: each[catalog[code].activity] for code in pooled}
    running_keys = {catalog[c].activity for c in running if catalog[c].pooled}
    if running_keys:  # the same figure on every tile: the pool grows with what runs
        figure = pooled_next_unit(activity_seconds, running_keys, policy)
        return dict.fromkeys(pooled, figure)
    # Nothing timed runs: what each code would need if it were started again on its own.
    return {
        code: pooled_next_unit(activity_seconds, {catalog[code].activity}, policy)
        for code in pooled
    }


@dataclass(frozen=True, slots=True)
class Moment:
    """One reading of the clock: wall time for timestamps, integer ms for durations."""

    wall: datetime
    mono_ms: int


def build_snapshot(
    *,
    visit_id: int,
    status: VisitStatus,
    moment: Moment,
    intervals: Sequence[Interval],
    elapsed_ms: Mapping[str, int],
    paused: Sequence[str],
    can_undo: bool,
    catalog: Catalog,
    profile: PayerProfile,
    memo: BillingMemo,
) -> VisitSnapshot:
    seconds = {c: ms // 1000 for c, ms in code_milliseconds(intervals, elapsed_ms).items()}
    running_now = {i.code for i in intervals if i.running}
    running = [code for code in seconds if code in running_now]
    spans = tuple(
        TimedInterval(i.code, i.start, i.end or moment.wall, clinician=str(i.clinician_id))
        for i in intervals
    )
    billing, problem = memo.bill(BillingInput(tuple(seconds.items()), spans))
    units = billing.units_by_code() if billing else {}
    to_next = _next_unit_seconds(seconds, running, catalog, profile)
    clinicians = _clinicians(intervals)
    codes = tuple(
        CodeFigures(
            code=code,
            tile=catalog[code].tile,
            timed=catalog[code].is_timed,
            running=code in running,
            elapsed_seconds=elapsed,
            units=units.get(code, 0),
            seconds_to_next_unit=to_next.get(code),
            clinician_ids=clinicians[code],
        )
        for code, elapsed in seconds.items()
    )
    return VisitSnapshot(
        visit_id=visit_id,
        status=status,
        at=moment.wall,
        codes=codes,
        running=tuple(running),
        paused=tuple(paused),
        total_timed_minutes=billing.total_timed_minutes if billing else 0,
        total_treatment_minutes=billing.total_treatment_minutes if billing else 0,
        total_timed_units=billing.total_timed_units if billing else 0,
        billing=billing,
        billing_problem=problem,
        can_undo=can_undo,
    )
