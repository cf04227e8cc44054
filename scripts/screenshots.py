"""Render the therapist screen's main states to PNG in docs/screenshots/.

    .venv/bin/python scripts/screenshots.py

A demo clinic in a temporary folder and a fake clock, so the pictures are the same every
time, each at 1280x800 and 1920x1080: the treatment screen idle and with two codes timed
(its visit header and message area), the review, a signed visit read-only, the front desk
(Charged, Paid and Balance), and Clinic set-up's Payers (a payer's fees) and Patients; the
crash recovery at its own size. The clinic server's two pictures come from
scripts/server_screenshots.py (a real PostgreSQL); other pictures in docs/screenshots/
(superbills, receipt, dialogs, sign-in) are made by hand; this script leaves them alone.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from timer_app.clinic import open_local  # noqa: E402
from timer_app.session import FakeClock, RecoveredInterval, VisitStatus  # noqa: E402
from timer_app.ui.clinic_setup import ClinicSetup  # noqa: E402
from timer_app.ui.main_window import MainWindow  # noqa: E402
from timer_app.ui.recovery_dialog import RecoveryDialog  # noqa: E402
from timer_app.ui.review_dialog import ReviewDialog  # noqa: E402
from timer_app.ui.theme import STYLE_SHEET  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = ((1280, 800), (1920, 1080))
TZ = timezone(timedelta(hours=-6))
NOW = datetime(2026, 11, 20, 16, 5, tzinfo=UTC)  # a Friday, 10:05 at the clinic


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def shoot_dialog(dialog: QWidget, name: str) -> None:
    """A dialog at the clinic's screen sizes, as if maximised there."""
    dialog.show()
    for width, height in SIZES:
        dialog.resize(width, height)
        save(dialog, f"{name}-{width}x{height}")
    dialog.close()


def shoot_window(window: MainWindow, name: str) -> None:
    for width, height in SIZES:
        window.resize(width, height)
        window.treatment.refresh()
        save(window, f"{name}-{width}x{height}")


def shoot_area(window: MainWindow, area: QWidget, name: str) -> None:
    """Another area of the window (front desk, set-up) in front, at each size."""
    window.tabs.setCurrentWidget(area)
    for width, height in SIZES:
        window.resize(width, height)
        save(window, f"{name}-{width}x{height}")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="timer-app-shots-"))
    clock = FakeClock(NOW)
    clinic = open_local(data_dir=folder, clock=clock, tz=TZ, daily_backup=False)
    clinic.fill_demo()
    workstation = clinic.treatment
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(clinic, settings)
    window.show()
    shoot_window(window, "treatment-idle")

    screen = window.treatment
    screen.ask_same_day = lambda _question: "second"  # never a modal box in a script
    today = {v.visit.patient_id for v in workstation.day_visits(workstation.today())}
    patient = next(p for p in clinic.setup.patients() if p.id not in today)  # seen once today
    clinician = workstation.clinicians()[0]
    timer = workstation.start_visit(patient.id, clinician.id)
    screen.show_visit(timer.visit_id)
    screen.tap("97110")
    clock.advance(12 * 60 + 34)
    screen.tap("97140")
    screen.tap("97010")
    clock.advance(3 * 60 + 10)
    shoot_window(window, "treatment-two-codes")

    screen.run(lambda t: t.end_visit())
    shoot_dialog(ReviewDialog(workstation, timer.visit_id, window), "review")

    interval = workstation.visit(timer.visit_id).intervals[-1]
    recovered = RecoveredInterval(interval, NOW + timedelta(minutes=15), 7 * 60 + 12)
    recovery = RecoveryDialog([(recovered, patient.name)], TZ, window)
    recovery.show()
    save(recovery, "recovery")  # a small dialog: its own size
    recovery.close()

    signed = next(
        v.visit
        for v in clinic.front_desk.find(status=VisitStatus.SIGNED)
        if len(v.visit.intervals) > 2
    )
    shoot_dialog(ReviewDialog(workstation, signed.id, window), "signed-read-only")

    shoot_area(window, window.front_desk, "front-desk")

    window.tabs.setCurrentWidget(window.setup)
    setup = window.setup.content
    assert isinstance(setup, ClinicSetup)
    setup.sections.setCurrentWidget(setup.payers)
    medicare = next(p for p in clinic.setup.payers() if p.name == "Medicare")
    setup.payers.records.pick(medicare.id)
    shoot_area(window, window.setup, "setup-payers-fees")
    setup.sections.setCurrentWidget(setup.patients)
    setup.patients.records.pick(patient.id)
    shoot_area(window, window.setup, "setup-patients")
    window.close()
    clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
