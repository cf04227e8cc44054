"""The owner's reports on the 10-clinician, 10-year file: a month and a year, every figure
(productivity, payer mix, CQ/CO, minutes with no unit, KX, money, visits waiting), timed
from the store to the finished tables. The file is bench_store's cached one."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, date, timedelta

from tests.benchmarks.bench_store import BIG, LAST_DAY, _big_file
from tests.benchmarks.table import Row
from timer_app.clinic import open_local
from timer_app.clinic.reports import Report, Reports

YEAR_BUDGET_S = 1.0
RUNS = 5


def _timed(reports: Reports, start: date) -> tuple[float, float, Report]:
    """(p50 s, worst s, the report) over RUNS runs after a warm one."""
    report = reports.report(start, LAST_DAY)
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        report = reports.report(start, LAST_DAY)
        samples.append(time.perf_counter() - began)
    return statistics.median(samples), max(samples), report


def rows() -> list[Row]:
    made = [] if BIG.exists() else [_big_file()]
    with open_local(BIG, tz=UTC, daily_backup=False) as clinic:
        month, month_worst, by_month = _timed(clinic.reports, LAST_DAY.replace(day=1))
        year, year_worst, by_year = _timed(clinic.reports, LAST_DAY - timedelta(days=364))
    return [
        *made,
        Row(f"reports: a month ({by_month.visits:,} signed visits), p50 / worst",
            f"{month * 1000:.0f} / {month_worst * 1000:.0f} ms", f"< {YEAR_BUDGET_S:g} s",
            month_worst < YEAR_BUDGET_S),
        Row(f"reports: a year ({by_year.visits:,} signed visits), p50 / worst",
            f"{year * 1000:.0f} / {year_worst * 1000:.0f} ms", f"< {YEAR_BUDGET_S:g} s",
            year_worst < YEAR_BUDGET_S),
    ]  # fmt: skip
