"""A visit's minutes in, its billing out: lines, units, modifiers, warnings, explanation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from timer_app.billing.assistants import assistant_codes
from timer_app.billing.catalog import Catalog, Code, Discipline, load_catalog
from timer_app.billing.edits import EditPair, load_edit_pairs
from timer_app.billing.explain import explain
from timer_app.billing.flags import find_warnings, modifier_59_codes
from timer_app.billing.kx import YearToDate, kx_warning, visit_charges
from timer_app.billing.profiles import PayerProfile, Rule
from timer_app.billing.result import BillingLine, BillingWarning, TimedInterval, VisitBilling
from timer_app.billing.units import (
    UNIT_MINUTES,
    Activity,
    Allocation,
    allocate_ama,
    allocate_cms,
    legal_allocations,
    to_minutes,
)
from timer_app.errors import UserError

MAX_VISIT_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class VisitTimes:
    """The input, checked: codes in the order they were started, with their seconds."""

    codes: tuple[Code, ...]
    seconds: dict[str, int]
    intervals: tuple[TimedInterval, ...]

    @property
    def timed(self) -> list[Code]:
        return [code for code in self.codes if code.is_timed]


def collect_times(
    code_seconds: Mapping[str, int] | Iterable[tuple[str, int]],
    catalog: Catalog,
    intervals: Sequence[TimedInterval] = (),
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
    return VisitTimes(tuple(catalog[c] for c in seconds), seconds, tuple(intervals))


def infer_discipline(codes: Iterable[Code]) -> Discipline:
    """The discipline every code is used by (PT first), else the first code's own."""
    codes = list(codes)
    for discipline in Discipline:
        if all(discipline in code.disciplines for code in codes):
            return discipline
    return codes[0].disciplines[0] if codes else Discipline.PT


def _activities(
    times: VisitTimes, profile: PayerProfile, fees: Mapping[str, int]
) -> list[Activity]:
    seconds: dict[str, int] = {}
    for code in times.timed:
        seconds[code.activity] = seconds.get(code.activity, 0) + times.seconds[code.code]
    return [
        Activity(key, to_minutes(total, profile.minutes_policy), fees.get(key, 0), order)
        for order, (key, total) in enumerate(seconds.items())
    ]


def _allocate(activities: list[Activity], profile: PayerProfile) -> Allocation:
    if profile.rule is Rule.CMS:
        return allocate_cms(activities, profile.tie_break)
    return allocate_ama(activities)


def _split_activity(
    first: Code, activity: Activity, units: int, times: VisitTimes, catalog: Catalog
) -> list[tuple[Code, int, int, int]]:
    """(code, seconds, minutes, units) rows of one activity; 97129's further units are 97130."""
    seconds = sum(times.seconds.get(c, 0) for c in (first.code, first.add_on) if c)
    if first.add_on is None:
        return [(first, seconds, activity.minutes, units)]
    add_on = catalog[first.add_on]
    if units < 2:
        lines = [(first, seconds, activity.minutes, units)]
        return [*lines, (add_on, 0, 0, 0)] if add_on.code in times.seconds else lines
    first_seconds = min(seconds, UNIT_MINUTES * 60)
    return [
        (first, first_seconds, UNIT_MINUTES, 1),
        (add_on, seconds - first_seconds, activity.minutes - UNIT_MINUTES, units - 1),
    ]


Row = tuple[Code, int, int, int]  # code, seconds, minutes, units


def _timed_rows(
    units: Mapping[str, int], activities: Sequence[Activity], times: VisitTimes, catalog: Catalog
) -> dict[str, list[Row]]:
    """Each activity's rows, by activity, in start order."""
    return {
        a.key: _split_activity(catalog[a.key], a, units[a.key], times, catalog) for a in activities
    }


def _units_by_code(rows: dict[str, list[Row]]) -> dict[str, int]:
    return {row[0].code: row[3] for activity_rows in rows.values() for row in activity_rows}


def _lines(
    times: VisitTimes,
    timed_rows: dict[str, list[Row]],
    profile: PayerProfile,
    discipline: Discipline,
    extra: dict[str, tuple[str, ...]],
) -> tuple[BillingLine, ...]:
    lines = []
    emitted = set()
    for code in times.codes:
        if code.is_timed:
            if code.activity not in emitted:  # 97130 is listed beside 97129, once
                emitted.add(code.activity)
                lines += [_line(*row, discipline, extra) for row in timed_rows[code.activity]]
        else:
            seconds = times.seconds[code.code]
            bundled = code.code in profile.bundled_codes
            minutes = to_minutes(seconds, profile.minutes_policy)
            units = 0 if bundled else 1
            lines.append(_line(code, seconds, minutes, units, discipline, extra, bundled))
    return tuple(lines)


def _line(
    code: Code,
    seconds: int,
    minutes: int,
    units: int,
    discipline: Discipline,
    extra: dict[str, tuple[str, ...]],
    bundled: bool = False,
) -> BillingLine:
    modifiers = (discipline.modifier, *extra.get(code.code, ()))
    return BillingLine(
        code.code, code.label, code.kind, seconds, minutes, units, modifiers, bundled
    )


