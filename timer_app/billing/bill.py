"""A visit's minutes in, its billing out: lines, units, modifiers, warnings, explanation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from itertools import islice

from timer_app.billing.assistants import ASSISTANT_MODIFIERS, UnitSplit, split_units
from timer_app.billing.catalog import Catalog, Code, Discipline, load_catalog
from timer_app.billing.edits import EditPair, among, in_force, load_edit_pairs
from timer_app.billing.explain import explain
from timer_app.billing.flags import find_warnings, modifier_59_codes
from timer_app.billing.kx import YearToDate, kx_decision, visit_charges
from timer_app.billing.plan_of_care import PlaceOfService, telehealth_modifier
from timer_app.billing.profiles import PayerProfile, Rule
from timer_app.billing.result import BillingLine, BillingWarning, TimedInterval, VisitBilling
from timer_app.billing.rules import rules_coverage_warning
from timer_app.billing.times import VisitTimes, collect_times
from timer_app.billing.units import (
    Activity,
    Allocation,
    allocate_ama,
    allocate_cms,
    answer_count,
    is_legal,
    legal_allocations,
    midpoint_units,
    to_minutes,
)
from timer_app.errors import UserError


def infer_discipline(codes: Iterable[Code]) -> Discipline:
    """The discipline every code is used by (PT first), else the first code's own."""
    codes = list(codes)
    for discipline in Discipline:
        if all(discipline in code.disciplines for code in codes):
            return discipline
    return codes[0].disciplines[0] if codes else Discipline.PT


def _activities(
    times: VisitTimes, profile: PayerProfile, fees: Mapping[str, int], *, pooled: bool
) -> list[Activity]:
    """The 15-minute activities the rule pools (`pooled`), or those of other unit lengths."""
    seconds: dict[str, int] = {}
    for code in times.timed:
        if code.pooled is pooled:
            seconds[code.activity] = seconds.get(code.activity, 0) + times.seconds[code.code]
    return [
        Activity(key, to_minutes(total, profile.minutes_policy), fees.get(key, 0), order)
        for order, (key, total) in enumerate(seconds.items())
    ]


def unit_lengths(first: Code, catalog: Catalog) -> tuple[int, int]:
    """An activity's first unit and each further unit, in minutes (97550: 30 and 15)."""
    further = catalog[first.add_on].unit_minutes if first.add_on else first.unit_minutes
    return first.first_unit_minutes, further


def _own_units(activities: Sequence[Activity], catalog: Catalog) -> dict[str, int]:
    """Units of the codes whose units are not 15 minutes: each counted on its own."""
    return {
        a.key: midpoint_units(a.minutes, *unit_lengths(catalog[a.key], catalog)) for a in activities
    }


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
    length = first.first_unit_minutes
    first_seconds = min(seconds, length * 60)
    return [
        (first, first_seconds, length, 1),
        (add_on, seconds - first_seconds, activity.minutes - length, units - 1),
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
    splits: Mapping[str, UnitSplit],
) -> tuple[BillingLine, ...]:
    lines: list[BillingLine] = []
    emitted = set()
    for code in times.codes:
        if code.is_timed:
            if code.activity not in emitted:  # 97130 is listed beside 97129, once
                emitted.add(code.activity)
                split = splits.get(code.activity)
                lines += _activity_lines(timed_rows[code.activity], split, discipline, extra)
        else:
            seconds = times.seconds[code.code]
            bundled = code.code in profile.bundled_codes
            minutes = to_minutes(seconds, profile.minutes_policy)
            units = 0 if bundled else 1
            lines.append(_line(code, seconds, minutes, units, discipline, extra, (), bundled))
    return tuple(lines)


def _activity_lines(
    rows: list[Row],
    split: UnitSplit | None,
    discipline: Discipline,
    extra: dict[str, tuple[str, ...]],
) -> list[BillingLine]:
    """An activity's lines: one per code, or two when an assistant's units carry CQ/CO (the
    therapist's units first; 97129's one unit is the therapist's when there is one)."""
    if split is None or not split.assistant:
        return [_line(*row, discipline, extra) for row in rows]
    modifier = (ASSISTANT_MODIFIERS[discipline],)
    therapist_left, lines = split.therapist, []
    for code, seconds, minutes, units in rows:
        mine = min(units, therapist_left)
        therapist_left -= mine
        theirs = units - mine
        if not theirs or not mine:
            side = () if mine else modifier
            lines.append(_line(code, seconds, minutes, units, discipline, extra, side))
            continue
        their_minutes = split.assistant_minutes if len(rows) == 1 else minutes * theirs // units
        their_seconds = seconds * their_minutes // minutes if minutes else 0
        lines.append(
            _line(code, seconds - their_seconds, minutes - their_minutes, mine, discipline, extra)
        )
        lines.append(_line(code, their_seconds, their_minutes, theirs, discipline, extra, modifier))
    return lines


