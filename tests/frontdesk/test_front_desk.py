"""The front desk view: the visit model, a day's superbills in one go, billing, refusals."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from tests.frontdesk.conftest import BILLED_DAY, MIXED_DAY, SIGNED_DAY, TODAY
from tests.superbill.pdf_tools import page_count, pdf_info, pdf_text
from timer_app.clinic.front_desk import DeskVisit, StatusChoice
from timer_app.session.model import VisitStatus
from timer_app.store import Store
from timer_app.ui import front_desk_output
from timer_app.ui.elsewhere_dialog import ElsewhereDialog
from timer_app.ui.front_desk import PAPER_KEY, FrontDeskView
from timer_app.ui.front_desk_model import VISIT_ROLE, VisitTableModel
from timer_app.ui.payments_dialog import PaymentsDialog


def _show(view: FrontDeskView, start: date, end: date | None = None, status: str = "All") -> None:
    view.status.setCurrentIndex(view.status.findText(status))
    view.end.setDate(QDate(2100, 1, 1))  # never before the start while moving both
    view.start.setDate(QDate(start.year, start.month, start.day))
    last = end or start
    view.end.setDate(QDate(last.year, last.month, last.day))


def _select_all(view: FrontDeskView) -> None:
    view.table.selectAll()


def _select_rows(view: FrontDeskView, rows: list[int]) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        view.table.selectionModel().select(view.model.index(row, 0), flags)


def _statuses(store: Store, ids: list[int]) -> list[VisitStatus]:
    return [store.visits.get(i).status for i in ids]


@pytest.fixture
def pdf_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The save dialog answers with this file; the test fails if a dialog would open."""
    path = tmp_path / "out" / "day.pdf"
    path.parent.mkdir()
    monkeypatch.setattr(front_desk_output, "choose_pdf_path", lambda _parent, _suggested: path)
    return path


class _PrintDialog:
    """Stands in for QPrintDialog: 'prints' to a PDF file so the pages can be counted."""

    target: Path
    opened = 0

    def __init__(self, printer: QPrinter, _parent: Any) -> None:
        self.printer = printer

    def setWindowTitle(self, _title: str) -> None:  # noqa: N802 (Qt's name)
        pass

    def exec(self) -> QDialog.DialogCode:
        type(self).opened += 1
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.target))
        return QDialog.DialogCode.Accepted


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    _PrintDialog.target = tmp_path / "printed.pdf"
    _PrintDialog.opened = 0
    monkeypatch.setattr(front_desk_output, "QPrintDialog", _PrintDialog)
    monkeypatch.setattr(front_desk_output, "printers_installed", lambda: True)
    return _PrintDialog.target


# --- the model -------------------------------------------------------------------------------


