"""Clinic set-up → Clinic, Dates: the owner picks how dates are written (an example of
each style offered); once saved, the front desk's list and its date fields write them the
new way at once, without reopening anything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate

from tests.frontdesk.conftest import SIGNED_DAY
from timer_app.clinic import ClinicServices
from timer_app.dates import DEFAULT_STYLE, use_style
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.setup_clinic import ClinicSection


@pytest.fixture(autouse=True)
def us_dates_after() -> Iterator[None]:
    yield
    use_style(DEFAULT_STYLE)


def test_the_owner_picks_day_first_and_the_desk_writes_it_at_once(
    qtbot, desk: FrontDeskView, clinic: ClinicServices
) -> None:  # type: ignore[no-untyped-def]
    day = QDate(SIGNED_DAY.year, SIGNED_DAY.month, SIGNED_DAY.day)
    desk.start.setDate(day)
    desk.end.setDate(day)
    assert desk.model.visits()
    dates = {desk.model.data(desk.model.index(row, 0)) for row in range(desk.model.rowCount())}
    assert dates == {"Tue 11/03/2026"}
    section = ClinicSection(clinic.setup)
    qtbot.addWidget(section)
    offered = [section.date_style.itemText(i) for i in range(section.date_style.count())]
    assert offered == ["MM/DD/YYYY   e.g. 03/02/2026", "DD/MM/YYYY   e.g. 02/03/2026",
                       "YYYY-MM-DD   e.g. 2026-03-02"]  # fmt: skip
    assert section.date_style.currentData() == "MM/DD/YYYY"
    assert "at once" in section.date_style.toolTip()
    section.date_style.setCurrentIndex(section.date_style.findData("DD/MM/YYYY"))
    assert section.save(), section.status.text()
    stored = clinic.store.clinic.get()
    assert stored is not None and stored.date_style == "DD/MM/YYYY"
    qtbot.waitUntil(lambda: desk.model.data(desk.model.index(0, 0)) == "Tue 03/11/2026")
    assert desk.start.displayFormat() == "ddd dd/MM/yyyy"
    assert desk.start.date() == day  # the same day, written the new way
    section.reload()  # set-up read again shows what was saved
    assert section.date_style.currentData() == "DD/MM/YYYY"
