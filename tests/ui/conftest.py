"""A small clinic in a temporary folder, a fake clock, and the therapist's screen on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from timer_app.billing import Discipline
from timer_app.session import FakeClock
from timer_app.store import Diagnosis, Role, Store
from timer_app.ui.main_window import MainWindow
from timer_app.ui.theme import STYLE_SHEET
from timer_app.workstation import Workstation

CLINIC_TZ = timezone(timedelta(hours=-5))  # the visits happen on the clinic's wall clock
MORNING = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 09:00 at the clinic


def seed_clinic(store: Store) -> None:
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


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    store = Store.open(data_dir=tmp_path, clock=clock, daily_backup=False)
    seed_clinic(store)
    yield store
    store.close()


@pytest.fixture
def workstation(store: Store, clock: FakeClock) -> Workstation:
    return Workstation(store, clock, CLINIC_TZ)


@pytest.fixture
def window(qtbot, workstation: Workstation, tmp_path: Path, qapp) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    qapp.setStyleSheet(STYLE_SHEET)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(workstation, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.close()  # before the store closes: no repaint may reach a closed file
