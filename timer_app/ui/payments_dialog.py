"""A visit's payments at the front desk: the ledger, one more payment, a void, a receipt.

PaymentsDialog(desk, item, paper, parent). Layout and wiring only: what a payment may be,
the totals and the receipt come from `timer_app.clinic.front_desk`. Every payment and void
is kept at once (the dialog has nothing to save on close); `changed` says whether the
desk's list should be read again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic import checks
from timer_app.clinic.front_desk import DeskVisit, FrontDesk
from timer_app.dates import current_style, show_date
from timer_app.errors import UserError
from timer_app.records.payments import PaidBy, Payment, PaymentMethod
from timer_app.superbill.money import format_cents
from timer_app.superbill.receipt_render import print_receipt, write_receipt_pdf
from timer_app.superbill.render import PaperSize
from timer_app.ui import front_desk_output as output
from timer_app.ui.widgets import ask_yes, button, explain, label, plain_tip

COLUMNS = ("Date paid", "Amount", "Method", "Paid by", "Reference", "Recorded by", "Voided")
PAYMENT_ROLE = Qt.ItemDataRole.UserRole + 1
VOIDED_GREY = QColor("#6b7280")


def payment_row(payment: Payment) -> list[QStandardItem]:
    """One payment as the table shows it; a voided one greyed and struck through."""
    voided = f"Voided by {payment.voided_by}: {payment.void_reason}" if payment.voided else ""
    texts = (
        show_date(payment.paid_on), format_cents(payment.cents),
        payment.method.words, payment.paid_by.words, payment.reference or "—",
        payment.recorded_by, voided,
    )  # fmt: skip
    row = []
    for column, text in enumerate(texts):
        cell = QStandardItem(text)
        cell.setEditable(False)
        cell.setToolTip(plain_tip(text))
        cell.setData(payment, PAYMENT_ROLE)
        if column == 1:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if payment.voided:
            font = QFont()
            font.setStrikeOut(column != len(texts) - 1)
            cell.setFont(font)
            cell.setForeground(QBrush(VOIDED_GREY))
        row.append(cell)
    return row


class PaymentsDialog(QDialog):
    """The visit's payments; add one, void one with a reason, print or save a receipt."""

    def __init__(
        self,
        desk: FrontDesk,
        item: DeskVisit,
        paper: PaperSize = PaperSize.LETTER,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.item = item
        self.paper = paper
        self.changed = False  # a payment was recorded or voided: the desk lists again
        self.setWindowTitle(f"Payments: {item.patient.name}, {show_date(item.visit.date)}")
        self.setMinimumSize(860, 560)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self._build_table()
        self._build_form()
        self._build_actions()
        self._lay_out()
        self.reload()
        self.amount.setFocus()

    # --- building ----------------------------------------------------------------------------

    def _build_table(self) -> None:
        self.heading = label("", "", wrap=True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary = label("", "caption", wrap=True)
        self.summary.setAccessibleName("Charged, paid and balance")
        self.table = QTableView()
        self.table.setModel(self.model)
        explain(self.table, "Payments of this visit",
                "Every payment recorded for the visit; a voided one stays, greyed, with "
                "its reason")  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._offer_void)

    def _build_form(self) -> None:
        self.amount = QLineEdit(placeholderText="30.00")
        explain(self.amount, "Amount paid", "Dollars and cents, e.g. 30 or 30.00 (Enter adds it)")
        self.amount.returnPressed.connect(self.add_payment)
        today = self.desk.today()
        self.paid_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat(current_style().qt_pattern)
        explain(self.paid_on, "Date paid", "The day the money was received (today unless changed)")
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(method.words, method)
        explain(self.method, "Method", "How it was paid: cash, check, card, insurer payment / EFT")
        self.method.currentIndexChanged.connect(self._method_chosen)
        self.paid_by = QComboBox()
        for who in PaidBy:
            self.paid_by.addItem(who.words, who)
        explain(self.paid_by, "Paid by", "The patient, or the insurer (an EOB or EFT)")
        self.reference = QLineEdit(placeholderText="Check no., card's last 4, EFT trace no.")
        self.reference.setMaxLength(40)
        explain(self.reference, "Reference",
                "Optional: the check number, the card's last digits or the EFT trace "
                "number")  # fmt: skip
        self.reference.returnPressed.connect(self.add_payment)
        self.add_button = button("Add payment", "Record this payment for the visit (Enter)",
                                 "primary")  # fmt: skip
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_payment)

    def _build_actions(self) -> None:
        self.void_button = button(
            "Void…", "Take back the selected payment (entered twice, a check that bounced); "
            "it is kept with the reason and no longer counts",
        )  # fmt: skip
        self.void_button.clicked.connect(self.void_selected)
        self.print_button = button("Print receipt…", "Print a receipt of this visit's payments")
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = button(
            "Save receipt as PDF…", "Save a receipt of this visit's payments as a PDF file"
        )
        self.pdf_button.clicked.connect(self.save_receipt)
        self.close_button = button("Close", "Close the payments (everything is kept already; Esc)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        for action in (self.void_button, self.print_button, self.pdf_button):
            action.setAutoDefault(False)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.notice = label("", "caption", wrap=True)
        self.notice.setAccessibleName("Done")
        self.notice.hide()

    def _lay_out(self) -> None:
        form = QFormLayout()
        for text, widget in (("&Amount ($)", self.amount), ("&Date paid", self.paid_on),
                             ("&Method", self.method), ("Paid &by", self.paid_by),
                             ("&Reference", self.reference)):  # fmt: skip
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        adding = QHBoxLayout()
        adding.addLayout(form, 1)
        adding.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        actions = QHBoxLayout()
        actions.addWidget(self.void_button)
        actions.addStretch(1)
        for action in (self.print_button, self.pdf_button, self.close_button):
            actions.addWidget(action)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(label("Record a payment", "caption"))
        layout.addLayout(adding)
        layout.addWidget(self.problem)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        self.setTabOrder(self.amount, self.paid_on)
        self.setTabOrder(self.paid_on, self.method)
        self.setTabOrder(self.method, self.paid_by)
        self.setTabOrder(self.paid_by, self.reference)
        self.setTabOrder(self.reference, self.add_button)
        self.setTabOrder(self.add_button, self.table)
        self.setTabOrder(self.table, self.void_button)

    # --- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """The visit and its payments read again (totals included)."""
        self.item = self.desk.visit(self.item.visit.id)
        item = self.item
        self.heading.setText(
            f"{item.patient.name} · visit {item.visit.id} of {show_date(item.visit.date)} · "
            f"{item.clinician.name} · {item.payer.name if item.payer else 'no payer'}"
        )
        self.model.removeRows(0, self.model.rowCount())
        for payment in self.desk.payments(item):
            self.model.appendRow(payment_row(payment))
        charged = "—" if item.charged_cents is None else format_cents(item.charged_cents)
        balance = "—" if item.balance_cents is None else format_cents(item.balance_cents)
        self.summary.setText(
            f"Charged {charged} · Paid {format_cents(item.paid_cents)} · Balance {balance}"
        )
        self._offer_void()

    def payments(self) -> list[Payment]:
        return [self.model.item(row, 0).data(PAYMENT_ROLE) for row in range(self.model.rowCount())]

    def selected_payment(self) -> Payment | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        found: Payment = self.model.item(rows[0].row(), 0).data(PAYMENT_ROLE)
        return found

    def select_payment(self, payment_id: int) -> None:
        for row, payment in enumerate(self.payments()):
            if payment.id == payment_id:
                self.table.selectRow(row)

    def _offer_void(self, *_: QModelIndex | QPersistentModelIndex | object) -> None:
        chosen = self.selected_payment()
        self.void_button.setEnabled(chosen is not None and not chosen.voided)

    def _method_chosen(self) -> None:
        """An insurer's payment is paid by the insurer; another method, usually by the patient."""
        method = PaymentMethod(self.method.currentData())
        who = PaidBy.INSURER if method is PaymentMethod.INSURER else PaidBy.PATIENT
        self.paid_by.setCurrentIndex(self.paid_by.findData(who))

    # --- actions -----------------------------------------------------------------------------

    def say_problem(self, message: str) -> None:
        self.notice.hide()
        self.problem.setText(message)
        self.problem.show()

    def say_done(self, message: str) -> None:
        self.problem.hide()
        self.notice.setText(message)
        self.notice.show()

    def add_payment(self) -> None:
        cents, problem = checks.dollars_as_cents(self.amount.text())
        if problem is None and cents is None:
            problem = "type the amount paid, e.g. 30.00"
        if problem is not None or cents is None:
            self.say_problem(f"Nothing was recorded: {problem}.")
            self.amount.setFocus()
            return
        value = self.paid_on.date()
        try:
            kept = self.desk.record_payment(
                self.item, cents, paid_on=date(value.year(), value.month(), value.day()),
                method=PaymentMethod(self.method.currentData()),
                paid_by=PaidBy(self.paid_by.currentData()), reference=self.reference.text(),
            )  # fmt: skip
        except UserError as error:
            self.say_problem(f"Nothing was recorded: {error.message}.")
            self.amount.setFocus()
            return
        self.changed = True
        self.amount.clear()
        self.reference.clear()
        self.reload()
        self.select_payment(kept.id)
        self.say_done(
            f"Recorded {format_cents(kept.cents)} ({kept.method.words.lower()}, paid by the "
            f"{kept.paid_by.words.lower()}). Paid in all: {format_cents(self.item.paid_cents)}."
        )
        self.amount.setFocus()

    def ask_reason(self, payment: Payment) -> str | None:
        """Why the payment is voided; None when the desk cancels (tests replace this)."""
        text, ok = QInputDialog.getText(
            self, "Void payment",
            f"Why is the payment of {format_cents(payment.cents)} on "
            f"{show_date(payment.paid_on)} voided? (e.g. entered twice, check returned)",
        )  # fmt: skip
        return text if ok else None

    def void_selected(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            self.say_problem("Select the payment to void in the list first.")
            return
        reason = self.ask_reason(payment)
        if reason is None:
            return
        try:
            voided = self.desk.void_payment(payment, reason)
        except UserError as error:
            self.say_problem(f"Nothing was voided: {error.message}.")
            return
        self.changed = True
        self.reload()
        self.say_done(
            f"Voided the payment of {format_cents(voided.cents)}: {voided.void_reason}. "
            f"Paid in all: {format_cents(self.item.paid_cents)}."
        )

    def confirm(self, title: str, question: str) -> bool:
        """A yes/no question (tests replace this)."""
        return ask_yes(self, title, question)

    def save_receipt(self) -> None:
        try:
            receipt = self.desk.receipt(self.item)
        except UserError as error:
            self.say_problem(error.message)
            return
        suggested = Path.home() / (
            f"receipt-visit-{self.item.visit.id}-{self.item.visit.date.isoformat()}.pdf"
        )
        path = output.choose_pdf_path(self, suggested, "Save receipt as PDF")
        if path is None:
            return
        try:
            write_receipt_pdf(receipt, path, self.paper)
        except UserError as error:
            self.say_problem(error.message)
            return
        self.desk.receipt_disclosed(self.item, f"saved as PDF {path.name}")
        self.say_done(f"Saved the receipt to {path}.")

    def print_receipt(self) -> None:
        if not output.printers_installed():
            if self.confirm(
                "No printer",
                "No printer is installed on this computer, so nothing can be printed here. "
                "Save the receipt as a PDF instead?",
            ):
                self.save_receipt()
            else:
                self.say_problem("Nothing was printed: no printer is installed on this computer.")
            return
        try:
            receipt = self.desk.receipt(self.item)
        except UserError as error:
            self.say_problem(error.message)
            return
        printer = output.choose_printer(self, self.paper, "Receipt")
        if printer is None:
            return
        try:
            print_receipt(receipt, printer)
        except UserError as error:
            self.say_problem(error.message)
            return
        self.desk.receipt_disclosed(self.item, "printed")
        where = printer.printerName() or printer.outputFileName() or "the printer"
        self.say_done(f"Sent the receipt to {where}.")
