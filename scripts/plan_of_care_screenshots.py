"""Render the plan-of-care reminders (issue 15) to PNG in docs/screenshots/.

    .venv/bin/python scripts/plan_of_care_screenshots.py

The demo clinic in a temporary folder and a fake clock, with three patients added whose
plans of care need something: a progress report due at today's visit with a recertification
due and an authorization's visits left (visit-header-reminders-1280x800), a recertification
overdue with its authorization expired (visit-header-recert-overdue-1280x800), the review
with its place of service (review-place-of-service-1280x800) and the front desk's list of
plans due (due-list).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from timer_app.billing import Discipline  # noqa: E402
from timer_app.clinic import ClinicServices, open_local  # noqa: E402
from timer_app.clinic.plan_of_care import NEW  # noqa: E402
from timer_app.records import Diagnosis, VisitSealed  # noqa: E402
from timer_app.records.plan_of_care import Authorization, Episode  # noqa: E402
from timer_app.session import FakeClock  # noqa: E402
from timer_app.session.model import (  # noqa: E402
    Interval,
    IntervalEnded,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.ui.due_list_dialog import DueListDialog  # noqa: E402
from timer_app.ui.main_window import MainWindow  # noqa: E402
from timer_app.ui.review_dialog import ReviewDialog  # noqa: E402
from timer_app.ui.theme import STYLE_SHEET  # noqa: E402

OUT = Path(os.environ.get("SHOTS_OUT") or ROOT / "docs" / "screenshots")  # SHOTS_OUT: to try
TZ = timezone(timedelta(hours=-6))
NOW = datetime(2026, 11, 20, 16, 5, tzinfo=UTC)  # a Friday, 10:05 at the clinic
TODAY = date(2026, 11, 20)
BACK = Diagnosis("M54.50", "Low back pain, unspecified")


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def patient(clinic: ClinicServices, name: str, born: str) -> int:
    medicare = next(p for p in clinic.setup.payers() if p.name == "Medicare")
    return clinic.store.patients.add(
        name, date.fromisoformat(born), payer_id=medicare.id, diagnoses=[BACK]
    ).id


def treated(clinic: ClinicServices, patient_id: int, day: date, *, signed: bool) -> None:
    """A visit of 30 minutes of 97110 on `day`, finished (and signed with 2 units)."""
    store = clinic.store
    dana = next(c for c in store.clinicians.all() if c.discipline is Discipline.PT)
    visit = store.visits.create(patient_id, dana.id, day)
    start = datetime.combine(day, time(9), tzinfo=TZ)
    interval = Interval(uuid.uuid4().hex, visit.id, "97110", dana.id, start, None)
    done = dataclasses.replace(interval, end=start + timedelta(minutes=30), duration_ms=1_800_000)
    visit = store.write_visit(visit.id, visit.revision, [IntervalStarted(interval)], "demo")
    visit = store.write_visit(visit.id, visit.revision, [
        IntervalEnded(done), VisitStatusChanged(visit.id, VisitStatus.FINISHED),
    ], "demo")  # fmt: skip
    if signed:
        store.write_visit(visit.id, visit.revision, [
            VisitSealed("Room 1", (("97110", ("GP",), 2, 30),)),
            VisitStatusChanged(visit.id, VisitStatus.SIGNED, dana.id, start)], "demo")  # fmt: skip


def weekdays_before(day: date, count: int) -> list[date]:
    found: list[date] = []
    while len(found) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            found.append(day)
    return sorted(found)


def plan(clinic: ClinicServices, patient_id: int, certified: date, ends: date,
         visits: int | None = None, auth_ends: date | None = None) -> None:  # fmt: skip
    episode = clinic.plan_of_care.save_episode(Episode(
        NEW, patient_id, Discipline.PT, certified, ends, physician="Alan Grant, MD",
        physician_npi="1245319599", frequency="2x/week", duration_weeks=12, diagnoses=(BACK,),
    ))  # fmt: skip
    if visits is not None:
        payer_id = clinic.store.patients.get(patient_id).payer_id
        assert payer_id is not None
        clinic.plan_of_care.save_authorization(Authorization(
            NEW, episode.id, payer_id, certified, auth_ends or ends, visits=visits,
            reference="AUTH-55120",
        ))  # fmt: skip


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="timer-app-plan-shots-"))
    clock = FakeClock(NOW)
    clinic = open_local(data_dir=folder, clock=clock, tz=TZ, daily_backup=False)
    clinic.fill_demo()
    # the progress report due at today's visit (its 10th treatment day), the plan ending in
    # 5 days, the authorization's visits used and left
    brooks = patient(clinic, "Brooks, Walter", "1946-05-14")
    plan(clinic, brooks, date(2026, 8, 27), date(2026, 11, 24), visits=24,
         auth_ends=date(2027, 1, 31))  # fmt: skip
    for day in weekdays_before(TODAY, 9):
        treated(clinic, brooks, day, signed=True)
    # the plan ended 10 days ago, and its authorization with it
    alvarez = patient(clinic, "Alvarez, Rosa", "1951-09-03")
    plan(clinic, alvarez, date(2026, 8, 12), date(2026, 11, 9), visits=12)
    for day in weekdays_before(date(2026, 11, 9), 4):
        treated(clinic, alvarez, day, signed=True)

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(clinic, settings)
    window.resize(1280, 800)
    window.show()
    screen = window.treatment
    screen.ask_same_day = lambda _question: "second"
    dana = next(c for c in clinic.treatment.clinicians() if c.discipline is Discipline.PT)

    timer = clinic.treatment.start_visit(brooks, dana.id, Discipline.PT)
    screen.show_visit(timer.visit_id)
    screen.tap("97110")
    clock.advance(8 * 60 + 12)
    screen.refresh()
    save(window, "visit-header-reminders-1280x800")

    rosa = clinic.treatment.start_visit(alvarez, dana.id, Discipline.PT)
    screen.show_visit(rosa.visit_id)
    screen.refresh()
    save(window, "visit-header-recert-overdue-1280x800")

    screen.show_visit(timer.visit_id)
    screen.tap("97110")
    screen.run(lambda t: t.end_visit())
    review = ReviewDialog(clinic.treatment, timer.visit_id, window, plans=clinic.plan_of_care)
    review.show()
    review.resize(1280, 800)
    review.place.setCurrentIndex(review.place.findData("10"))
    save(review, "review-place-of-service-1280x800")
    review.close()

    window.tabs.setCurrentWidget(window.front_desk)
    due = DueListDialog(clinic.plan_of_care, clinic.treatment.today(), window)
    due.show()
    save(due, "due-list")
    due.close()
    window.close()
    clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
