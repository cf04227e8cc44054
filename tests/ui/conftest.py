"""A small clinic in a temporary folder, a fake clock, and the therapist's screen on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

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


@pytest.fixture
def clinic(tmp_path: Path, clock: FakeClock) -> Iterator[ClinicServices]:
    services = open_local(data_dir=tmp_path, clock=clock, tz=CLINIC_TZ, daily_backup=False)
    seed_clinic(services.store)
    yield services
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
    yield window
    window.close()  # before the store closes: no repaint may reach a closed file
