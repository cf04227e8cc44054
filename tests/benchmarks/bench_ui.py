"""The therapist's screen: a tap to its repainted tile, and the CPU it burns while timing.

The real main window (offscreen) on a real store in a temporary folder on disk (so every
commit pays its fsync) and the real system clock, as `run_window` wires them.

- Tap: from `TherapistScreen.tap(code)` (what a tile's click runs) until the command is
  committed (the store writes before the screen hears of it), the screen refreshed and
  the tile repainted (`tile.repaint()`: painted and flushed now, together with whatever
  else the backing store has pending); then the rest of the window's pending repaints
  (`processEvents()`), timed too for information. Visits of ten
  taps switching between four one-on-one codes (each switch ends one interval and starts
  another in one transaction); each tile is checked to have painted, and every interval
  to be in the file through a second connection.
- CPU: twelve codes running in one visit (one one-on-one code and eleven supervised or
  untimed ones, which may run beside it), the window shown, the event loop running its
  repaint timer and heartbeat for 60 s; the process's CPU time over the wall time. Also,
  for comparison, the same window with no visit open (10 s), and how often the running
  tiles and the three action buttons (whose looks never change while timing) repaint.

`TIMER_BENCH_QUICK=1` shortens the CPU window to 10 s and the taps to 60 (development only).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from tests.benchmarks.qt import qt_app
from tests.benchmarks.table import Row
from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices, open_local
from timer_app.records import Diagnosis, Role
from timer_app.store import Store
from timer_app.ui.main_window import MainWindow
from timer_app.ui.theme import STYLE_SHEET

QUICK = os.environ.get("TIMER_BENCH_QUICK") == "1"
TAP_BUDGET_MS = 16  # one frame at 60 Hz
CPU_BUDGET_PERCENT = 1.0
CPU_SECONDS = 10 if QUICK else 60
IDLE_SECONDS = 5 if QUICK else 10
VISITS, TAPS_PER_VISIT = (6, 10) if QUICK else (20, 10)
SWITCHING = ("97110", "97140", "97530", "97112")  # PT favourites, all one-on-one
RUNNING_TOGETHER = (  # one one-on-one code and eleven that may run beside it
    "97110", "97010", "97012", "97014", "G0283", "97016",
    "97018", "97022", "97024", "97026", "97028", "97161",
)  # fmt: skip


@dataclass
class Clinic:
    window: MainWindow
    services: ClinicServices
    path: Path
    patient_id: int
    clinician_id: int


@contextmanager
def clinic_window() -> Iterator[Clinic]:
    """The main window on a small clinic in a temporary folder, shown offscreen."""
    app = qt_app()
    app.setStyleSheet(STYLE_SHEET)
    with tempfile.TemporaryDirectory(prefix="timer-bench-ui-") as tmp:
        tz = datetime.now().astimezone().tzinfo
        assert tz is not None
        services = open_local(data_dir=tmp, tz=tz, daily_backup=False)
        store = services.store
        try:
            medicare = store.payers.add("Medicare", "Medicare", {"97110": 3150, "97140": 2900})
            clinician = store.clinicians.add("Dana Reyes", discipline=Discipline.PT,
                                             role=Role.PT, credentials="PT, DPT")  # fmt: skip
            patient = store.patients.add(
                "Lopez, Maria", date(1948, 3, 2), payer_id=medicare.id,
                diagnoses=[Diagnosis("M54.50", "Low back pain, unspecified")],
            )  # fmt: skip
            settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(services, settings)
            # the bench opens many visits for one patient: each a second visit, meant
            window.treatment.ask_same_day = lambda _question: "second"
            window.resize(1280, 800)
            window.show()
            QTest.qWaitForWindowExposed(window)
            assert services.location is not None
            yield Clinic(window, services, services.location, patient.id, clinician.id)
            window.close()
            window.deleteLater()
            app.processEvents()
        finally:
            services.close()


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _percentile_ms(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000


def _tap_samples(clinic: Clinic) -> tuple[list[float], list[float], list[float], list[int]]:
    """Per tap: (command + commit + refresh, tile repainted, window repainted); the visits."""
    app = qt_app()
    screen = clinic.window.treatment
    counter = PaintCounter()
    command, tile_done, window_done = [], [], []
    visits = []
    for _ in range(VISITS):
        screen.start_visit(clinic.patient_id, clinic.clinician_id, Discipline.PT.value)
        visit_id = screen.current_visit_id
        assert visit_id is not None, "the visit did not start"
        for code in SWITCHING:  # the tiles are made anew for each visit
            screen.tiles.tile(code).installEventFilter(counter)
        for tap in range(TAPS_PER_VISIT):
            code = SWITCHING[tap % len(SWITCHING)]
            tile = screen.tiles.tile(code)
            QTest.qWait(20)  # the therapist's hand moves; timers and repaints settle
            painted = counter.paints
            began = time.perf_counter()
            screen.tap(code)
            tapped = time.perf_counter()
            tile.repaint()
            repainted = time.perf_counter()
            app.processEvents()
            settled = time.perf_counter()
            assert counter.paints > painted, f"{code}'s tile did not repaint"
            assert tile.figures.running, f"{code} did not start: {screen.banner.text()}"
            command.append(tapped - began)
            tile_done.append(repainted - began)
            window_done.append(settled - began)
        visits.append(visit_id)
        screen.run(lambda timer: timer.end_visit())
        clinic.services.treatment.close(visit_id)
        screen.show_visit(None)
    return command, tile_done, window_done, visits


def _stored_intervals(path: Path, visit_ids: list[int]) -> int:
    """Intervals of the visits as a second connection sees them: committed ones only."""
    with Store.open(path, daily_backup=False, read_only=True) as other:
        return sum(len(other.visits.get(visit_id).intervals) for visit_id in visit_ids)


def _tap_rows() -> list[Row]:
    with clinic_window() as clinic:
        command, tile_done, window_done, visits = _tap_samples(clinic)
        stored = _stored_intervals(clinic.path, visits)
    expected = VISITS * TAPS_PER_VISIT  # each tap started one interval
    assert stored == expected, f"{stored} intervals in the file, {expected} started"
    p50, p95 = _percentile_ms(tile_done, 0.5), _percentile_ms(tile_done, 0.95)
    taps = len(tile_done)
    return [
        Row(f"ui: tap to tile repainted, interval committed ({taps} taps), p50 / p95",
            f"{p50:.1f} / {p95:.1f} ms", f"p95 <= {TAP_BUDGET_MS} ms", p95 <= TAP_BUDGET_MS),
        Row("ui: of which the command, commit and screen refresh, p50 / p95",
            f"{_percentile_ms(command, 0.5):.1f} / {_percentile_ms(command, 0.95):.1f} ms"),
        Row("ui: tap to the whole window repainted, p50 / p95",
            f"{_percentile_ms(window_done, 0.5):.1f} / "
            f"{_percentile_ms(window_done, 0.95):.1f} ms"),
    ]  # fmt: skip


def _run_loop(seconds: float) -> None:
    loop = QEventLoop()
    timer = QTimer(singleShot=True, timerType=Qt.TimerType.PreciseTimer)
    timer.timeout.connect(loop.quit)
    timer.start(int(seconds * 1000))
    loop.exec()


def _cpu_percent(seconds: float) -> tuple[float, float]:
    """(% of one core, wall seconds) of this process while its event loop runs."""
    cpu, wall = time.process_time(), time.perf_counter()
    _run_loop(seconds)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return 100 * cpu / wall, wall


def _cpu_rows() -> list[Row]:
    with clinic_window() as clinic:
        _run_loop(1.0)
        idle, idle_wall = _cpu_percent(IDLE_SECONDS)
        screen = clinic.window.treatment
        screen.start_visit(clinic.patient_id, clinic.clinician_id, Discipline.PT.value)
        for code in RUNNING_TOGETHER:
            screen.tap(code)
        timer = screen.timer()
        assert timer is not None
        running = sorted(i.code for i in timer.running)
        assert len(running) == len(RUNNING_TOGETHER), f"only {running}: {screen.banner.text()}"
        tiles, buttons = PaintCounter(), PaintCounter()
        for code in RUNNING_TOGETHER:
            screen.tiles.tile(code).installEventFilter(tiles)
        for button in (screen.pause, screen.undo_button, screen.end):
            button.installEventFilter(buttons)  # nothing on them changes: repainted = relayout
        _run_loop(1.0)  # settle: the first repaints after the taps
        tiles.paints = buttons.paints = 0
        percent, wall = _cpu_percent(CPU_SECONDS)
    return [
        Row(f"ui: CPU, window shown, no visit open, over {idle_wall:.1f} s",
            f"{idle:.2f}% of one core"),
        Row(f"ui: CPU with {len(running)} codes running, window shown, over {wall:.1f} s",
            f"{percent:.2f}% of one core", f"<= {CPU_BUDGET_PERCENT:g}%",
            percent <= CPU_BUDGET_PERCENT),
        Row("ui: while timing, repaints/s of the running tiles / of the 3 unchanged buttons",
            f"{tiles.paints / wall:.1f} / {buttons.paints / wall:.1f}"),
    ]  # fmt: skip


def rows() -> list[Row]:
    return [*_tap_rows(), *_cpu_rows()]
