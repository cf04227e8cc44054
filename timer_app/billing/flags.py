"""What a biller would flag: each warning names its codes and says what to do."""

from __future__ import annotations

from collections.abc import Sequence, Set

from timer_app.billing.assistants import assistant_warnings
from timer_app.billing.catalog import Code, Discipline
from timer_app.billing.edits import EditPair
from timer_app.billing.profiles import PayerProfile, Rule
from timer_app.billing.result import BillingLine, BillingWarning, TimedInterval, WarningKind
from timer_app.billing.units import MIDPOINT


def _span(code: str, intervals: Sequence[TimedInterval]) -> tuple[object, object] | None:
    times = [(i.start, i.end) for i in intervals if i.code == code]
    if not times:
        return None
    return min(t[0] for t in times), max(t[1] for t in times)


def distinct_blocks(a: str, b: str, intervals: Sequence[TimedInterval]) -> bool | None:
    """True when all of a's time lies before all of b's or after it; None when not known."""
    span_a, span_b = _span(a, intervals), _span(b, intervals)
    if span_a is None or span_b is None:
        return None
    return bool(span_a[1] <= span_b[0] or span_b[1] <= span_a[0])  # type: ignore[operator]


def overlap(a: str, b: str, intervals: Sequence[TimedInterval]) -> bool:
    """Whether any interval of a shares a moment with any interval of b."""
    first = [i for i in intervals if i.code == a]
    second = [i for i in intervals if i.code == b]
    return any(x.start < y.end and y.start < x.end for x in first for y in second)


def modifier_59_codes(
    billed: Set[str], pairs: Sequence[EditPair], intervals: Sequence[TimedInterval]
) -> set[str]:
    """Column-2 codes whose intervals prove a separate time block from their column-1 code."""
    return {
        pair.column2
        for pair in pairs
        if pair.modifier_indicator == 1
        and pair.column1 in billed
        and pair.column2 in billed
        and distinct_blocks(pair.column1, pair.column2, intervals)
    }


def _edit_warning(pair: EditPair, intervals: Sequence[TimedInterval]) -> BillingWarning:
    codes = (pair.column1, pair.column2)
    head = f"{pair.column1} and {pair.column2} are an NCCI edit pair ({pair.certainty})"
    if pair.modifier_indicator == 0:
        text = f"{head} that no modifier can bypass: only {pair.column1} will be paid."
    else:
        blocks = distinct_blocks(pair.column1, pair.column2, intervals)
        if blocks is None:
            text = (
                f"{head}: confirm separate time blocks before adding modifier 59 "
                f"to {pair.column2}; without it only {pair.column1} will be paid."
            )
        elif blocks:
            text = (
                f"{head}: the timer shows them in separate time blocks, so modifier 59 "
                f"was added to {pair.column2}."
            )
        else:
            text = (
                f"{head}: they overlap or alternate in one time block, so modifier 59 is not "
                f"supported; only {pair.column1} will be paid."
            )
    return BillingWarning(WarningKind.NCCI_PAIR, text, codes)


def _under_8_warnings(lines: Sequence[BillingLine], rule: Rule) -> list[BillingWarning]:
    timed = [line for line in lines if line.kind == "timed" and line.minutes + line.units > 0]
    total = sum(line.minutes for line in timed)
    if len(timed) == 1 and total < MIDPOINT:
        line = timed[0]
        text = (
            f"{line.code} is the only timed service and ran {line.minutes} minutes: "
            f"under 8 minutes it cannot be billed."
        )
        return [BillingWarning(WarningKind.SINGLE_UNDER_8, text, (line.code,))]
    warnings = []
    if rule is Rule.CMS and timed and total < MIDPOINT:
        text = (
            f"All timed services together ran {total} minutes: under 8, "
            f"no timed unit can be billed."
        )
        warnings.append(
            BillingWarning(WarningKind.TIMED_UNDER_8, text, tuple(t.code for t in timed))
        )
    for line in timed:
        if line.units == 0:
            reason = (
                "under 8 minutes"
                if rule is Rule.AMA or line.minutes < MIDPOINT
                else "the pooled units went to codes with more minutes left over"
            )
            text = f"{line.code} ran {line.minutes} minutes and earned no unit ({reason})."
            warnings.append(BillingWarning(WarningKind.NO_UNIT, text, (line.code,)))
    return warnings


def _payer_warnings(codes: Sequence[Code], profile: PayerProfile) -> list[BillingWarning]:
    warnings = []
    for code in codes:
        if code.code in profile.bundled_codes:
            text = (
                f"{profile.name} bundles {code.code} ({code.tile}) into the other services: "
                f"it is listed with 0 units and not billed separately."
            )
            warnings.append(BillingWarning(WarningKind.BUNDLED, text, (code.code,)))
        if code.code in profile.refused_codes:
            other = profile.refused_codes[code.code]
            text = f"{profile.name} does not accept {code.code}; record the service as {other}."
            warnings.append(BillingWarning(WarningKind.CODE_NOT_ACCEPTED, text, (code.code, other)))
    return warnings


def _group_warnings(
    codes: Sequence[Code], billed: Set[str], intervals: Sequence[TimedInterval]
) -> list[BillingWarning]:
    groups = [c for c in codes if c.is_group]
    individual = [c for c in codes if c.is_exclusive and c.code in billed]
    warnings = []
    for group in groups:
        for code in individual:
            if not intervals:
                text = (
                    f"Group {group.code} and one-on-one {code.code} in one visit: confirm they "
                    f"were in separate time periods; many payers then want 59 on {code.code}."
                )
            elif overlap(group.code, code.code, intervals):
                text = (
                    f"Group {group.code} and one-on-one {code.code} overlap in time: the same "
                    f"minutes cannot be billed both ways. Fix the intervals before signing."
                )
            else:
                text = (
                    f"Group {group.code} and one-on-one {code.code} were in separate time "
                    f"periods; many payers want modifier 59 on {code.code}."
                )
            pair = (group.code, code.code)
            warnings.append(BillingWarning(WarningKind.GROUP_WITH_ONE_ON_ONE, text, pair))
    return warnings


def _discipline_warnings(codes: Sequence[Code], discipline: Discipline) -> list[BillingWarning]:
    return [
        BillingWarning(
            WarningKind.DISCIPLINE_MISMATCH,
            f"{code.code} ({code.tile}) is not a {discipline.value} code; check the discipline "
            f"or the code.",
            (code.code,),
        )
        for code in codes
        if discipline not in code.disciplines
    ]


def find_warnings(
    codes: Sequence[Code],
    lines: Sequence[BillingLine],
    profile: PayerProfile,
    discipline: Discipline,
    billed: Set[str],
    pairs: Sequence[EditPair],
    intervals: Sequence[TimedInterval],
) -> tuple[BillingWarning, ...]:
    # Group beside one-on-one has its own warning; the edit pair would only repeat it.
    group = {code.code for code in codes if code.is_group}
    edits = [
        p
        for p in pairs
        if p.column1 in billed and p.column2 in billed and not {p.column1, p.column2} & group
    ]
    return (
        *_under_8_warnings(lines, profile.rule),
        *_payer_warnings(codes, profile),
        *_group_warnings(codes, billed, intervals),
        *(_edit_warning(pair, intervals) for pair in edits),
        *_discipline_warnings(codes, discipline),
        *assistant_warnings(lines, intervals, {c.code for c in codes if c.evaluation}),
    )
