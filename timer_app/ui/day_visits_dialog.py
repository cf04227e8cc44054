"""Today's visits: open one to time it, review and sign it, or read it (signed)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QListView, QVBoxLayout, QWidget

from timer_app.clinic.treatment import Treatment
from timer_app.dates import show_day
from timer_app.ui.widgets import button, explain, label


class DayVisitsDialog(QDialog):
    """Pick a visit of one day; `chosen_visit_id` is set when the dialog is accepted."""

    def __init__(self, treatment: Treatment, day: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Visits of {show_day(day)}")
        self.resize(620, 480)
        self.chosen_visit_id: int | None = None
        self.model = QStandardItemModel(self)
        for listed in treatment.day_visits(day):
            codes = ", ".join(listed.codes) or "nothing timed"
            status = listed.visit.status.value
            item = QStandardItem(f"{listed.patient} — {listed.clinician} — {status} — {codes}")
            item.setData(listed.visit.id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.model.appendRow(item)
        self.list = QListView()
        self.list.setModel(self.model)
        explain(self.list, "Visits of the day", "Double-click a visit to open it")
        self.list.doubleClicked.connect(self._choose)
        self.open_button = button("Open", "Open the selected visit (signed visits read-only)")
        self.open_button.clicked.connect(lambda: self._choose(self.list.currentIndex()))
        layout = QVBoxLayout(self)
        if not self.model.rowCount():
            layout.addWidget(label("No visits on this day yet.", "caption"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.open_button)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen_visit_id = int(index.data(Qt.ItemDataRole.UserRole))
            self.accept()
