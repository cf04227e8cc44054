"""A 100-visit superbill PDF batch from the 10-clinician, 10-year clinic file.

What the front desk does for a batch, timed from the store to the finished PDF: list the
signed visits of the last days (`timer_app.clinic.front_desk.FrontDesk.visits`, billing),
build the first 100 superbills from the stored records (`FrontDesk.superbills`), and
render them to one PDF (`write_pdf`, letter paper, one page per visit). The file is
bench_store's cached one.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, timedelta
from pathlib import Path

from tests.benchmarks.bench_store import BIG, LAST_DAY, _big_file
from tests.benchmarks.qt import qt_app
from tests.benchmarks.table import Row
from timer_app.clinic import open_local
from timer_app.clinic.front_desk import StatusChoice
from timer_app.superbill.render import PaperSize, write_pdf

BATCH = 100
BUDGET_S = 5.0


def _batch(folder: Path) -> tuple[float, float, float, int, int]:
    """(list s, build s, render s, visits listed, PDF bytes) for one batch."""
    with open_local(BIG, tz=UTC, daily_backup=False) as clinic:
        desk = clinic.front_desk
        began = time.perf_counter()
        listed = desk.visits(LAST_DAY - timedelta(days=1), LAST_DAY, status=StatusChoice.SIGNED)
        chosen = listed[:BATCH]
        assert len(chosen) == BATCH, f"only {len(chosen)} signed visits in the last two days"
        found = time.perf_counter()
        bills = desk.superbills(chosen)
        built = time.perf_counter()
        pdf = folder / "batch.pdf"
        assert write_pdf(bills, pdf, PaperSize.LETTER)
        rendered = time.perf_counter()
    return found - began, built - found, rendered - built, len(listed), pdf.stat().st_size


def rows() -> list[Row]:
    made = [] if BIG.exists() else [_big_file()]  # bench_store makes it when run first
    qt_app()  # a QApplication, so later benchmarks can still make widgets
    with tempfile.TemporaryDirectory(prefix="timer-bench-pdf-") as tmp:
        _batch(Path(tmp))  # warm: fonts, templates, the file's pages in the OS cache
        listing, building, rendering, listed, size = _batch(Path(tmp))
    total = listing + building + rendering
    return [
        *made,
        Row(f"superbill: {BATCH}-visit PDF batch from the 10-year file, total",
            f"{total:.2f} s", f"<= {BUDGET_S:g} s", total <= BUDGET_S),
        Row(f"superbill: of which listing {listed} signed visits with billing",
            f"{listing:.2f} s"),
        Row(f"superbill: of which building {BATCH} superbills from the records",
            f"{building:.2f} s"),
        Row(f"superbill: of which rendering {BATCH} pages to PDF ({size / 1e6:.1f} MB)",
            f"{rendering:.2f} s"),
    ]  # fmt: skip
