"""The visit's diagnoses, A to L: add a checked ICD-10-CM code, remove one, reorder; and
the search by words that finds a code (set-up's patient form and the review both use it)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import icd10
from timer_app.records import MAX_DIAGNOSES, Diagnosis
from timer_app.records.diagnoses import LETTERS
from timer_app.ui.background import run_in_background
from timer_app.ui.setup_fields import line_edit
from timer_app.ui.widgets import button, label


class DiagnosesEditor(QWidget):
    """Emits `changed()` whenever the list changes; the ICD-10 check runs off the UI thread."""

    changed = Signal()

    def __init__(self, diagnoses: tuple[Diagnosis, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._diagnoses = list(diagnoses)
        self._model = QStringListModel()
        self.list = QListView()
        self.list.setModel(self._model)
        self.list.setAccessibleName("Diagnoses, A to L")
        self.list.setToolTip("The letter before each diagnosis is what the claim lines point to")
        self.list.setMaximumHeight(130)
        self.code = QLineEdit(placeholderText="ICD-10-CM code, e.g. M54.50")
        self.code.setAccessibleName("Diagnosis code to add")
        self.code.setToolTip("An ICD-10-CM code; Enter or Add checks that it is billable")
        self.code.returnPressed.connect(self._add)
        self.add = QPushButton("Add")
        self.add.setAccessibleName("Add diagnosis")
        self.add.setToolTip("Checks the code is billable, then adds it as the next letter")
        self.add.clicked.connect(self._add)
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName("Remove selected diagnosis")
        self.remove.setToolTip("Remove the selected diagnosis; the letters after it move up")
        self.remove.clicked.connect(self._remove)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.set_read_only(False)
        self._show()

    def diagnoses(self) -> tuple[Diagnosis, ...]:
        return tuple(self._diagnoses)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.code, self.add, self.remove):
            widget.setVisible(not read_only)

    def _show(self) -> None:
        self._model.setStringList(
            [f"{LETTERS[i]}  {d.code}  {d.description}" for i, d in enumerate(self._diagnoses)]
        )

    def _add(self) -> None:
        text = self.code.text().strip()
        if not text:
            return
        if len(self._diagnoses) >= MAX_DIAGNOSES:
            self._say("A claim holds twelve diagnoses (A-L); remove one first.")
            return
        self.add.setEnabled(False)
        self.add.setText("Checking…")
        run_in_background(lambda: icd10.check(text), self._checked, self._failed)

    def _checked(self, result: icd10.DiagnosisCheck) -> None:
        self.add.setEnabled(True)
        self.add.setText("Add")
        if result.problem is not None:
            self._say(result.problem)
            return
        if any(d.code == result.code for d in self._diagnoses):
            self._say(f"{result.code} is already on the list.")
            return
        self._diagnoses.append(Diagnosis(result.code, result.description))
        self.code.clear()
        self.problem.hide()
        self._show()
        self.changed.emit()

    def _failed(self, error: Exception) -> None:
        self.add.setEnabled(True)
        self.add.setText("Add")
        self._say(f"The ICD-10-CM list could not be read ({error}); try again.")

    def _remove(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if rows:
            del self._diagnoses[rows[0].row()]
            self._show()
            self.changed.emit()

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()


RESULTS = 25


class DiagnosisSearch(QWidget):
    """Find a billable ICD-10-CM code by words or by the start of its code."""

    def __init__(self, editor: DiagnosesEditor) -> None:
        super().__init__()
        self.editor = editor
        self.query = line_edit(
            "Find a diagnosis", "Words (knee sprain) or the start of a code (S83)", "knee sprain"
        )
        self.query.returnPressed.connect(self.search)
        self.search_button = button("Find", "Search the ICD-10-CM list (billable codes only)", "")
        self.search_button.clicked.connect(self.search)
        self.model = QStringListModel()
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setAccessibleName("Diagnoses found")
        self.results.setToolTip("Double-click a code (or press Enter) to add it to the list")
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results.setMaximumHeight(110)
        self.results.hide()  # until there is something to show
        self.results.activated.connect(self.use)
        self.note = label("", "caption", wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.results)
        layout.addWidget(self.note)

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.note.setText("Type words or the start of a code first.")
            return
        self.search_button.setEnabled(False)
        self.note.setText("Searching…" if icd10.is_loaded() else "Loading the ICD-10-CM list…")
        run_in_background(
            lambda: icd10.search(text, RESULTS, billable_only=True), self._found, self._failed
        )

    def _found(self, found: list[icd10.Diagnosis]) -> None:
        self.search_button.setEnabled(True)
        self.model.setStringList([f"{d.code}  {d.description}" for d in found])
        self.results.setVisible(bool(found))
        self.note.setText(
            f"{len(found)} billable codes found; double-click one to add it."
            if found else "No billable code matches; try other words."
        )  # fmt: skip

    def _failed(self, error: Exception) -> None:
        self.search_button.setEnabled(True)
        self.note.setText(f"The ICD-10-CM list could not be read ({error}); try again.")

    def use(self, index: QModelIndex) -> None:
        """Hand the code to the diagnoses list, which checks it and adds it."""
        code = str(index.data(Qt.ItemDataRole.DisplayRole)).split()[0]
        self.editor.code.setText(code)
        self.editor.add.click()
