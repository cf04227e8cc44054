"""A small clinic in a temporary folder, a fake clock, and the therapist's screen on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt

from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices, open_local
from timer_app.clinic.port import StorePort
from timer_app.clinic.treatment import Treatment
from timer_app.records import Diagnosis, Role, Visit
from timer_app.session import FakeClock
from timer_app.store import Store
from timer_app.ui.main_window import MainWindow
from timer_app.ui.theme import STYLE_SHEET

CLINIC_TZ = timezone(timedelta(hours=-5))  # the visits happen on the clinic's wall clock
MORNING = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 09:00 at the clinic


def seed_clinic(store: StorePort) -> None:
    """Two clinicians, two Medicare patients: enough for every screen."""
    medicare = store.payers.add(
        "Medicare", "Medicare", {"97110": 3150, "97140": 2900, "97530": 3300}
    )
    store.clinicians.add("Dana Reyes", discipline=Discipline.PT, role=Role.PT,
                         credentials="PT, DPT", npi="1234567893")  # fmt: skip
    store.clinicians.add("Sam Ortiz", discipline=Discipline.PT, role=Role.PTA, credentials="PTA")
    store.patients.add(
        "Lopez, Maria", date(1948, 3, 2), payer_id=medicare.id, member_id="1EG4TE5MK72",
        diagnoses=[Diagnosis("M54.50", "Low back pain, unspecified")],
    )  # fmt: skip
    store.patients.add(
        "Chen, Tom", date(1975, 7, 19), payer_id=medicare.id,
        diagnoses=[Diagnosis("R26.81", "Unsteadiness on feet")],
    )  # fmt: skip
    store.patients.add("Nguyen, Ann", date(1990, 1, 5), payer_id=medicare.id)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


def delete_closed_widgets() -> None:
    """Delete now the widgets pytest-qt closed and left to `deleteLater`: outside an event
    loop they would live on, and every later test would restyle them all."""
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def clinic(tmp_path: Path, clock: FakeClock) -> Iterator[ClinicServices]:
    services = open_local(data_dir=tmp_path, clock=clock, tz=CLINIC_TZ, daily_backup=False)
    seed_clinic(services.store)
    yield services
    delete_closed_widgets()  # before the store closes: no repaint may reach a closed file
    services.close()


@pytest.fixture
def store(clinic: ClinicServices) -> Store:
    assert isinstance(clinic.store, Store)
    return clinic.store


def sign(
    treatment: Treatment,
    visit_id: int,
    pointer_letters: dict[str, str] | None = None,
    signed_by: int | None = None,
) -> Visit:
    """Sign as the review does: the visit's diagnoses, letters per line, no tie choice."""
    visit = treatment.visit(visit_id)
    signature = treatment.check_signature(
        visit_id,
        diagnoses=visit.diagnoses or treatment.patient_of(visit_id).diagnoses,
        pointer_letters=pointer_letters or {},
        chosen_units=None,
        signed_by=signed_by,
    )
    return treatment.sign(signature)


@pytest.fixture
def window(qtbot, clinic: ClinicServices, tmp_path: Path, qapp) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    qapp.setStyleSheet(STYLE_SHEET)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(clinic, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    answer_same_day(window)
    yield window
    if shiboken6.isValid(window):  # not deleted with the closed widgets already
        window.close()  # before the store closes: no repaint may reach a closed file


# --- people: the demo clinic's users sign in, as in the program ------------------------------

PINS = {"Dana Reyes": "1111", "Sam Ortiz": "2222", "Priya Natarajan": "3333",
        "Kim Lee (front desk)": "4444", "Alex Morgan (owner)": "9999"}  # fmt: skip


@pytest.fixture
def demo_clinic(tmp_path: Path, clock: FakeClock) -> Iterator[ClinicServices]:
    """The demo clinic (its users and PINs) on a file of its own."""
    folder = tmp_path / "demo"
    folder.mkdir()
    services = open_local(data_dir=folder, clock=clock, tz=CLINIC_TZ, daily_backup=False)
    services.fill_demo()
    yield services
    delete_closed_widgets()
    services.close()


def people_window_on(qtbot, clinic: ClinicServices, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window as the program opens it: nobody signed in yet."""
    settings = QSettings(str(tmp_path / "people.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.attach(clinic, sign_in=True)
    answer_same_day(window)
    return window


def answer_same_day(window: MainWindow) -> None:
    """A second visit the same day is asked about in a modal box; the tests that start one
    mean it (a test of the question sets its own answer)."""
    window.treatment.ask_same_day = lambda _question: "second"


@pytest.fixture
def people_window(qtbot, demo_clinic: ClinicServices, tmp_path: Path, qapp) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    qapp.setStyleSheet(STYLE_SHEET)
    window = people_window_on(qtbot, demo_clinic, tmp_path)
    yield window
    if shiboken6.isValid(window):
        window.close()


def sign_in_as(qtbot, window: MainWindow, name: str, pin: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Two taps on the screen in front (sign-in or lock): the name, then the PIN and Enter."""
    picker = window.pages.currentWidget().picker
    user = next(u for u in window.clinic.access.users() if u.name == name)
    picker.name_buttons[user.id].click()
    qtbot.keyClicks(picker.entry.field, PINS[name] if pin is None else pin)
    qtbot.keyClick(picker.entry.field, Qt.Key.Key_Return)


def shown_texts(window: MainWindow) -> list[str]:
    """Every word a person could read on the window now: its title and, for each visible
    widget, its text, title, tooltip, tab texts and items; also any other window shown."""
    from PySide6.QtWidgets import QApplication, QComboBox, QTabBar, QWidget

    found = [window.windowTitle()]
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        found += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        for reading in ("text", "placeholderText", "currentText", "toPlainText"):
            value = getattr(widget, reading, None)
            if callable(value):
                found.append(str(value()))
        if isinstance(widget, QTabBar):
            found += [widget.tabText(i) for i in range(widget.count())]
            found += [widget.tabToolTip(i) for i in range(widget.count())]
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
    for other in QApplication.topLevelWidgets():
        if other is not window and other.isVisible() and other.isWindow():
            found.append(f"another window: {other.windowTitle()} {type(other).__name__}")
    return found


def patient_names(clinic: ClinicServices) -> list[str]:
    """Every patient's name, as the store keeps them."""
    return [patient.name for patient in clinic.setup.patients()] + [
        clinic.treatment.patient_of(timer.visit_id).name for timer in clinic.treatment.timers()
    ]
