"""CQ and CO: units furnished in whole or in part by a PT or OT assistant.

Our reading of BILLING_RULES.md section 6 (sure about purpose and payment, unsure about the
2022 fine print): a timed line carries CQ (physical therapy) or CO (occupational therapy)
when the assistant's own minutes are more than 10% of the code's minutes (the de minimis
rule); minutes spent together count as the therapist's, which the timer records as the
therapist's interval. When the therapist and the assistant both timed a code, the program
adds the modifier and asks for a check, since the 2022 revision lets the therapist bill a
final unit alone when they furnished at least 8 minutes of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass

from timer_app.billing.catalog import Discipline
from timer_app.billing.result import BillingLine, BillingWarning, TimedInterval, WarningKind

ASSISTANT_MODIFIERS = {Discipline.PT: "CQ", Discipline.OT: "CO"}
DE_MINIMIS_PERCENT = 10


@dataclass(frozen=True, slots=True)
class Share:
    """One code's time: all of it, and the assistant's own part (milliseconds)."""

    total_ms: int
    assistant_ms: int

    @property
    def over_de_minimis(self) -> bool:
        return self.assistant_ms * 100 > self.total_ms * DE_MINIMIS_PERCENT

    @property
    def mixed(self) -> bool:
        return 0 < self.assistant_ms < self.total_ms


def _ms(interval: TimedInterval) -> int:
    return int((interval.end - interval.start).total_seconds() * 1000)


def shares(intervals: Iterable[TimedInterval]) -> dict[str, Share]:
    """Each code's time and the assistant's part of it, from the timed intervals."""
    totals: dict[str, list[int]] = {}
    for interval in intervals:
        total = totals.setdefault(interval.code, [0, 0])
        total[0] += _ms(interval)
        total[1] += _ms(interval) if interval.by_assistant else 0
    return {code: Share(total, assistant) for code, (total, assistant) in totals.items()}


def assistant_codes(intervals: Sequence[TimedInterval], discipline: Discipline) -> dict[str, str]:
    """Code -> CQ or CO, for the codes an assistant furnished more than 10% of."""
    modifier = ASSISTANT_MODIFIERS.get(discipline)
    if modifier is None or not any(i.by_assistant for i in intervals):
        return {}
    return {code: modifier for code, share in shares(intervals).items() if share.over_de_minimis}


def assistant_warnings(
    lines: Sequence[BillingLine], intervals: Sequence[TimedInterval], evaluations: Set[str]
) -> list[BillingWarning]:
    """`evaluations`: the visit's codes that are evaluations (the catalog says which)."""
    found = shares(intervals)
    warnings = []
    if any(share.assistant_ms for share in found.values()):
        text = (
            "An assistant furnished part of this visit: Medicare bills it under the "
            "supervising therapist's NPI, and the therapist signs or co-signs the note."
        )
        warnings.append(BillingWarning(WarningKind.ASSISTANT_SUPERVISION, text))
    for line in lines:
        share = found.get(line.code)
        if share is None or not share.assistant_ms:
            continue
        if line.code in evaluations:
            text = (
                f"{line.code} is an evaluation and was timed by an assistant: evaluations are "
                f"the therapist's own service and cannot be billed under an assistant."
            )
            warnings.append(BillingWarning(WarningKind.ASSISTANT_EVALUATION, text, (line.code,)))
        elif share.mixed and share.over_de_minimis and line.units:
            percent = share.assistant_ms * 100 // share.total_ms
            modifier = next((m for m in line.modifiers if m in ("CQ", "CO")), "CQ/CO")
            text = (
                f"{line.code}: the therapist and an assistant both furnished it (assistant "
                f"{percent}%). {modifier} was added; if the therapist furnished at least 8 "
                f"minutes of the last unit, that unit may be billed without it (2022 rule)."
            )
            warnings.append(BillingWarning(WarningKind.ASSISTANT_MIXED, text, (line.code,)))
    return warnings
