"""What a biller would flag: each warning names its codes and says what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from timer_app.billing.assistants import assistant_warnings
from timer_app.billing.catalog import Code, Discipline
from timer_app.billing.edits import EditPair
from timer_app.billing.profiles import PayerProfile, Rule
from timer_app.billing.result import BillingLine, BillingWarning, TimedInterval, WarningKind
from timer_app.billing.sharing import Sharing
from timer_app.billing.times import VisitTimes
from timer_app.billing.units import MIDPOINT


def overlap(a: str, b: str, intervals: Sequence[TimedInterval]) -> bool:
    """Whether any interval of a shares a moment with any interval of b."""
    first = [i for i in intervals if i.code == a]
    second = [i for i in intervals if i.code == b]
    return any(x.start < y.end and y.start < x.end for x in first for y in second)


def separate_blocks(a: str, b: str, intervals: Sequence[TimedInterval]) -> bool | None:
    """Whether a and b were delivered in separate time blocks, judged on each interval:
    none of a's shares a moment with one of b's (97140 0-10, 97530 10-25, 97140 25-30 are
    three blocks, the third apart from the second too). None when there are no intervals."""
    if not any(i.code == a for i in intervals) or not any(i.code == b for i in intervals):
        return None
    return not overlap(a, b, intervals)


def modifier_59_codes(
    billed: Set[str], pairs: Sequence[EditPair], intervals: Sequence[TimedInterval]
) -> set[str]:
    """Column-2 codes whose intervals prove separate time blocks from their column-1 code."""
    return {
        pair.column2
        for pair in pairs
        if pair.modifier_indicator == 1
        and pair.column1 in billed
        and pair.column2 in billed
        and separate_blocks(pair.column1, pair.column2, intervals)
    }


def _edit_warning(
    pair: EditPair, intervals: Sequence[TimedInterval], modifier: str
) -> BillingWarning:
    codes = (pair.column1, pair.column2)
    head = f"{pair.column1} and {pair.column2} are an NCCI edit pair ({pair.source})"
    if pair.modifier_indicator == 0:
        text = f"{head} that no modifier can bypass: only {pair.column1} will be paid."
    else:
        blocks = separate_blocks(pair.column1, pair.column2, intervals)
        if blocks is None:
            text = (
                f"{head}: confirm separate time blocks before adding modifier {modifier} "
                f"to {pair.column2}; without it only {pair.column1} will be paid."
            )
        elif blocks:
            text = (
                f"{head}: the timer shows them in separate time blocks, so modifier "
                f"{modifier} was added to {pair.column2}."
            )
        else:
            text = (
                f"{head}: their intervals overlap in time, so modifier {modifier} is not "
                f"supported; only {pair.column1} will be paid."
            )
    return BillingWarning(WarningKind.NCCI_PAIR, text, codes)


def _under_8_warnings(
    lines: Sequence[BillingLine], rule: Rule, codes: Sequence[Code]
) -> list[BillingWarning]:
    own = {code.code: code for code in codes if code.is_timed and not code.pooled}
    warnings = [_own_unit_warning(line, own[line.code]) for line in lines
                if line.code in own and line.units == 0 and line.minutes]  # fmt: skip
    timed = [
        line
        for line in lines
        if line.kind == "timed" and line.minutes + line.units > 0 and line.code not in own
    ]
    total = sum(line.minutes for line in timed)
    if len(timed) == 1 and total < MIDPOINT:
        line = timed[0]
        text = (
            f"{line.code} is the only timed service and ran {line.minutes} minutes: "
            f"under 8 minutes it cannot be billed."
        )
        return [*warnings, BillingWarning(WarningKind.SINGLE_UNDER_8, text, (line.code,))]
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


def _own_unit_warning(line: BillingLine, code: Code) -> BillingWarning:
    length = code.first_unit_minutes
    text = (
        f"{line.code} ran {line.minutes} minutes and earned no unit: its first unit is "
        f"{length} minutes and counts once more than {length // 2} have passed."
    )
    return BillingWarning(WarningKind.NO_UNIT, text, (line.code,))


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
    individual = [c for c in codes if c.is_one_on_one and c.code in billed]
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


def _evaluation_warnings(
    codes: Sequence[Code], intervals: Sequence[TimedInterval]
) -> list[BillingWarning]:
    """An evaluation is one-on-one: it cannot share minutes with one-on-one treatment."""
    evaluations = [c.code for c in codes if c.evaluation]
    timed = [c.code for c in codes if c.is_exclusive]
    return [
        BillingWarning(
            WarningKind.EVALUATION_WITH_TIMED,
            f"Evaluation {evaluation} ran in the same minutes as one-on-one {code}: the same "
            f"time cannot be billed as both. Fix the intervals before signing.",
            (evaluation, code),
        )
        for evaluation in evaluations
        for code in timed
        if overlap(evaluation, code, intervals)
    ]


def _untimed_warnings(lines: Sequence[BillingLine]) -> list[BillingWarning]:
    return [
        BillingWarning(
            WarningKind.UNTIMED_NOTHING_TIMED,
            f"{line.code} has no time recorded: an untimed code bills once a visit whatever its "
            f"length, but check that the service was given.",
            (line.code,),
        )
        for line in lines
        if line.kind == "untimed" and line.seconds == 0 and line.units
    ]


def _fee_warnings(
    lines: Sequence[BillingLine], fees: Mapping[str, int] | None, payer: str
) -> list[BillingWarning]:
    if fees is None:
        return []
    missing = dict.fromkeys(
        line.code for line in lines if line.units and not line.bundled and line.code not in fees
    )
    return [
        BillingWarning(
            WarningKind.MISSING_FEE,
            f"{payer} has no fee for {code}: add it under Clinic set-up, Payers; until then "
            f"its superbill cannot be printed and KX counts it as $0.",
            (code,),
        )
        for code in missing
    ]


CLAIM_LINE_MODIFIERS = 4  # a CMS-1500 service line holds four modifiers


def _modifier_warnings(lines: Sequence[BillingLine]) -> list[BillingWarning]:
    """A line with more modifiers than a claim line holds (telehealth 95 beside GP, CQ, 59
    and KX): the superbill cannot print it until the biller decides which to keep."""
    return [
        BillingWarning(
            WarningKind.TOO_MANY_MODIFIERS,
            f"{line.code} carries {len(line.modifiers)} modifiers ({' '.join(line.modifiers)}); "
            f"a claim line holds {CLAIM_LINE_MODIFIERS}: ask the payer which to leave off "
            "(or bill the visit in person); until then its superbill cannot be printed.",
            (line.code,),
        )
        for line in lines
        if len(line.modifiers) > CLAIM_LINE_MODIFIERS
    ]


def _sharing_warnings(sharing: Sharing) -> list[BillingWarning]:
    def side(assistant: bool) -> str:
        return "the assistant's" if assistant else "the therapist's"

    warnings = []
    for shared in sharing.shared:
        minutes = shared.seconds // 60
        if shared.kept == shared.given_up:
            text = (
                f"The therapist and the assistant both timed {shared.kept} for {minutes} "
                f"minutes at once: those minutes count once, as the therapist's."
            )
        else:
            text = (
                f"Co-treatment: {side(shared.kept_by_assistant)} {shared.kept} and "
                f"{side(shared.given_up_by_assistant)} {shared.given_up} ran in the same "
                f"{minutes} minutes. Medicare pays a patient's minutes once: they count for "
                f"{shared.kept}, not for {shared.given_up}."
            )
        codes = tuple(dict.fromkeys((shared.kept, shared.given_up)))
        warnings.append(BillingWarning(WarningKind.CO_TREATMENT, text, codes))
    return warnings


def find_warnings(
    times: VisitTimes,
    lines: Sequence[BillingLine],
    profile: PayerProfile,
    discipline: Discipline,
    billed: Set[str],
    pairs: Sequence[EditPair],
    fees: Mapping[str, int] | None,
) -> tuple[BillingWarning, ...]:
    codes, intervals = times.codes, times.intervals
    # Group beside one-on-one has its own warning; the edit pair would only repeat it.
    group = {code.code for code in codes if code.is_group}
    edits = [
        p
        for p in pairs
        if p.column1 in billed and p.column2 in billed and not {p.column1, p.column2} & group
    ]
    modifier = profile.distinct_service_modifier
    return (
        *_under_8_warnings(lines, profile.rule, codes),
        *_payer_warnings(codes, profile),
        *_group_warnings(codes, billed, intervals),
        *(_edit_warning(pair, intervals, modifier) for pair in edits),
        *_discipline_warnings(codes, discipline),
        *_sharing_warnings(times.sharing),
        *_evaluation_warnings(codes, intervals),
        *assistant_warnings(lines, intervals, {c.code for c in codes if c.evaluation}),
        *_untimed_warnings(lines),
        *_fee_warnings(lines, fees, profile.name),
        *_modifier_warnings(lines),
    )
