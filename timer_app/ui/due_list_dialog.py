"""The front desk's list of plans of care that need something on a day: recertifications due
or overdue, progress reports due at the next visit or past due. The overdue first, each
said in words (the colour only repeats them).

    DueListDialog(clinic.plan_of_care, day, parent).exec()

What is due is the plan-of-care service's (`PlanOfCare.due_list`); this only lists it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing.plan_of_care import Urgency
from timer_app.dates import show_date
from timer_app.errors import UserError
from timer_app.ui.visit_header import URGENCY_COLOURS
from timer_app.ui.widgets import explain, label

if TYPE_CHECKING:
    from timer_app.clinic.plan_of_care import DueItem, PlanOfCare

COLUMNS = ("Status", "Patient", "Discipline", "What is due")


class DueListDialog(QDialog):
    """Everyone whose plan of care needs something on `day`, the overdue first."""

    def __init__(
        self,
        plans: PlanOfCare,
        day: date,
        parent: QWidget | None = None,
        open_plan: Callable[[int], None] | None = None,
    ) -> None:
        """`open_plan(patient_id)`: a double-click (or Enter) on a row opens that patient's
        plan of care in Clinic set-up; the list closes."""
        super().__init__(parent)
        self._open_plan = open_plan
        self.setWindowTitle(f"Plans of care due on {show_date(day)}")
        self.resize(1000, 520)
        self.items: list[DueItem] = []
        self.heading = label(
            f"Plans of care that need something on {show_date(day)}: recertifications and "
            "progress reports, the overdue first.", wrap=True,
        )  # fmt: skip
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.model)
        opens = "; double-click one to open it in Clinic set-up" if open_plan else ""
        explain(self.table, "Plans of care due",
                "Each patient's plan of care that needs a recertification or a progress "
                f"report; overdue ones first{opens}")  # fmt: skip
        self.table.activated.connect(self._open)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.empty = label("", "caption", wrap=True)
        self.empty.setAccessibleName("Nothing due")
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.close_button = QPushButton("Close")
        explain(self.close_button, "Close", "Back to the front desk")
        self.close_button.clicked.connect(self.accept)
        self.close_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        try:
            self.items = plans.due_list(day)
        except UserError as error:
            self.problem.setText(error.message)
            self.problem.show()
        self._fill()
        self.close_button.setFocus()  # no cell looks chosen before one is

    def _fill(self) -> None:
        for item in self.items:
            urgency = Urgency.OVERDUE if item.overdue else Urgency.DUE
            cells = [
                "Overdue" if item.overdue else "Due",
                item.patient_name,
                item.discipline.value,
                "\n".join(r.words for r in item.reminders),
            ]
            row = [QStandardItem(cell) for cell in cells]
            row[0].setForeground(QBrush(QColor(URGENCY_COLOURS[urgency])))
            if item.overdue:
                bold = QFont()
                bold.setBold(True)
                row[0].setFont(bold)
            row[0].setToolTip(
                "Past the limit: visits may not be paid until it is done" if item.overdue
                else "Still in time: do it at the next visit or soon"
            )  # fmt: skip
            row[3].setToolTip(cells[3])
            self.model.appendRow(row)
        self.table.resizeRowsToContents()
        self.empty.setText("" if self.items else "Nothing is due: every plan of care is current.")
        self.empty.setVisible(not self.items)

    def _open(self, index: QModelIndex) -> None:
        if self._open_plan is None or not 0 <= index.row() < len(self.items):
            return
        patient_id = self.items[index.row()].patient_id
        self.accept()
        self._open_plan(patient_id)

    def rows(self) -> list[tuple[str, ...]]:
        """The list as shown, row by row (the tests read it)."""
        return [
            tuple(self.model.item(r, c).text() for c in range(len(COLUMNS)))
            for r in range(self.model.rowCount())
        ]
