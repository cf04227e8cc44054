"""The front desk and the treatment time record: the row menu's "Treatment time record…",
and the owner's choice (Clinic set-up, Clinic) putting it after each superbill in a batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from tests.frontdesk.conftest import MIXED_DAY
from tests.superbill.pdf_tools import page_count, pdf_text
from timer_app.clinic import ClinicServices
from timer_app.store import Store
from timer_app.ui import front_desk_output
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.setup_clinic import ClinicSection


def _show_signed(view: FrontDeskView) -> None:
    view.status.setCurrentIndex(view.status.findText("Signed"))
    view.end.setDate(QDate(2100, 1, 1))
    day = QDate(MIXED_DAY.year, MIXED_DAY.month, MIXED_DAY.day)
    view.start.setDate(day)
    view.end.setDate(day)


@pytest.fixture
def pdf_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "out.pdf"
    monkeypatch.setattr(front_desk_output, "choose_pdf_path", lambda *_args: path)
    return path


def test_the_row_menu_saves_one_visits_time_record(
    desk: FrontDeskView, pdf_path: Path, store: Store
) -> None:
    _show_signed(desk)
    desk.table.selectRow(0)
    item = desk.selected()[0]
    actions = {a.text(): a for a in desk.row_menu().actions()}
    actions["Treatment time record…"].trigger()
    assert page_count(pdf_path) == 1
    text = pdf_text(pdf_path)
    assert "TREATMENT TIME RECORD" in text and item.patient.name in text
    assert "Total timed minutes" in text and "Total treatment time" in text
    assert "Saved the treatment time record" in desk.notice.text()
    assert store.audit.latest(1)[0].what == "time record disclosed"


def test_one_visit_at_a_time(desk: FrontDeskView) -> None:
    _show_signed(desk)
    desk.table.selectAll()
    desk.time_record()
    assert desk.problem.text() == "Select one visit to save its treatment time record."


def test_the_owners_setting_gives_two_pages_per_visit(  # type: ignore[no-untyped-def]
    qtbot, desk: FrontDeskView, clinic: ClinicServices, pdf_path: Path
) -> None:
    section = ClinicSection(clinic.setup)
    qtbot.addWidget(section)
    assert not section.time_record.isChecked()
    section.time_record.setChecked(True)
    assert section.save()
    assert clinic.setup.time_record_with_superbill()
    section.reload()
    assert section.time_record.isChecked()
    _show_signed(desk)
    desk.table.selectAll()
    count = len(desk.selected())
    desk.pdf_button.click()
    assert page_count(pdf_path) == 2 * count
    pages = pdf_text(pdf_path).split("\f")
    assert ["TREATMENT TIME RECORD" in page for page in pages[: 2 * count]] == [False, True] * count
