"""Allocation throughput for a typical four-code visit.

Two rows: the allocation itself (pooled minutes -> units per code, what the screen needs on
every tick), budgeted; and the whole billing of the visit (lines, modifiers, totals; the
explanation and warnings are written only when read), for information.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.benchmarks.table import Row
from timer_app.billing import bill_visit, find_profile
from timer_app.billing.units import Activity, allocate_cms

BUDGET_PER_SECOND = 50_000
TYPICAL_VISIT = [("97110", 18 * 60 + 20), ("97140", 13 * 60 + 5), ("97116", 600), ("97035", 520)]


def _rate(work: Callable[[], object], seconds: float = 1.5) -> float:
    work()  # warm the caches (catalog, edit pairs)
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(200):
            work()
        count += 200
    return count / elapsed


def _allocate_typical_visit() -> object:
    policy = find_profile("Medicare").tie_break
    activities = [
        Activity(code, seconds // 60, 0, order)
        for order, (code, seconds) in enumerate(TYPICAL_VISIT)
    ]
    return allocate_cms(activities, policy)


def rows() -> list[Row]:
    profile = find_profile("Medicare")
    allocations = max(_rate(_allocate_typical_visit) for _ in range(3))
    billings = max(_rate(lambda: bill_visit(TYPICAL_VISIT, profile)) for _ in range(3))
    return [
        Row(
            "billing: allocations per second (4 codes, CMS)",
            f"{allocations:,.0f}/s",
            f">= {BUDGET_PER_SECOND:,}/s",
            allocations >= BUDGET_PER_SECOND,
        ),
        Row("billing: whole visits billed per second (4 codes)", f"{billings:,.0f}/s"),
    ]
