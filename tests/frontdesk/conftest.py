"""A demo clinic in a temporary folder (the store's own demo week), on a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from timer_app.session import FakeClock
from timer_app.store import Store
from timer_app.store.demo import fill_demo
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.theme import STYLE_SHEET
from timer_app.workstation import Workstation

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
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    store = Store.open(data_dir=tmp_path, clock=clock, daily_backup=False)
    fill_demo(store, NOW, CLINIC_TZ)
    yield store
    store.close()


@pytest.fixture
def workstation(store: Store, clock: FakeClock) -> Workstation:
    return Workstation(store, clock, CLINIC_TZ)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def desk(qtbot, qapp: QApplication, workstation: Workstation, settings: QSettings) -> FrontDeskView:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:  # re-styling every live widget is slow
        qapp.setStyleSheet(STYLE_SHEET)
    view = FrontDeskView(workstation, settings)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    return view
