"""The Reports area: the owner's only, built when first opened; its figures those of the
service, each report's numbers a key away and exported as CSV; the day sheet from the
front desk and from Reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QTableView
from pytestqt.qtbot import QtBot

from tests.clinic.conftest import CLINIC_TZ
from tests.clinic.reports_data import RANGE, START, TODAY, fill_reports_clinic, seed_reports_clinic
from tests.superbill.pdf_tools import pdf_text
from tests.ui.conftest import sign_in_as
from timer_app.clinic import ClinicServices
from timer_app.clinic.reports import DAY_SHEET_DISCLOSED
from timer_app.session import FakeClock
from timer_app.store import MemoryStore
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.main_window import MainWindow
from timer_app.ui.reports_day_sheet import DAY, SheetDialog
from timer_app.ui.reports_view import ReportsView


def _tabs_shown(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())
            if window.tabs.isTabVisible(i)]  # fmt: skip


@pytest.mark.parametrize(
    ("who", "reports"),
    [("Alex Morgan (owner)", True), ("Kim Lee (front desk)", False), ("Dana Reyes", False),
     ("Sam Ortiz", False)],
)  # fmt: skip
def test_only_the_owner_has_reports(
    qtbot: QtBot, people_window: MainWindow, who: str, reports: bool
) -> None:
    sign_in_as(qtbot, people_window, who)
    assert ("Reports" in _tabs_shown(people_window)) is reports
    assert people_window.reports.content is None  # nothing built until it is opened


def test_the_owners_reports_open_on_the_demo_clinic(
    qtbot: QtBot, people_window: MainWindow
) -> None:
    sign_in_as(qtbot, people_window, "Alex Morgan (owner)")
    people_window.tabs.setCurrentWidget(people_window.reports)
    view = people_window.reports.content
    assert isinstance(view, ReportsView)
    qtbot.waitUntil(lambda: view.report is not None, timeout=10000)
    assert view.report is not None and view.report.visits > 0


@pytest.fixture
def clinic() -> ClinicServices:
    clock = FakeClock(START)
    store = MemoryStore(clock)
    seed_reports_clinic(store)
    services = ClinicServices(store, clock, CLINIC_TZ)
    fill_reports_clinic(services, clock)
    return services


@pytest.fixture
def view(qtbot: QtBot, clinic: ClinicServices) -> ReportsView:
    shown = ReportsView(clinic)
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitUntil(lambda: shown.report is not None, timeout=10000)
    return shown


def _read_range(qtbot: QtBot, view: ReportsView) -> None:
    view.range.setCurrentText("Custom")
    view.report = None
    start, end = RANGE
    view.start.setDate(start)
    view.end.setDate(end)
    qtbot.waitUntil(lambda: view.report is not None and view.report.start == start, timeout=10000)


def test_the_figures_are_the_services(
    qtbot: QtBot, view: ReportsView, clinic: ClinicServices
) -> None:
    assert view.range.currentText() == "This month"
    assert view.dates() == (TODAY.replace(day=1), TODAY)
    _read_range(qtbot, view)
    assert view.range.currentText() == "Custom"
    expected = clinic.reports.report(*RANGE)
    assert view.report is not None and view.report.tables == expected.tables
    productivity = view.sections["productivity"]
    model = productivity.model
    assert model.rowCount() == 4  # three clinicians and the total
    assert [model.index(0, c).data() for c in range(7)] == [
        "Dana Reyes", "3", "89", "5", "1.7", "89", "3.4",
    ]  # fmt: skip
    assert model.index(3, 6).data(Qt.ItemDataRole.FontRole).bold()
    assert "Dana Reyes Units per visit 1.7, Units per clocked hour 3.4" in (
        productivity.chart.accessibleDescription()
    )
    assert "signed and billed visits" in view.status.text()


def test_one_clinician_and_the_table_toggle(qtbot: QtBot, view: ReportsView) -> None:
    _read_range(qtbot, view)
    view.report = None
    view.clinician.setCurrentText("Sam Ortiz")
    qtbot.waitUntil(lambda: view.report is not None, timeout=10000)
    assert view.report is not None and view.report.clinician == "Sam Ortiz"
    section = view.sections["cq-co-share"]
    assert section.stack.currentWidget() is section.chart
    section.toggle.setFocus()
    qtbot.keyClick(section.toggle, Qt.Key.Key_Space)  # keyboard: Space shows the table
    assert section.stack.currentWidget() is section.view
    assert section.toggle.text() == "Show chart"
    assert section.model.index(0, 3).data() == "100.0%"


def test_export_csv_of_a_report(
    qtbot: QtBot, view: ReportsView, clinic: ClinicServices, tmp_path: Path
) -> None:
    _read_range(qtbot, view)
    saved = view.export("minutes-no-unit", tmp_path / "lost.csv")
    assert saved is not None
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Clinician", "Code", "Timed minutes", "Units", "Minutes with no unit"]
    assert rows[-1] == ["All", "", "127", "8", "22"]
    assert "Exported minutes that earned no unit (4 rows)" in view.status.text()
    assert clinic.store.audit.latest(1)[0].what == "report exported"


def test_every_control_is_named_and_explained(view: ReportsView) -> None:
    controls = [*view.findChildren(QAbstractButton), *view.findChildren(QComboBox),
                *view.findChildren(QDateEdit), *view.findChildren(QTableView)]  # fmt: skip
    assert len(controls) > 20
    for control in controls:
        if control.objectName().startswith("qt_") or not control.isVisibleTo(view):
            continue  # Qt's own parts (a calendar's, a scroll bar's)
        assert control.accessibleName(), control
        assert control.toolTip(), control.accessibleName()


def test_the_day_sheet_from_reports(
    qtbot: QtBot, view: ReportsView, clinic: ClinicServices, tmp_path: Path
) -> None:
    dialog = view.open_sheet(DAY)
    assert dialog.chosen() == TODAY
    saved = dialog.save(tmp_path / "day.pdf")
    dialog.close()
    assert saved is not None and "DAY SHEET" in pdf_text(saved)
    assert "Saved Day sheet 2026-11-02 (1 page)" in dialog.message.text()
    logged = [e for e in clinic.store.audit.latest(5) if e.what == DAY_SHEET_DISCLOSED]
    assert len(logged) == 3  # one per visit on it


def test_the_day_sheet_from_the_front_desk(
    qtbot: QtBot, clinic: ClinicServices, tmp_path: Path
) -> None:
    desk = FrontDeskView(clinic)
    qtbot.addWidget(desk)
    assert desk.day_sheet_button.accessibleName() or desk.day_sheet_button.text() == "Day sheet…"
    assert desk.day_sheet_button.toolTip()
    dialog = SheetDialog(clinic.reports, DAY, TODAY, desk)
    qtbot.addWidget(dialog)
    saved = dialog.save(tmp_path / "desk-day.pdf")
    assert saved is not None
    assert "Chen, Tom" in pdf_text(saved)