def test_model_passes_qabstractitemmodeltester(
    desk: FrontDeskView, capfd: pytest.CaptureFixture[str]
) -> None:
    """Qt's own tester watches the model through resets (new filters, marking billed)."""
    tester = QAbstractItemModelTester(
        desk.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    _show(desk, MIXED_DAY, TODAY)
    assert desk.model.rowCount() == 50
    _select_rows(desk, [0])
    desk.confirm = lambda _title, _question: True  # type: ignore[method-assign]
    desk.mark_billed()
    _show(desk, date(2026, 10, 1))  # empty
    assert desk.model.rowCount() == 0
    empty = QAbstractItemModelTester(VisitTableModel())
    assert "FAIL!" not in capfd.readouterr().err  # the tester reports on stderr
    del tester, empty


def test_model_passes_pytest_qts_model_tester(qtmodeltester, desk: FrontDeskView) -> None:  # type: ignore[no-untyped-def]
    _show(desk, MIXED_DAY, TODAY)
    qtmodeltester.check(desk.model, force_py=True)


def test_model_rows_show_lines_units_and_the_visit(desk: FrontDeskView) -> None:
    _show(desk, SIGNED_DAY)
    model = desk.model
    first = model.visit_at(0)
    assert model.data(model.index(0, 2)) == first.patient.name
    assert model.data(model.index(0, 5)) == "Signed"
    assert model.data(model.index(0, 6)) == str(len(first.billing.lines))  # type: ignore[union-attr]
    assert model.data(model.index(0, 7)) == str(first.units)
    assert model.data(model.index(0, 0), VISIT_ROLE) is first
    assert model.headerData(7, Qt.Orientation.Horizontal) == "Units"


def test_opens_on_today_with_signed_visits(desk: FrontDeskView) -> None:
    assert desk.start.date() == QDate(2026, 11, 6) == desk.end.date()
    assert desk.status.currentText() == StatusChoice.SIGNED.value
    assert [v.visit.status for v in desk.model.visits()] == [VisitStatus.SIGNED] * 3


def test_filters_by_status_and_clinician(desk: FrontDeskView, store: Store) -> None:
    _show(desk, MIXED_DAY, status="Not yet signed")
    assert len(desk.model.visits()) == 2
    _show(desk, MIXED_DAY, TODAY, status="Billed")
    assert {v.visit.status for v in desk.model.visits()} == {VisitStatus.BILLED}
    assert len(desk.model.visits()) == 20
    priya = next(c for c in store.clinicians.all() if c.role == "SLP")
    desk.clinician.setCurrentIndex(desk.clinician.findData(priya.id))
    assert {v.clinician.id for v in desk.model.visits()} == {priya.id}


def test_totals_follow_the_list_and_the_selection(desk: FrontDeskView) -> None:
    _show(desk, SIGNED_DAY)
    units = sum(v.units for v in desk.model.visits())
    lines = sum(v.line_count for v in desk.model.visits())
    assert desk.totals.text().startswith(f"10 visits (10 signed or billed) · {lines} lines")
    assert f"{units} units" in desk.totals.text()
    _select_rows(desk, [0, 1])
    chosen = desk.model.visit_at(0).units + desk.model.visit_at(1).units
    said = desk.selection_totals.text()
    assert said.startswith(f"Selected: 2 visits · {chosen} units · charged $")
    assert desk.selection_totals.isVisibleTo(desk)
    desk.table.clearSelection()
    assert not desk.selection_totals.isVisibleTo(desk)  # nothing selected: nothing said


def test_a_range_ending_before_it_starts_says_so(desk: FrontDeskView) -> None:
    desk.start.setDate(QDate(2026, 11, 6))
    desk.end.setDate(QDate(2026, 11, 2))
    assert "before it starts" in desk.problem.text()
    assert desk.model.rowCount() == 0


# --- a day's superbills in one go ------------------------------------------------------------


def test_save_a_days_signed_visits_as_one_pdf(desk: FrontDeskView, pdf_path: Path) -> None:
    _show(desk, MIXED_DAY, status="Signed")
    _select_all(desk)
    chosen = desk.selected()
    assert len(chosen) == 8
    desk.pdf_button.click()
    assert page_count(pdf_path) == 8
    text = pdf_text(pdf_path)
    for item in chosen:
        assert item.patient.name in text
    assert "Saved 8 superbills" in desk.notice.text()
    assert desk.notice.isVisible() and not desk.problem.isVisible()


def test_print_a_days_visits_through_the_print_dialog(desk: FrontDeskView, printed: Path) -> None:
    _show(desk, SIGNED_DAY)
    _select_all(desk)
    desk.print_button.click()
    assert _PrintDialog.opened == 1
    assert page_count(printed) == 10
    assert "Sent 10 superbills" in desk.notice.text()


def test_keyboard_ctrl_p_prints_and_ctrl_s_saves(  # type: ignore[no-untyped-def]
    qtbot, desk: FrontDeskView, printed: Path, pdf_path: Path
) -> None:
    _show(desk, SIGNED_DAY)
    _select_rows(desk, [0, 3])
    desk.table.setFocus()
    qtbot.keyClick(desk.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert page_count(printed) == 2
    # the view takes the keyboard back once the progress window has gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk and desk.table.hasFocus())
    qtbot.keyClick(desk.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page_count(pdf_path) == 2


def test_a4_is_a_setting_kept_for_next_time(  # type: ignore[no-untyped-def]
    desk: FrontDeskView, pdf_path: Path, settings, clinic
) -> None:
    assert "(letter)" in pdf_info_after_save(desk, pdf_path).lower()
    desk.paper.setCurrentIndex(desk.paper.findText("A4"))
    assert settings.value(PAPER_KEY) == "a4"
    assert "(A4)" in pdf_info_after_save(desk, pdf_path)
    again = FrontDeskView(clinic, settings)
    assert again.paper.currentText() == "A4"
    again.deleteLater()


def pdf_info_after_save(desk: FrontDeskView, path: Path) -> str:
    _show(desk, SIGNED_DAY)
    _select_rows(desk, [0])
    desk.save_pdf()
    return pdf_info(path)["Page size"]


def test_cancel_leaves_no_file_and_says_so(
    desk: FrontDeskView, pdf_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages: list[int] = []

    def cancelled(dialog: QProgressDialog) -> bool:
        pages.append(dialog.value())
        return dialog.value() >= 2  # Cancel pressed while the third page was coming

    monkeypatch.setattr(QProgressDialog, "wasCanceled", cancelled)
    _show(desk, SIGNED_DAY)
    _select_all(desk)
    desk.save_pdf()
    assert not pdf_path.exists()
    assert list(pdf_path.parent.iterdir()) == []  # no half file either
    assert max(pages) == 2
    assert desk.notice.text().startswith("Cancelled. No file was saved.")


def test_a_20_visit_batch_keeps_the_window_answering(
    desk: FrontDeskView, pdf_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _show(desk, MIXED_DAY, TODAY, status="Signed")  # Monday's 8, Tuesday's 10, today's 3
    _select_rows(desk, list(range(20)))
    started = time.perf_counter()
    desk.save_pdf()
    took = time.perf_counter() - started
    assert page_count(pdf_path) == 20
    assert desk.last_batch is not None
    longest = desk.last_batch.longest_wait
    with capsys.disabled():
        print(
            f"\n20-visit PDF batch: {took:.2f} s; longest wait between events "
            f"{longest * 1000:.0f} ms"
        )
    assert longest < 0.5  # Cancel and repaints answer within half a second


# --- billing and refusals --------------------------------------------------------------------


def test_mark_billed_bills_the_selected_signed_visits(desk: FrontDeskView, store: Store) -> None:
    _show(desk, SIGNED_DAY)
    _select_rows(desk, [0, 1, 2])
    ids = [item.visit.id for item in desk.selected()]
    desk.confirm = lambda _title, _question: True  # type: ignore[method-assign]
    desk.bill_button.click()
    assert _statuses(store, ids) == [VisitStatus.BILLED] * 3
    assert desk.notice.text() == "Marked 3 visits billed."
    assert len(desk.model.visits()) == 10  # "All": still listed, now billed
    billed = [e for e in store.audit.for_visit(ids[0]) if e.after == {"status": "billed"}]
    assert [e.who.endswith("(OS account)") for e in billed] == [True]  # nobody signed in


def test_billed_visits_stay_billed_and_are_counted(desk: FrontDeskView) -> None:
    _show(desk, BILLED_DAY)
    _select_rows(desk, [0, 1])
    desk.mark_billed()
    assert desk.notice.text() == "Marked 0 visits billed. 2 were already billed."


@pytest.mark.parametrize("action", ["print_selected", "save_pdf", "mark_billed"])
def test_unsigned_visits_are_refused_in_words_and_nothing_changes(
    desk: FrontDeskView, store: Store, action: str, printed: Path, pdf_path: Path
) -> None:
    _show(desk, MIXED_DAY)
    _select_all(desk)
    ids = [item.visit.id for item in desk.selected()]
    before = _statuses(store, ids)
    getattr(desk, action)()
    words = desk.problem.text()
    assert desk.problem.isVisible()
    assert "2 of the 10 selected visits are not signed yet" in words
    assert "ask them to sign it" in words
    for item in desk.selected():
        if not item.final:
            assert item.patient.name in words
    assert _statuses(store, ids) == before
    assert _PrintDialog.opened == 0
    assert not pdf_path.exists() and not printed.exists()


def test_nothing_selected_says_what_to_do(desk: FrontDeskView, pdf_path: Path) -> None:
    desk.save_pdf()
    assert desk.problem.text() == "Select at least one visit to be printed."
    assert not pdf_path.exists()


def test_every_control_has_a_name_and_a_tip(desk: FrontDeskView) -> None:
    controls = [desk.start, desk.end, desk.clinician, desk.status, desk.today_button,
                desk.table, desk.paper, desk.bill_button, desk.pdf_button,
                desk.print_button, desk.payment_button, desk.elsewhere_button]  # fmt: skip
    for widget in controls:
        assert widget.accessibleName(), widget
        assert widget.toolTip(), widget.accessibleName()


def test_screenshot(desk: FrontDeskView, tmp_path: Path) -> None:
    _show(desk, MIXED_DAY, status="All")
    _select_all(desk)
    desk.mark_billed()  # refused: two are unsigned, and the view says so
    image = desk.grab()
    assert image.width() == 1280 and image.height() == 800
    assert image.save(str(tmp_path / "front-desk.png"))


def test_record_a_payment_for_one_visit(desk: FrontDeskView, store: Store) -> None:
    _show(desk, SIGNED_DAY)
    _select_rows(desk, [0])
    visit_id = desk.selected()[0].visit.id
    before = store.visits.get(visit_id).amount_paid_cents

    def pay(item: DeskVisit, typed: str) -> bool:
        dialog = PaymentsDialog(desk.desk, item, desk.paper_size(), desk)
        dialog.amount.setText(typed)
        dialog.add_button.click()
        problems.append(dialog.problem.text())
        return dialog.changed

    problems: list[str] = []
    desk.open_payments = lambda item: pay(item, "20.00")  # type: ignore[method-assign]
    desk.payment_button.click()
    assert store.visits.get(visit_id).amount_paid_cents == before + 2000
    assert desk.notice.text().startswith("Payments of ")
    desk.open_payments = lambda item: pay(item, "-5")  # type: ignore[method-assign]
    desk.record_payment()
    assert "cannot be negative" in problems[-1]
    assert store.visits.get(visit_id).amount_paid_cents == before + 2000


def test_a_payment_needs_exactly_one_visit(desk: FrontDeskView) -> None:
    _show(desk, SIGNED_DAY)
    _select_rows(desk, [0, 1])
    desk.record_payment()
    assert "Select one visit" in desk.problem.text()


def _medicare_row(desk: FrontDeskView) -> int:
    return next(
        row for row, item in enumerate(desk.model.visits())
        if item.payer is not None and item.payer.profile == "Medicare"
    )  # fmt: skip


def test_therapy_billed_elsewhere_puts_kx_on_the_patients_visits(
    desk: FrontDeskView, store: Store
) -> None:
    _show(desk, SIGNED_DAY)
    _select_rows(desk, [_medicare_row(desk)])
    item = desk.selected()[0]
    assert all("KX" not in line.modifiers for line in item.billing.lines)  # type: ignore[union-attr]
    dialogs: list[ElsewhereDialog] = []

    def type_amounts(chosen: DeskVisit) -> bool:
        dialog = ElsewhereDialog(desk.desk, chosen, desk)
        dialogs.append(dialog)
        dialog.amounts["PT_SLP"].setText("2,480.00")
        dialog.amounts["OT"].setText("")
        dialog._save()
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.open_elsewhere = type_amounts  # type: ignore[method-assign]
    desk.elsewhere_button.click()
    assert desk.notice.text().startswith(f"Saved what other providers billed {item.patient.name}")
    assert store.patients.therapy_elsewhere(item.patient.id, 2026) == {"PT_SLP": 248_000}
    again = desk.selected()[0]
    assert again.visit.id == item.visit.id  # still selected, billed again with KX
    assert all("KX" in line.modifiers for line in again.billing.lines if not line.bundled)  # type: ignore[union-attr]
    reopened = ElsewhereDialog(desk.desk, again, desk)
    assert reopened.amounts["PT_SLP"].text() == "2,480.00"


def test_a_wrong_amount_billed_elsewhere_is_said_and_nothing_is_saved(
    desk: FrontDeskView, store: Store
) -> None:
    _show(desk, SIGNED_DAY)
    item = desk.model.visits()[_medicare_row(desk)]
    dialog = ElsewhereDialog(desk.desk, item, desk)
    for typed, words in (("12.3.4", "write dollars and cents"), ("-40", "cannot be negative")):
        dialog.amounts["OT"].setText(typed)
        dialog._save()
        assert words in dialog.problem.text() and "Nothing was saved" in dialog.problem.text()
        assert dialog.result() != QDialog.DialogCode.Accepted
    assert store.patients.therapy_elsewhere(item.patient.id, 2026) == {}
    _select_rows(desk, [0, 1])
    desk.edit_elsewhere()
    assert "Select one visit" in desk.problem.text()
