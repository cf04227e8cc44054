"""The front desk's traps a new front desk tripped over (issue 14), each in the window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt

from tests.frontdesk.conftest import SIGNED_DAY, TODAY
from tests.frontdesk.self_pay import self_pay_schedule, self_pay_visit
from tests.superbill.pdf_tools import page_count, pdf_text
from timer_app.clinic import ClinicServices
from timer_app.session import FakeClock, VisitStatus
from timer_app.store import Store
from timer_app.ui import front_desk_output
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.front_desk_model import COLUMNS


def _show(view: FrontDeskView, day: date) -> None:
    view.end.setDate(QDate(2100, 1, 1))
    view.start.setDate(QDate(day.year, day.month, day.day))
    view.end.setDate(QDate(day.year, day.month, day.day))


def _select_all(view: FrontDeskView) -> None:
    view.table.selectAll()


@pytest.fixture
def pdf_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "out" / "day.pdf"
    path.parent.mkdir()
    monkeypatch.setattr(front_desk_output, "choose_pdf_path", lambda _parent, _suggested: path)
    return path


def _answer(view: FrontDeskView, yes: bool) -> list[str]:
    """Answer every question the view asks; the questions asked."""
    asked: list[str] = []

    def confirm(_title: str, question: str) -> bool:
        asked.append(question)
        return yes

    view.confirm = confirm  # type: ignore[method-assign]
    return asked


# --- self-pay and a visit that cannot be billed ----------------------------------------------


def test_a_self_pay_visit_gets_its_superbill_at_the_clinics_prices(
    desk: FrontDeskView, clinic: ClinicServices, clock: FakeClock, pdf_path: Path
) -> None:
    visit_id = self_pay_visit(clinic, clock)
    self_pay_schedule(clinic)
    _show(desk, TODAY)
    desk.search.setText("Doe")
    assert [v.visit.id for v in desk.model.visits()] == [visit_id]
    row = desk.model.visits()[0]
    assert row.payer is not None and row.payer.name == "Self-pay"
    assert (row.charged_cents, row.problem) == (18000, None)
    _select_all(desk)
    desk.save_pdf()
    assert desk.notice.text().startswith("Saved 1 superbill to ")
    text = pdf_text(pdf_path)
    assert "Self-pay" in text and "$180.00" in text


def test_one_visit_that_cannot_be_billed_never_holds_up_the_others(
    desk: FrontDeskView, store: Store, pdf_path: Path
) -> None:
    _show(desk, SIGNED_DAY)
    broken = desk.model.visits()[0]
    code = broken.billing.lines[0].code if broken.billing else ""
    assert broken.visit.payer_id is not None
    store.payers.remove_fees(broken.visit.payer_id, [code])  # no fee for the payer
    desk.refresh()
    listed = {v.visit.id: v for v in desk.model.visits()}
    assert f"no fee for {code}" in (listed[broken.visit.id].problem or "")  # said on its row
    others = [v for v in listed.values() if v.problem is None]
    _select_all(desk)
    desk.save_pdf()
    assert page_count(pdf_path) == len(others) > 0
    words = desk.notice.text()
    assert words.startswith(f"Saved {len(others)} superbills to ")
    assert f"Skipped {broken.patient.name} (visit {broken.visit.id}" in words
    assert f"no fee for {code}" in words


def test_nothing_billable_says_why_and_makes_no_file(
    desk: FrontDeskView, clinic: ClinicServices, clock: FakeClock, pdf_path: Path
) -> None:
    self_pay_visit(clinic, clock)  # and the clinic has no self-pay prices
    _show(desk, TODAY)
    desk.search.setText("Doe")
    _select_all(desk)
    desk.save_pdf()
    assert desk.problem.isVisible() and not pdf_path.exists()
    assert "no self-pay fee schedule" in desk.problem.text()


# --- the list: sorting, search, charged / paid / balance ------------------------------------


def test_columns_sort_by_their_values(desk: FrontDeskView) -> None:
    _show(desk, SIGNED_DAY)
    charged = COLUMNS.index(next(c for c in COLUMNS if c[0] == "Charged"))
    desk.table.sortByColumn(charged, Qt.SortOrder.DescendingOrder)
    amounts = [v.charged_cents or 0 for v in desk.model.visits()]
    assert amounts == sorted(amounts, reverse=True) and len(set(amounts)) > 1
    desk.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # patient
    names = [v.patient.name.casefold() for v in desk.model.visits()]
    assert names == sorted(names)


def test_a_sorted_selection_prints_the_rows_chosen(desk: FrontDeskView) -> None:
    _show(desk, SIGNED_DAY)
    desk.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    desk.table.selectionModel().select(desk.model.index(0, 0), flags)
    assert [v.visit.id for v in desk.selected()] == [desk.model.visits()[0].visit.id]


def test_charged_paid_and_balance_columns_and_totals(desk: FrontDeskView) -> None:
    _show(desk, SIGNED_DAY)
    headers = [desk.model.headerData(c, Qt.Orientation.Horizontal) for c in range(12)]
    assert headers[-3:] == ["Charged", "Paid", "Balance"]
    _select_all(desk)
    desk.table.clearSelection()
    desk.table.selectRow(0)
    desk.desk.record_payment(desk.selected()[0], 2500)
    desk.refresh()
    first = next(v for v in desk.model.visits() if v.paid_cents == 2500)
    assert first.balance_cents == (first.charged_cents or 0) - 2500
    row = desk.model.visits().index(first)
    assert desk.model.index(row, 10).data() == "$25.00"
    charged = sum(v.charged_cents or 0 for v in desk.model.visits())
    text = desk.totals.text()
    assert f"charged ${charged / 100:,.2f}" in text and "paid $25.00" in text
    assert f"balance ${(charged - 2500) / 100:,.2f}" in text


def test_the_patient_search_filters_by_name_or_birth_date(desk: FrontDeskView) -> None:
    _show(desk, SIGNED_DAY)
    everyone = desk.model.visits()
    patient = everyone[0].patient
    desk.search.setText(patient.name.split(",")[0].upper())
    assert {v.patient.id for v in desk.model.visits()} == {patient.id}
    assert desk.totals.text().startswith(f"{len(desk.model.visits())} visits")
    desk.search.setText(patient.date_of_birth.strftime("%m/%d/%Y"))
    assert {v.patient.date_of_birth for v in desk.model.visits()} == {patient.date_of_birth}
    desk.search.setText("")
    assert len(desk.model.visits()) == len(everyone)


# --- Mark billed, asked and undoable ---------------------------------------------------------


def test_mark_billed_asks_first_and_no_changes_nothing(desk: FrontDeskView, store: Store) -> None:
    _show(desk, SIGNED_DAY)
    _select_all(desk)
    asked = _answer(desk, yes=False)
    ids = [v.visit.id for v in desk.selected()]
    desk.bill_button.click()
    assert len(asked) == 1 and "Mark 10 signed visits billed" in asked[0]
    assert {store.visits.get(i).status for i in ids} == {VisitStatus.SIGNED}


def test_undo_right_after_returns_them_to_signed_in_the_audit_log(
    desk: FrontDeskView, store: Store
) -> None:
    _show(desk, SIGNED_DAY)
    desk.table.selectRow(0)
    _answer(desk, yes=True)
    visit_id = desk.selected()[0].visit.id
    desk.bill_button.click()
    assert store.visits.get(visit_id).status is VisitStatus.BILLED
    assert desk.undo_button.isVisible()
    desk.undo_button.click()
    assert store.visits.get(visit_id).status is VisitStatus.SIGNED
    assert desk.notice.text() == "Undone: 1 visit back to signed."
    assert not desk.undo_button.isVisible()
    last = store.audit.for_visit(visit_id)[-1]
    assert (last.before, last.after) == ({"status": "billed"}, {"status": "signed"})


# --- no printer ------------------------------------------------------------------------------


def test_no_printer_says_so_and_offers_a_pdf(
    desk: FrontDeskView, monkeypatch: pytest.MonkeyPatch, pdf_path: Path
) -> None:
    monkeypatch.setattr(front_desk_output, "printers_installed", lambda: False)
    opened: list[object] = []
    monkeypatch.setattr(front_desk_output, "QPrintDialog", lambda *a: opened.append(a))
    _show(desk, SIGNED_DAY)
    _select_all(desk)
    asked = _answer(desk, yes=True)
    desk.print_selected()
    assert opened == []  # never the "Print to File" dialog
    assert "No printer is installed" in asked[0] and "PDF" in asked[0]
    assert page_count(pdf_path) == 10


def test_no_printer_and_no_pdf_wanted_says_nothing_was_printed(
    desk: FrontDeskView, monkeypatch: pytest.MonkeyPatch, pdf_path: Path
) -> None:
    monkeypatch.setattr(front_desk_output, "printers_installed", lambda: False)
    _show(desk, SIGNED_DAY)
    _select_all(desk)
    _answer(desk, yes=False)
    desk.print_selected()
    assert desk.problem.text() == "Nothing was printed: no printer is installed on this computer."
    assert not pdf_path.exists()
