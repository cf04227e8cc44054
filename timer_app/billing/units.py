"""Minutes to units: the unit chart, the CMS pooled rule and the AMA per-code rule.

Pure integer arithmetic. An *activity* is what one stopwatch timed: usually one code, but
97129 and 97130 are one activity whose units are split afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from itertools import combinations
from math import comb
from typing import NamedTuple

from timer_app.billing.catalog import UNIT_MINUTES as UNIT_MINUTES
from timer_app.billing.profiles import MinutesPolicy, TieBreak

MIDPOINT = 8  # a unit needs at least 8 minutes


def chart_units(minutes: int) -> int:
    """The unit chart: 0-7 -> 0, 8-22 -> 1, 23-37 -> 2, ... in steps of 15."""
    return (minutes + UNIT_MINUTES - MIDPOINT) // UNIT_MINUTES


def chart_range(units: int) -> tuple[int, int]:
    """The minutes that give exactly `units` on the chart (0 -> 0-7)."""
    if units == 0:
        return 0, MIDPOINT - 1
    low = (units - 1) * UNIT_MINUTES + MIDPOINT
    return low, low + UNIT_MINUTES - 1


def minutes_to_next_unit(minutes: int) -> int:
    """How many more minutes until the chart gives one more unit."""
    units = chart_units(minutes)
    return chart_range(units + 1)[0] - minutes


def midpoint_units(minutes: int, first: int, further: int) -> int:
    """Units of a code whose units are not 15 minutes (CPT's time convention): a unit counts
    once its midpoint is passed. `first` is the first unit's length (97550: 30), `further`
    each next one's (97551: 15); 96105 is 60 and 60."""
    if minutes <= first // 2:
        return 0
    rest = minutes - first
    if rest <= further // 2:
        return 1
    return 1 + (rest - further // 2 + further - 1) // further


def minutes_to_next_midpoint_unit(minutes: int, first: int, further: int) -> int:
    """How many more minutes until `midpoint_units` gives one more unit."""
    units = midpoint_units(minutes, first, further)
    target = first // 2 + 1 if units == 0 else first + (units - 1) * further + further // 2 + 1
    return target - minutes


def to_minutes(seconds: int, policy: MinutesPolicy) -> int:
    """Whole minutes from a code's summed seconds, converted once per code."""
    if policy is MinutesPolicy.NEAREST:
        return (seconds + 30) // 60
    return seconds // 60


# Activity and Allocation are named tuples, not frozen dataclasses: built several times per
# visit on every tick of the screen, and a frozen dataclass costs ~5x more to construct.
class Activity(NamedTuple):
    key: str  # the code the activity is timed under
    minutes: int
    fee_cents: int = 0
    order: int = 0  # 0 = started (or listed) first


class Allocation(NamedTuple):
    units: dict[str, int]  # activity key -> units
    total_units: int
    full_units: dict[str, int]
    remaining_units: int  # units left after the full 15-minute units (CMS)
    winners: tuple[str, ...]  # activities that got a remaining unit, best first
    tied: tuple[str, ...]  # activities level on leftover minutes at the cut, in policy order
    tied_winners: int  # how many of `tied` got a remaining unit

    @property
    def has_choice(self) -> bool:
        return 0 < self.tied_winners < len(self.tied)


_TIE_STEPS: dict[TieBreak, Callable[[Activity], int]] = {
    TieBreak.FEE: lambda a: -a.fee_cents,
    TieBreak.MINUTES: lambda a: -a.minutes,
    TieBreak.FIRST_STARTED: lambda a: a.order,
}


@cache
def _leftover_order(policy: tuple[TieBreak, ...]) -> Callable[[Activity], tuple[int, ...]]:
    """Sort key: most minutes left over, then the tie-break policy, then the start order."""
    steps = [_TIE_STEPS[step] for step in policy]
    return lambda a: (-(a.minutes % UNIT_MINUTES), *[step(a) for step in steps], a.order)


def allocate_ama(activities: Sequence[Activity]) -> Allocation:
    units = {a.key: chart_units(a.minutes) for a in activities}
    return Allocation(units, sum(units.values()), {}, 0, (), (), 0)


def allocate_cms(activities: Sequence[Activity], policy: Sequence[TieBreak]) -> Allocation:
    """Pool the minutes, give each code its full units, then the rest by largest leftover."""
    total = chart_units(sum(a.minutes for a in activities))
    full = {a.key: a.minutes // UNIT_MINUTES for a in activities}
    remaining = total - sum(full.values())
    units = dict(full)
    if remaining <= 0:
        return Allocation(units, total, full, 0, (), (), 0)
    leftovers = sorted(
        (a for a in activities if a.minutes % UNIT_MINUTES), key=_leftover_order(tuple(policy))
    )
    winners = leftovers[:remaining]
    for activity in winners:
        units[activity.key] += 1
    cut = winners[-1].minutes % UNIT_MINUTES
    tied = [a for a in leftovers if a.minutes % UNIT_MINUTES == cut]
    tied_winners = sum(1 for a in winners if a.minutes % UNIT_MINUTES == cut)
    return Allocation(
        units,
        total,
        full,
        remaining,
        tuple(a.key for a in winners),
        tuple(a.key for a in tied),
        tied_winners,
    )


def legal_allocations(allocation: Allocation) -> Iterator[dict[str, int]]:
    """The legal units maps when a tie leaves a choice, the policy's pick first, one at a
    time: 22 codes tied give 705,432 answers, and nobody may ask for all of them."""
    if not allocation.has_choice:
        return
    base = _without_tied_units(allocation)
    for picked in combinations(allocation.tied, allocation.tied_winners):
        answer = dict(base)
        for key in picked:
            answer[key] += 1
        yield answer


def answer_count(allocation: Allocation) -> int:
    """How many legal answers the tie leaves (0 when there is no choice)."""
    return comb(len(allocation.tied), allocation.tied_winners) if allocation.has_choice else 0


def is_legal(allocation: Allocation, units: Mapping[str, int]) -> bool:
    """Whether `units` (by activity) is one of the tie's legal answers, without listing
    them: the untied codes as allocated, the tied ones one unit more or not, the right
    number of them with it."""
    if set(units) != set(allocation.units):
        return False
    base = _without_tied_units(allocation)
    tied = set(allocation.tied) if allocation.has_choice else set()
    extra = {key: units[key] - base[key] for key in units}
    if any(extra[key] != 0 for key in extra if key not in tied):
        return False
    return all(extra[key] in (0, 1) for key in tied) and sum(extra.values()) == (
        allocation.tied_winners if tied else 0
    )


def _without_tied_units(allocation: Allocation) -> dict[str, int]:
    base = dict(allocation.units)
    if allocation.has_choice:
        for key in allocation.tied:
            base[key] -= int(key in allocation.winners)
    return base