def _line(
    code: Code,
    seconds: int,
    minutes: int,
    units: int,
    discipline: Discipline,
    extra: dict[str, tuple[str, ...]],
    assistant: tuple[str, ...] = (),
    bundled: bool = False,
) -> BillingLine:
    modifiers = (discipline.modifier, *assistant, *extra.get(code.code, ()))
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


def _distinct_services(
    times: VisitTimes, billed: set[str], pairs: Sequence[EditPair], profile: PayerProfile
) -> dict[str, tuple[str, ...]]:
    """59 (or the payer's X modifier) where the intervals prove separate time blocks."""
    if not times.intervals:
        return {}
    modifier = (profile.distinct_service_modifier,)
    return dict.fromkeys(modifier_59_codes(billed, pairs, times.intervals), modifier)


def place_modifier(place_of_service: str, audio_only: bool, profile: PayerProfile) -> str | None:
    """The modifier every line of a telehealth visit carries (the profile's 95, or its 93 by
    telephone only); None in person, at a place billing knows nothing of, or when the payer
    wants none (an empty modifier in its profile)."""
    try:
        place = PlaceOfService(place_of_service)
    except ValueError:  # 22 and the like: no telehealth modifier
        return None
    modifier = telehealth_modifier(
        place, audio_only, profile.telehealth_modifier, profile.audio_only_modifier
    )
    return modifier or None


def _with_place(
    extra: Mapping[str, tuple[str, ...]], times: VisitTimes, modifier: str | None
) -> dict[str, tuple[str, ...]]:
    """59 (or X) first, then the telehealth modifier, on every code of the visit."""
    if modifier is None:
        return dict(extra)
    return {c.code: (*extra.get(c.code, ()), modifier) for c in times.codes}


def _splits(
    activities: Sequence[Activity],
    units: Mapping[str, int],
    times: VisitTimes,
    profile: PayerProfile,
    discipline: Discipline,
    catalog: Catalog,
) -> dict[str, UnitSplit]:
    """Whose each unit is, per activity, where the payer wants CQ/CO and an assistant timed."""
    modifier = ASSISTANT_MODIFIERS.get(discipline)
    if not profile.assistant_modifiers or modifier is None or not times.sharing.assistant_seconds:
        return {}
    splits = {}
    for activity in activities:
        codes = _activity_codes(catalog[activity.key])
        assisted = sum(times.sharing.assistant_seconds.get(c, 0) for c in codes)
        if not assisted or not units[activity.key]:
            continue
        seconds = sum(times.seconds.get(c, 0) for c in codes)
        therapist = min(
            activity.minutes, to_minutes(max(seconds - assisted, 0), profile.minutes_policy)
        )
        splits[activity.key] = split_units(
            activity.key, units[activity.key], therapist, activity.minutes - therapist, modifier
        )
    return splits


def _own_sentence(activity: Activity, units: int, catalog: Catalog) -> str:
    code = catalog[activity.key]
    first, further = unit_lengths(code, catalog)
    lengths = (
        f"units of {first} minutes"
        if first == further
        else f"a first unit of {first} minutes, then {further} minutes each"
    )
    return (
        f"{code.code} ({code.tile}) counts in {lengths}, each once more than half of it has "
        f"passed (CPT's time rule; the 8-minute rule pools 15-minute codes only): "
        f"{activity.minutes} minutes = {units} unit{'' if units == 1 else 's'}."
    )


def _activity_codes(code: Code) -> tuple[str, ...]:
    return (code.code, code.add_on) if code.add_on else (code.code,)


def _warnings_with(
    first: Sequence[BillingWarning], rest: Callable[[], tuple[BillingWarning, ...]]
) -> tuple[BillingWarning, ...]:
    return (*first, *rest())


class IllegalChoiceError(UserError):
    """The units asked for are not among the rule's legal answers for these minutes."""


def _pick(
    allocation: Allocation,
    chosen: Mapping[str, int] | None,
    activities: Sequence[Activity],
    catalog: Catalog,
) -> tuple[dict[str, int], bool]:
    """The units to bill (by activity): the policy's answer, or the therapist's legal
    choice (by code, as the review shows it), checked without listing every answer."""
    if chosen is None:
        return allocation.units, False
    by_activity = {
        a.key: sum(chosen.get(c, 0) for c in _activity_codes(catalog[a.key])) for a in activities
    }
    if not is_legal(allocation, by_activity):
        raise IllegalChoiceError(
            "that choice of units is not one of the legal answers for this visit"
        )
    return by_activity, True


