"""The front desk's payments as a ledger, the receipt and a patient's visit history (issue
14: '$30 then $10 prints "Amount paid $10.00"; no date, method or payer of a payment')."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from tests.frontdesk.conftest import SIGNED_DAY, TODAY
from tests.superbill.pdf_tools import page_count, pdf_text
from tests.ui.test_accessibility import _unnamed
from timer_app.clinic import ClinicServices
from timer_app.clinic.front_desk import DeskVisit
from timer_app.records.payments import PaidBy, PaymentMethod
from timer_app.store import Store
from timer_app.ui import front_desk_output
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.patient_history_dialog import PatientHistoryDialog
from timer_app.ui.payments_dialog import PaymentsDialog


def _show(view: FrontDeskView, day: date) -> None:
    view.end.setDate(QDate(2100, 1, 1))
    view.start.setDate(QDate(day.year, day.month, day.day))
    view.end.setDate(QDate(day.year, day.month, day.day))


def _unpaid_row(view: FrontDeskView) -> int:
    """A signed visit nothing was paid for yet, selected."""
    _show(view, SIGNED_DAY)
    row = next(
        r for r, v in enumerate(view.model.visits()) if v.paid_cents == 0 and v.charged_cents
    )
    view.table.clearSelection()
    view.table.selectRow(row)
    return row


def _dialog(qtbot: Any, view: FrontDeskView, item: DeskVisit) -> PaymentsDialog:
    dialog = PaymentsDialog(view.desk, item, view.paper_size(), view)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _pay(dialog: PaymentsDialog, amount: str, method: PaymentMethod = PaymentMethod.CASH,
         reference: str = "") -> None:  # fmt: skip
    dialog.method.setCurrentIndex(dialog.method.findData(method))
    dialog.reference.setText(reference)
    dialog.amount.setText(amount)
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)  # Enter adds it: no mouse needed


@pytest.fixture
def pdf_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "out" / "day.pdf"
    path.parent.mkdir()
    monkeypatch.setattr(front_desk_output, "choose_pdf_path", lambda *_args: path)
    return path


def test_thirty_then_ten_prints_amount_paid_forty(
    qtbot: Any, desk: FrontDeskView, store: Store, pdf_path: Path
) -> None:
    """The trap: the second payment no longer overwrites the first."""
    row = _unpaid_row(desk)
    item = desk.model.visit_at(row)

    def pay_twice(chosen: DeskVisit) -> bool:
        dialog = _dialog(qtbot, desk, chosen)
        _pay(dialog, "30")
        _pay(dialog, "10.00", PaymentMethod.CHECK, "1042")
        assert [p.cents for p in dialog.payments()] == [3000, 1000]
        assert dialog.summary.text().startswith(
            f"Charged ${item.charged_cents / 100:,.2f} · Paid $40.00 · Balance"
        )
        return dialog.changed

    desk.open_payments = pay_twice  # type: ignore[method-assign]
    desk.payment_button.click()
    assert store.visits.get(item.visit.id).amount_paid_cents == 4000
    assert "paid $40.00" in desk.notice.text()
    assert desk.selected()[0].visit.id == item.visit.id  # still chosen, to print next
    desk.save_pdf()
    text = " ".join(pdf_text(pdf_path).split())
    assert "Amount paid $40.00" in text
    assert f"Balance due ${(item.charged_cents - 4000) / 100:,.2f}" in text
    first, second = store.payments.for_visit(item.visit.id)
    assert (first.paid_on, first.method, first.paid_by) == (TODAY, PaymentMethod.CASH,
                                                            PaidBy.PATIENT)  # fmt: skip
    assert (second.method, second.reference) == (PaymentMethod.CHECK, "1042")
    assert [e.what for e in store.audit.for_visit(item.visit.id)].count("payment recorded") == 2


def test_a_voided_payment_stays_listed_and_no_longer_counts(
    qtbot: Any, desk: FrontDeskView, store: Store
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    dialog = _dialog(qtbot, desk, item)
    _pay(dialog, "25")
    _pay(dialog, "25")
    dialog.table.selectRow(1)
    asked: list[str] = []

    def reason(payment: Any) -> str:
        asked.append(str(payment.cents))
        return "entered twice"

    dialog.ask_reason = reason  # type: ignore[method-assign]
    dialog.void_button.click()
    assert asked == ["2500"]
    assert store.visits.get(item.visit.id).amount_paid_cents == 2500
    assert dialog.model.rowCount() == 2  # kept, never deleted
    voided = dialog.model.item(1, 6).text()
    assert voided.startswith("Voided by ") and voided.endswith(": entered twice")
    assert dialog.model.item(1, 0).font().strikeOut()
    assert "Paid $25.00" in dialog.summary.text()
    balance = (item.charged_cents or 0) - 2500
    assert f"Balance ${balance / 100:,.2f}" in dialog.summary.text()
    dialog.table.selectRow(1)
    assert not dialog.void_button.isEnabled()  # a voided one cannot be voided again
    dialog.table.selectRow(0)
    dialog.ask_reason = lambda _payment: "   "  # type: ignore[method-assign]
    dialog.void_selected()
    assert "say why" in dialog.problem.text()
    assert store.visits.get(item.visit.id).amount_paid_cents == 2500
    entry = store.audit.for_visit(item.visit.id)[-1]
    assert (entry.what, entry.reason) == ("payment voided", "entered twice")


@pytest.mark.parametrize(
    ("typed", "words"),
    [("-5", "cannot be negative"), ("abc", "write dollars and cents"), ("", "type the amount"),
     ("0", "more than $0.00")],
)  # fmt: skip
def test_a_bad_amount_is_said_in_words_and_nothing_is_kept(
    qtbot: Any, desk: FrontDeskView, store: Store, typed: str, words: str
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    dialog = _dialog(qtbot, desk, item)
    _pay(dialog, typed)
    assert dialog.problem.text().startswith("Nothing was recorded: ")
    assert words in dialog.problem.text()
    assert store.payments.for_visit(item.visit.id) == []
    assert not dialog.changed


def test_an_insurers_payment_is_paid_by_the_insurer(qtbot: Any, desk: FrontDeskView) -> None:
    dialog = _dialog(qtbot, desk, desk.model.visit_at(_unpaid_row(desk)))
    dialog.method.setCurrentIndex(dialog.method.findData(PaymentMethod.INSURER))
    assert dialog.paid_by.currentData() == PaidBy.INSURER
    assert dialog.method.currentText() == "Insurer payment / EFT"


def test_the_receipt_lists_each_payment_the_total_and_the_balance(
    qtbot: Any, desk: FrontDeskView, store: Store, pdf_path: Path
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    dialog = _dialog(qtbot, desk, item)
    _pay(dialog, "30")
    _pay(dialog, "10", PaymentMethod.CHECK, "1042")
    _pay(dialog, "99")
    dialog.table.selectRow(2)
    dialog.ask_reason = lambda _payment: "wrong visit"  # type: ignore[method-assign]
    dialog.void_selected()
    dialog.pdf_button.click()
    assert dialog.notice.text() == f"Saved the receipt to {pdf_path}."
    assert page_count(pdf_path) == 1
    text = " ".join(pdf_text(pdf_path).split())
    clinic = store.clinic.get()
    assert clinic is not None and clinic.name in text
    assert "RECEIPT" in text and item.patient.name in text
    assert f"Date of service {SIGNED_DAY:%m/%d/%Y}" in text
    assert f"{TODAY:%m/%d/%Y} Cash Patient — $30.00" in text
    assert f"{TODAY:%m/%d/%Y} Check Patient 1042 $10.00" in text
    assert "$99.00" not in text  # voided: taken back, not on the receipt
    assert "Total paid $40.00" in text
    assert f"Balance due ${((item.charged_cents or 0) - 4000) / 100:,.2f}" in text
    entry = store.audit.for_visit(item.visit.id)[-1]
    assert entry.what == "receipt disclosed" and entry.after == {"how": "saved as PDF day.pdf"}


def test_printing_a_receipt_goes_to_the_printer_chosen(
    qtbot: Any, desk: FrontDeskView, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "printed.pdf"

    def choose(_parent: Any, _paper: Any, what: str) -> QPrinter:
        assert what == "Receipt"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(front_desk_output, "printers_installed", lambda: True)
    monkeypatch.setattr(front_desk_output, "choose_printer", choose)
    dialog = _dialog(qtbot, desk, desk.model.visit_at(_unpaid_row(desk)))
    _pay(dialog, "30")
    dialog.print_button.click()
    assert "Total paid $30.00" in " ".join(pdf_text(target).split())
    assert dialog.notice.text().startswith("Sent the receipt to ")


def test_no_printer_offers_the_receipt_as_pdf(
    qtbot: Any, desk: FrontDeskView, monkeypatch: pytest.MonkeyPatch, pdf_path: Path
) -> None:
    monkeypatch.setattr(front_desk_output, "printers_installed", lambda: False)
    dialog = _dialog(qtbot, desk, desk.model.visit_at(_unpaid_row(desk)))
    dialog.confirm = lambda _title, _question: True  # type: ignore[method-assign]
    dialog.print_button.click()
    assert pdf_path.exists() and "No payment recorded" in pdf_text(pdf_path)


def test_a_patients_history_lists_every_visit_with_totals(
    qtbot: Any, desk: FrontDeskView, clinic: ClinicServices, store: Store
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    clinic.front_desk.record_payment(item, 1500)
    seen: list[PatientHistoryDialog] = []

    def history(chosen: DeskVisit) -> bool:
        dialog = PatientHistoryDialog(desk.desk, chosen, desk.paper_size(), desk)
        qtbot.addWidget(dialog)
        seen.append(dialog)
        return False

    desk.open_history = history  # type: ignore[method-assign]
    desk.history_button.click()
    dialog = seen[0]
    theirs = store.visits.find(patient_id=item.patient.id)
    assert len(theirs) > 1  # the demo patient comes back over the week
    assert [v.visit.id for v in dialog.model.visits()] == [v.id for v in theirs]
    assert dialog.selected() is not None and dialog.selected().visit.id == item.visit.id
    columns = range(dialog.model.columnCount())
    shown = [dialog.model.headerData(c, Qt.Orientation.Horizontal)
             for c in columns if not dialog.table.isColumnHidden(c)]  # fmt: skip
    assert shown == ["Date", "Visit", "Clinician", "Payer", "Status", "Charged", "Paid", "Balance"]
    paid = sum(v.amount_paid_cents for v in theirs)
    assert f"{len(theirs)} visits · charged $" in dialog.totals.text()
    assert f"paid ${paid / 100:,.2f}" in dialog.totals.text()

    opened: list[int] = []
    dialog.open_payments = lambda chosen: opened.append(chosen.visit.id) or True  # type: ignore[method-assign]
    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    assert opened == [dialog.model.visit_at(0).visit.id] and dialog.changed


def test_double_click_and_the_row_menu_open_the_history(qtbot: Any, desk: FrontDeskView) -> None:
    row = _unpaid_row(desk)
    opened: list[int] = []
    desk.open_history = lambda chosen: opened.append(chosen.visit.id) or False  # type: ignore[method-assign]
    desk.table.doubleClicked.emit(desk.model.index(row, 0))
    menu = desk.row_menu()
    actions = [a for a in menu.actions() if isinstance(a, QAction)]
    assert [a.text() for a in actions][:2] == ["Patient history…", "Payments…"]  # then more
    actions[0].trigger()
    assert opened == [desk.model.visit_at(row).visit.id] * 2


def test_the_history_saves_a_signed_visits_superbill(
    qtbot: Any, desk: FrontDeskView, pdf_path: Path
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    dialog = PatientHistoryDialog(desk.desk, item, desk.paper_size(), desk)
    qtbot.addWidget(dialog)
    dialog.superbill_button.click()
    assert dialog.notice.text() == f"Saved the superbill to {pdf_path}."
    assert item.patient.name in pdf_text(pdf_path)


def test_a_reprint_knows_the_day_it_was_first_printed(
    desk: FrontDeskView, clinic: ClinicServices, clock: Any, pdf_path: Path
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    assert clinic.front_desk.superbill(item).first_printed_on is None
    desk.save_pdf()
    clock.advance(3 * 86400)
    clinic.front_desk.disclosed([item], "claims exported to day.csv")  # not a printed one
    again = clinic.front_desk.superbill(clinic.front_desk.visit(item.visit.id))
    assert again.first_printed_on == TODAY


def test_the_superbill_names_the_secondary_insurer(
    clinic: ClinicServices, store: Store, desk: FrontDeskView
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    assert clinic.front_desk.superbill(item).secondary_payer_name == ""
    other = next(p for p in store.payers.all() if p.id != item.visit.payer_id)
    store.patients.update(replace(item.patient, secondary_payer_id=other.id,
                                  secondary_member_id="XYZ123"))  # fmt: skip
    again = clinic.front_desk.superbill(clinic.front_desk.visit(item.visit.id))
    assert again.secondary_payer_name == other.name


def test_every_control_of_the_dialogs_is_named_and_explained(
    qtbot: Any, desk: FrontDeskView
) -> None:
    item = desk.model.visit_at(_unpaid_row(desk))
    dialogs: list[QDialog] = [
        _dialog(qtbot, desk, item),
        PatientHistoryDialog(desk.desk, item, desk.paper_size(), desk),
    ]
    missing = [f"{type(d).__name__}: {m}" for d in dialogs for m in _unnamed(d)]
    assert missing == [], "\n".join(missing)


def test_only_who_may_take_payments_is_offered_them(desk: FrontDeskView) -> None:
    desk.offer(lambda _permission: False)
    assert not desk.payment_button.isEnabled()
    assert not desk.row_menu().actions()[1].isEnabled()
