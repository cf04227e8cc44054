"""A patient's visit history at the front desk: every visit with its clinician, payer,
status, charged, paid and balance, with the totals; a visit's payments or superbill from it.

PatientHistoryDialog(desk, item, paper, parent). Layout and wiring only: the visits and
their money come from `timer_app.clinic.front_desk`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic.front_desk import DeskVisit, FrontDesk, totals
from timer_app.dates import show_date
from timer_app.errors import UserError
from timer_app.superbill.money import format_cents
from timer_app.superbill.render import PaperSize, write_pdf
from timer_app.ui import front_desk_output as output
from timer_app.ui.front_desk_model import COLUMNS, VisitListModel
from timer_app.ui.payments_dialog import PaymentsDialog
from timer_app.ui.widgets import button, explain, label

SHOWN = ("Date", "Visit", "Clinician", "Payer", "Status", "Charged", "Paid", "Balance")


class PatientHistoryDialog(QDialog):
    """All of one patient's visits, oldest first (a header click sorts), with totals."""

    def __init__(
        self,
        desk: FrontDesk,
        item: DeskVisit,
        paper: PaperSize = PaperSize.LETTER,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.patient = item.patient
        self.paper = paper
        self.changed = False  # a payment was recorded or voided from here
        self.setWindowTitle(f"Visit history: {self.patient.name}")
        self.setMinimumSize(900, 520)
        self.model = VisitListModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        explain(self.table, "Visits of this patient",
                "Every visit of the patient; double-click one for its payments")  # fmt: skip
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        for column, (name, _tip, _text) in enumerate(COLUMNS):
            self.table.setColumnHidden(column, name not in SHOWN)
        self.table.doubleClicked.connect(self._open_payments_at)
        self.heading = label(f"{self.patient.name} · born {show_date(self.patient.date_of_birth)}")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.totals = label("", "caption", wrap=True)
        self.totals.setAccessibleName("Totals of the patient's visits")
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.notice = label("", "caption", wrap=True)
        self.notice.setAccessibleName("Done")
        self.notice.hide()
        self.payments_button = button(
            "Payments…", "The selected visit's payments: record one, void one, print a receipt"
        )
        self.payments_button.clicked.connect(self.open_selected_payments)
        self.superbill_button = button(
            "Save superbill as PDF…", "The selected visit's superbill, once it is signed"
        )
        self.superbill_button.clicked.connect(self.save_superbill)
        self.close_button = button("Close", "Close the history (Esc)")
        self.close_button.clicked.connect(self.accept)
        for action in (self.payments_button, self.superbill_button, self.close_button):
            action.setAutoDefault(False)
        actions = QHBoxLayout()
        actions.addWidget(self.payments_button)
        actions.addWidget(self.superbill_button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.problem)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        self.reload()
        self._select_visit(item.visit.id)
        self.table.setFocus()

    def reload(self) -> None:
        chosen = self.selected()
        self.model.set_visits(self.desk.patient_history(self.patient.id))
        sums = totals(self.model.visits())
        self.totals.setText(
            f"{sums.visits} visit{'s' if sums.visits != 1 else ''} · charged "
            f"{format_cents(sums.charged_cents)} · paid {format_cents(sums.paid_cents)} · "
            f"balance {format_cents(sums.balance_cents)}"
        )
        if chosen is not None:
            self._select_visit(chosen.visit.id)

    def selected(self) -> DeskVisit | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.visit_at(rows[0].row()) if rows else None

    def _select_visit(self, visit_id: int) -> None:
        for row, item in enumerate(self.model.visits()):
            if item.visit.id == visit_id:
                self.table.selectRow(row)

    def open_payments(self, item: DeskVisit) -> bool:
        """The visit's payments dialog; True when a payment changed (tests replace this)."""
        dialog = PaymentsDialog(self.desk, item, self.paper, self)
        dialog.exec()
        return dialog.changed

    def _open_payments_at(self, index: QModelIndex) -> None:
        self._payments_for(self.model.visit_at(index.row()))

    def open_selected_payments(self) -> None:
        item = self.selected()
        if item is None:
            self._say_problem("Select a visit in the list first.")
            return
        self._payments_for(item)

    def _payments_for(self, item: DeskVisit) -> None:
        if self.open_payments(item):
            self.changed = True
            self.reload()

    def save_superbill(self) -> None:
        item = self.selected()
        if item is None:
            self._say_problem("Select a visit in the list first.")
            return
        try:
            bills = self.desk.superbills([item])
        except UserError as error:
            self._say_problem(error.message)
            return
        suggested = Path.home() / f"superbill-visit-{item.visit.id}-{item.visit.date}.pdf"
        path = output.choose_pdf_path(self, suggested, "Save superbill as PDF")
        if path is None:
            return
        try:
            write_pdf(bills, path, self.paper)
        except UserError as error:
            self._say_problem(error.message)
            return
        self.desk.disclosed([item], f"saved as PDF {path.name}")
        self.problem.hide()
        self.notice.setText(f"Saved the superbill to {path}.")
        self.notice.show()

    def _say_problem(self, message: str) -> None:
        self.notice.hide()
        self.problem.setText(message)
        self.problem.show()
