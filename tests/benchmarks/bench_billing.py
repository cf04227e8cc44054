"""Allocation throughput for a typical four-code visit, and the worst tie.

Rows: the allocation itself (pooled minutes -> units per code, what the screen needs on
every tick), budgeted; the whole billing of the visit (lines, modifiers, totals; the
explanation and warnings are written only when read), for information; and a visit of 22
timed codes of 7 minutes each, every one tied for the pooled units (646,646 legal answers),
billed with its review's bounded list of answers: time and memory, budgeted.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

from tests.benchmarks.table import Row
from timer_app.billing import bill_visit, find_profile, load_catalog
from timer_app.billing.units import Activity, allocate_cms

BUDGET_PER_SECOND = 50_000
TIE_BUDGET_MS = 10
TIE_MEMORY_BUDGET_KB = 1024
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


def all_tied_visit() -> list[tuple[str, int]]:
    """One code of every pooled 15-minute activity, 7 minutes each: 22 codes, all level at
    the cut (codes with units of their own length are counted apart, never tied)."""
    catalog = load_catalog()
    timed = [
        code
        for code, entry in catalog.items()
        if entry.is_timed and entry.pooled and not entry.first_unit
    ]
    return [(code, 7 * 60) for code in timed]


def _worst_tie() -> list[Row]:
    visit, profile = all_tied_visit(), find_profile("Medicare")
    billing = bill_visit(visit, profile)
    assert billing.answer_count == 646_646 and len(billing.alternatives) > 1
    samples = []
    for _ in range(20):
        began = time.perf_counter()
        bill_visit(visit, profile).alternatives  # noqa: B018 (the review asks for them)
        samples.append((time.perf_counter() - began) * 1000)
    tracemalloc.start()
    bill_visit(visit, profile).alternatives  # noqa: B018
    peak_kb = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    worst = sorted(samples)[len(samples) // 2]
    return [
        Row(f"billing: a {len(visit)}-code visit, every code tied ({billing.answer_count:,} "
            "answers), median", f"{worst:.1f} ms", f"< {TIE_BUDGET_MS} ms", worst < TIE_BUDGET_MS),
        Row("billing: of which memory at the peak", f"{peak_kb:,.0f} KB",
            f"< {TIE_MEMORY_BUDGET_KB:,} KB", peak_kb < TIE_MEMORY_BUDGET_KB),
    ]  # fmt: skip


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
        *_worst_tie(),
    ]
