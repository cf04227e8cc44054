"""CQ and CO, unit by unit: which units a PT or OT assistant furnished.

CMS's method (Medicare Claims Processing Manual ch. 5 s.20.1; CMS's "Billing Examples Using
CQ/CO Modifiers"; the CY 2022 physician fee schedule final rule), as BILLING_RULES.md s.6
spells it out, for each code once the visit's units are fixed by the total-time rule:
1. each full 15 minutes furnished by one side (therapist or assistant) is that side's unit;
2. for the units still unassigned: the therapist's when the therapist furnished at least 8
   minutes of it; when two units remain and each side furnished 9-14 minutes, one of them
   carries CQ/CO and one does not;
3. otherwise the unit carries CQ/CO when the assistant's minutes are more than 10% of its
   minutes (de minimis), else it does not.
Minutes the two spent together are the therapist's (`sharing.share` gives them to the
therapist). All therapists of a visit are one side, all assistants the other.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from timer_app.billing.catalog import Discipline
from timer_app.billing.result import BillingLine, BillingWarning, TimedInterval, WarningKind
from timer_app.billing.units import MIDPOINT, UNIT_MINUTES

ASSISTANT_MODIFIERS = {Discipline.PT: "CQ", Discipline.OT: "CO"}
DE_MINIMIS_PERCENT = 10
SHARED_LOW, SHARED_HIGH = 9, 14  # each side's minutes when the last two units are split


@dataclass(frozen=True, slots=True)
class UnitSplit:
    """A code's units: the therapist's (no modifier) and the assistant's (CQ/CO), and why."""

    therapist: int
    assistant: int
    reasons: tuple[str, ...]
    therapist_minutes: int = 0
    assistant_minutes: int = 0


def split_units(code: str, units: int, therapist: int, assistant: int, modifier: str) -> UnitSplit:
    """Whose each of a code's `units` is, from each side's whole minutes of it."""
    full_t = min(therapist // UNIT_MINUTES, units)
    full_a = min(assistant // UNIT_MINUTES, units - full_t)
    rest = units - full_t - full_a
    left_t, left_a = therapist - full_t * UNIT_MINUTES, assistant - full_a * UNIT_MINUTES
    reasons = _full_reasons(code, full_t, full_a, modifier)
    therapist_units, assistant_units = full_t, full_a
    if rest == 2 and all(SHARED_LOW <= m <= SHARED_HIGH for m in (left_t, left_a)):
        reasons.append(
            f"{code}: the last two units had {left_t} minutes from the therapist and "
            f"{left_a} from the assistant (9 to 14 each): one carries {modifier}, one does not."
        )
        therapist_units, assistant_units, rest = full_t + 1, full_a + 1, 0
    for _ in range(rest):
        side, words = _last_unit(code, left_t, left_a, modifier)
        reasons.append(words)
        therapist_units += side == "therapist"
        assistant_units += side == "assistant"
        left_t, left_a = max(left_t - UNIT_MINUTES, 0), max(left_a - UNIT_MINUTES, 0)
    return UnitSplit(therapist_units, assistant_units, tuple(reasons), therapist, assistant)


def _full_reasons(code: str, full_t: int, full_a: int, modifier: str) -> list[str]:
    reasons = []
    if full_t:
        reasons.append(
            f"{code}: {_units(full_t)} of a full 15 minutes by the therapist: no {modifier}."
        )
    if full_a:
        reasons.append(
            f"{code}: {_units(full_a)} of a full 15 minutes by the assistant: {modifier}."
        )
    return reasons


def _last_unit(code: str, therapist: int, assistant: int, modifier: str) -> tuple[str, str]:
    minutes = therapist + assistant
    if therapist >= MIDPOINT:
        return "therapist", (
            f"{code}: the therapist furnished {therapist} minutes of its last unit (8 or "
            f"more): no {modifier}."
        )
    if assistant * 100 > minutes * DE_MINIMIS_PERCENT:
        return "assistant", (
            f"{code}: the assistant furnished {assistant} of the {minutes} minutes of its last "
            f"unit, more than 10%: {modifier}."
        )
    return "therapist", (
        f"{code}: the assistant furnished {assistant} of the {minutes} minutes of its last "
        f"unit, 10% or less (de minimis): no {modifier}."
    )


def _units(n: int) -> str:
    return f"{n} unit" if n == 1 else f"{n} units"


def assistant_warnings(
    lines: Sequence[BillingLine], intervals: Sequence[TimedInterval], evaluations: Set[str]
) -> list[BillingWarning]:
    """`evaluations`: the visit's codes that are evaluations (the catalog says which)."""
    assisted = {i.code for i in intervals if i.by_assistant}
    warnings = []
    if assisted:
        text = (
            "An assistant furnished part of this visit: Medicare bills it under the "
            "supervising therapist's NPI, and the therapist signs or co-signs the note."
        )
        warnings.append(BillingWarning(WarningKind.ASSISTANT_SUPERVISION, text))
    for code in dict.fromkeys(line.code for line in lines):
        if code in assisted and code in evaluations:
            text = (
                f"{code} is an evaluation and was timed by an assistant: evaluations are "
                f"the therapist's own service and cannot be billed under an assistant."
            )
            warnings.append(BillingWarning(WarningKind.ASSISTANT_EVALUATION, text, (code,)))
    return warnings
