"""A demo clinic in a temporary folder (the program's own demo week), on a fake clock.

`clinic` is the services on the real SQLite file, as the window has them; `store` is that
file, for the tests' own checks of what was stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from timer_app.clinic import ClinicServices, open_local
from timer_app.session import FakeClock
from timer_app.store import Store
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.theme import STYLE_SHEET

CLINIC_TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 6, 21, 0, tzinfo=UTC)  # Friday 16:00 at the clinic
TODAY = date(2026, 11, 6)
MIXED_DAY = date(2026, 11, 2)  # Monday: 8 signed, 2 waiting for a signature
SIGNED_DAY = date(2026, 11, 3)  # Tuesday: every visit signed, none billed yet
BILLED_DAY = date(2026, 11, 5)  # Thursday: every visit billed


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def clinic(tmp_path: Path, clock: FakeClock) -> Iterator[ClinicServices]:
    services = open_local(data_dir=tmp_path, clock=clock, tz=CLINIC_TZ, daily_backup=False)
    services.fill_demo()
    yield services
    services.close()


@pytest.fixture
def store(clinic: ClinicServices) -> Store:
    assert isinstance(clinic.store, Store)
    return clinic.store


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def desk(qtbot, qapp: QApplication, clinic: ClinicServices, settings: QSettings) -> FrontDeskView:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:  # re-styling every live widget is slow
        qapp.setStyleSheet(STYLE_SHEET)
    view = FrontDeskView(clinic, settings)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    return view
