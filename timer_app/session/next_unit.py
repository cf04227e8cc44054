"""How long until the timer earns one more unit: per code (AMA) or for the pooled total (CMS).

Pure integer arithmetic on seconds. An *activity* is what billing counts as one stopwatch
(97129 and 97130 share one), keyed by its first code.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from timer_app.billing.profiles import MinutesPolicy
from timer_app.billing.units import (
    chart_units,
    minutes_to_next_midpoint_unit,
    minutes_to_next_unit,
    to_minutes,
)


def seconds_for_minutes(minutes: int, policy: MinutesPolicy) -> int:
    """The fewest seconds that the payer's policy turns into `minutes` whole minutes."""
    if policy is MinutesPolicy.NEAREST:
        return max(minutes * 60 - 30, 0)  # half a minute rounds up
    return minutes * 60


def own_next_unit(
    seconds: int, policy: MinutesPolicy, lengths: tuple[int, int] | None = None
) -> int:
    """AMA, or a code whose units are not 15 minutes (`lengths`: its first and further
    units): seconds this activity alone must still run to earn one more unit."""
    minutes = to_minutes(seconds, policy)
    if lengths is None:
        more = minutes_to_next_unit(minutes)
    else:
        more = minutes_to_next_midpoint_unit(minutes, *lengths)
    return seconds_for_minutes(minutes + more, policy) - seconds


def _pooled_minutes(
    seconds: Mapping[str, int], running: Set[str], extra: int, policy: MinutesPolicy
) -> int:
    return sum(
        to_minutes(s + (extra if key in running else 0), policy) for key, s in seconds.items()
    )


def pooled_next_unit(seconds: Mapping[str, int], running: Set[str], policy: MinutesPolicy) -> int:
    """CMS: seconds until the pooled total earns one more unit while `running` keep running.

    Each activity's seconds become minutes on their own (never pooled as seconds), so the
    answer is searched rather than divided: the smallest wait that reaches the next chart step.
    """
    total = _pooled_minutes(seconds, running, 0, policy)
    target = chart_units(total) + 1
    # One running activity alone reaches the target within this many seconds: an upper bound.
    low, high = 0, (target * 15 - total + 1) * 60
    while low < high:
        middle = (low + high) // 2
        if chart_units(_pooled_minutes(seconds, running, middle, policy)) >= target:
            high = middle
        else:
            low = middle + 1
    return low
