"""Allocation throughput: how many typical four-code visits billed per second."""

from __future__ import annotations

import time

from tests.benchmarks.table import Row
from timer_app.billing import bill_visit, find_profile

BUDGET_PER_SECOND = 50_000
TYPICAL_VISIT = [
    ("97110", 18 * 60 + 20),
    ("97140", 13 * 60 + 5),
    ("97116", 10 * 60),
    ("97035", 8 * 60 + 40),
]


def _rate(seconds: float = 2.0) -> float:
    profile = find_profile("Medicare")
    bill_visit(TYPICAL_VISIT, profile)  # warm the caches (catalog, edit pairs)
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(200):
            bill_visit(TYPICAL_VISIT, profile)
        count += 200
    return count / elapsed


def rows() -> list[Row]:
    rate = max(_rate() for _ in range(3))
    return [
        Row(
            "billing: four-code visits billed per second",
            f"{rate:,.0f}/s",
            f">= {BUDGET_PER_SECOND:,}/s",
            rate >= BUDGET_PER_SECOND,
        )
    ]