def _alternatives(
    allocation: Allocation,
    activities: Sequence[Activity],
    times: VisitTimes,
    catalog: Catalog,
    limit: int,
) -> tuple[dict[str, int], ...]:
    return tuple(
        _units_by_code(_timed_rows(units, activities, times, catalog))
        for units in islice(legal_allocations(allocation), limit)
    )


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
    on: date | None = None,
    shared_minutes_to: Sequence[str] = (),
    place_of_service: str = "11",
    audio_only: bool = False,
) -> VisitBilling:
    """Bill one visit under `profile`. Raises UserError for input that cannot be billed.

    `code_seconds` lists each code's seconds (a code may repeat; its seconds add up) in the
    order the codes were started. `intervals`, when known, give who timed what and when:
    they decide co-treatment, CQ/CO unit by unit, modifier 59 and group overlap. `fees`,
    when given, are the payer's schedule (a billed code without one is flagged). `chosen`
    is the therapist's pick among the legal answers when a tie leaves a choice.
    `year_to_date`, when known, is the patient's amount this year in the visit's therapy
    bucket before this visit: it decides KX. `on` is the visit's date (which NCCI edits are
    in force, whether the shipped rules cover it). `shared_minutes_to` names the codes that
    keep minutes two clinicians timed at once (default: the therapist's). `place_of_service`
    (CMS's code; 11, the office, by default) and `audio_only`: a telehealth visit (02, 10)
    bills every line with the profile's telehealth modifier (95; 93 by telephone only).
    """
    catalog = catalog or load_catalog()
    times = collect_times(code_seconds, catalog, intervals, shared_minutes_to)
    discipline = discipline or infer_discipline(times.codes)
    activities = _activities(times, profile, fees or {}, pooled=True)
    own = _activities(times, profile, fees or {}, pooled=False)
    allocation = _allocate(activities, profile)
    pooled_units, picked = _pick(allocation, chosen, activities, catalog)
    units = {**pooled_units, **_own_units(own, catalog)}
    timed_rows = _timed_rows(units, [*activities, *own], times, catalog)
    known_pairs = load_edit_pairs() if edit_pairs is None else edit_pairs
    pairs = in_force(among(known_pairs, {code.code for code in times.codes}), on)
    billed = _billed_codes(timed_rows, times, profile)
    place = place_modifier(place_of_service, audio_only, profile)
    telehealth = None if place is None else (place, PlaceOfService(place_of_service), audio_only)
    extra = _with_place(_distinct_services(times, billed, pairs, profile), times, place)
    splits = _splits(activities, units, times, profile, discipline, catalog)
    lines = _lines(times, timed_rows, profile, discipline, extra, splits)
    kx, kx_words = (
        (False, None)
        if year_to_date is None
        else kx_decision(profile, discipline, year_to_date, visit_charges(lines, fees or {}))
    )
    if kx:  # every billed line of the visit carries KX
        extra = {**extra, **{code: (*extra.get(code, ()), "KX") for code in billed}}
        lines = _lines(times, timed_rows, profile, discipline, extra, splits)
    timed_minutes = sum(a.minutes for a in [*activities, *own])
    treatment = total_treatment_minutes(times, sum(line.minutes for line in lines), profile)
    own_words = [_own_sentence(a, units[a.key], catalog) for a in own]
    first = [w for w in (kx_words, rules_coverage_warning(on)) if w is not None]
    warnings = partial(find_warnings, times, lines, profile, discipline, billed, pairs, fees)
    reasons = [reason for split in splits.values() for reason in split.reasons]
    return VisitBilling(
        rule=profile.rule,
        payer=profile.name,
        discipline=discipline,
        lines=lines,
        total_timed_minutes=timed_minutes,
        total_treatment_minutes=max(treatment, timed_minutes),
        total_timed_units=allocation.total_units + sum(units[a.key] for a in own),
        tie_broken=allocation.has_choice,
        answer_count=answer_count(allocation),
        shared_codes=times.sharing.codes(),
        find_warnings=partial(_warnings_with, first, warnings),
        find_alternatives=partial(_alternatives, allocation, activities, times, catalog),
        explain=partial(
            explain,
            lines,
            activities,
            allocation,
            profile,
            picked,
            timed_minutes,
            treatment,
            catalog,
            [*own_words, *reasons],
            telehealth=telehealth,
        ),
    )