def _billed_codes(
    timed_rows: dict[str, list[Row]], times: VisitTimes, profile: PayerProfile
) -> set[str]:
    """Codes with units on the claim: timed ones that earned units, untimed ones not bundled."""
    billed = {code for code, units in _units_by_code(timed_rows).items() if units > 0}
    untimed = {c.code for c in times.codes if not c.is_timed}
    return billed | (untimed - profile.bundled_codes)


def _extra_modifiers(
    times: VisitTimes, billed: set[str], pairs: Sequence[EditPair], discipline: Discipline
) -> dict[str, tuple[str, ...]]:
    """Modifiers beyond GP/GO/GN that the intervals prove: 59 and CQ/CO."""
    if not times.intervals:
        return {}
    extra: dict[str, tuple[str, ...]] = {}
    for code in modifier_59_codes(billed, pairs, times.intervals):
        extra[code] = ("59",)
    for code, modifier in assistant_codes(times.intervals, discipline).items():
        if code in billed:
            extra[code] = (*extra.get(code, ()), modifier)
    return extra


def _warnings_with(
    first: BillingWarning | None, rest: Callable[[], tuple[BillingWarning, ...]]
) -> tuple[BillingWarning, ...]:
    return (first, *rest()) if first is not None else rest()


class IllegalChoiceError(UserError):
    """The units asked for are not among the rule's legal answers for these minutes."""


def _pick(
    allocation: Allocation,
    chosen: Mapping[str, int] | None,
    options: list[tuple[dict[str, int], dict[str, int]]],
) -> tuple[dict[str, int], bool]:
    """The units to bill: the policy's answer, or the therapist's legal choice among `options`
    (each: units by activity, units by code)."""
    if chosen is None:
        return allocation.units, False
    for by_activity, by_code in options:
        if by_code == dict(chosen):
            return by_activity, True
    raise IllegalChoiceError("that choice of units is not one of the legal answers for this visit")


def total_treatment_minutes(times: VisitTimes, per_code_minutes: int, profile: PayerProfile) -> int:
    """Clock time treated: overlapping intervals count once; without intervals, the sum."""
    if not times.intervals:
        return per_code_minutes
    spans = sorted((i.start, i.end) for i in times.intervals)
    covered, (start, end) = 0, spans[0]
    for next_start, next_end in spans[1:]:
        if next_start > end:
            covered += int((end - start).total_seconds())
            start, end = next_start, next_end
        else:
            end = max(end, next_end)
    covered += int((end - start).total_seconds())
    return min(per_code_minutes, to_minutes(covered, profile.minutes_policy))


def bill_visit(
    code_seconds: Mapping[str, int] | Iterable[tuple[str, int]],
    profile: PayerProfile,
    discipline: Discipline | None = None,
    *,
    catalog: Catalog | None = None,
    intervals: Sequence[TimedInterval] = (),
    fees: Mapping[str, int] | None = None,
    chosen: Mapping[str, int] | None = None,
    edit_pairs: Sequence[EditPair] | None = None,
    year_to_date: YearToDate | None = None,
) -> VisitBilling:
    """Bill one visit under `profile`. Raises UserError for input that cannot be billed.

    `code_seconds` lists each code's seconds (a code may repeat; its seconds add up) in the
    order the codes were started. `intervals`, when known, give the time blocks that decide
    modifier 59 and group overlap. `chosen` is the therapist's pick among the legal answers
    when a tie leaves a choice. `year_to_date`, when known, is the patient's amount this
    year in the visit's therapy bucket before this visit: it decides KX.
    """
    catalog = catalog or load_catalog()
    times = collect_times(code_seconds, catalog, intervals)
    discipline = discipline or infer_discipline(times.codes)
    activities = _activities(times, profile, fees or {})
    allocation = _allocate(activities, profile)
    options = [
        (units, _units_by_code(_timed_rows(units, activities, times, catalog)))
        for units in legal_allocations(allocation)
    ]
    units, picked = _pick(allocation, chosen, options)
    timed_rows = _timed_rows(units, activities, times, catalog)
    pairs = load_edit_pairs() if edit_pairs is None else edit_pairs
    billed = _billed_codes(timed_rows, times, profile)
    extra = _extra_modifiers(times, billed, pairs, discipline)
    lines = _lines(times, timed_rows, profile, discipline, extra)
    kx = (
        None
        if year_to_date is None
        else kx_warning(profile, discipline, year_to_date, visit_charges(lines, fees or {}))
    )
    if kx is not None:  # every billed line of the visit carries KX
        extra = {code: (*extra.get(code, ()), "KX") for code in billed}
        lines = _lines(times, timed_rows, profile, discipline, extra)
    timed_minutes = sum(a.minutes for a in activities)
    treatment = total_treatment_minutes(times, sum(line.minutes for line in lines), profile)
    warnings = partial(
        find_warnings, times.codes, lines, profile, discipline, billed, pairs, times.intervals
    )
    return VisitBilling(
        rule=profile.rule,
        payer=profile.name,
        discipline=discipline,
        lines=lines,
        total_timed_minutes=timed_minutes,
        total_treatment_minutes=max(treatment, timed_minutes),
        total_timed_units=allocation.total_units,
        alternatives=tuple(by_code for _, by_code in options),
        tie_broken=allocation.has_choice,
        find_warnings=partial(_warnings_with, kx, warnings),
        explain=partial(
            explain, lines, activities, allocation, profile, picked, timed_minutes, treatment,
            catalog,
        ),
    )
