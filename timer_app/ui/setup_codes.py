"""Clinic set-up, codes: which show on the therapist's screen, favourites, custom codes.

A tick is saved the moment it is made (there is nothing to get wrong in a tick); a custom
code is added only when its code, label and kind are all right.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QTableView, QVBoxLayout, QWidget

from timer_app.billing import Kind
from timer_app.clinic import checks
from timer_app.clinic.setup import ClinicSetup, CodeRow
from timer_app.errors import UserError
from timer_app.ui.setup_fields import CheckedForm, StatusLine, combo, heading, line_edit
from timer_app.ui.widgets import button, plain_tip

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Code", "Service", "Kind", "Shown", "Favourite")
SHOWN, FAVOURITE = 3, 4
TIPS = (
    "CPT or HCPCS code",
    "Our plain-language label",
    "Timed codes bill by the minute; untimed once a visit",
    "Shown on the therapist's screen",
    "A favourite gets a key and the top row of tiles",
)


class CodeSettingsModel(QAbstractTableModel):
    """Every code with its ticks; a tick is saved at once through clinic set-up."""

    def __init__(self, setup: ClinicSetup) -> None:
        super().__init__()
        self.setup = setup
        self._settings: list[CodeRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._settings = self.setup.code_rows()
        self.endResetModel()

    def setting(self, row: int) -> CodeRow:
        return self._settings[row]

    def row_of(self, code: str) -> int:
        return next(i for i, s in enumerate(self._settings) if s.code == code)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name)
        return 0 if parent.isValid() else len(self._settings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._settings):
            return None
        setting, column = self._settings[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column in (SHOWN, FAVOURITE):
            ticked = setting.shown if column == SHOWN else setting.favourite
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(setting, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._text(setting, column))  # a custom label may look like HTML
        return None

    def _text(self, setting: CodeRow, column: int) -> str:
        if column == 0:
            return setting.code
        if column == 1:
            return f"{setting.label} (custom)" if setting.custom else setting.label
        if column == 2:
            return setting.kind.value.capitalize()
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (SHOWN, FAVOURITE):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(  # noqa: N802 (Qt's name)
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() not in (SHOWN, FAVOURITE):
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        code = self._settings[index.row()].code
        try:
            if index.column() == SHOWN:
                saved = self.setup.set_shown(code, ticked)
            else:
                saved = self.setup.set_favourite(code, ticked)
        except UserError:
            return False
        self._settings[index.row()] = saved
        self.dataChanged.emit(index, index, [role])
        return True

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIPS[section]
        return None


class CodesSection(QWidget):
    def __init__(self, setup: ClinicSetup) -> None:
        super().__init__()
        self.setup = setup
        self.model = CodeSettingsModel(setup)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Codes")
        self.table.setToolTip("Tick Shown and Favourite; each tick is saved at once")
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._build_custom()
        self._lay_out()

    def _build_custom(self) -> None:
        self.code = line_edit("Custom code", "A code the list lacks, e.g. 97799", "97799")
        self.code_label = line_edit(
            "Custom code label", "Your plain words for it (never the CPT descriptor)", ""
        )
        self.kind = combo("Custom code kind", "Timed: billed by the minute; untimed: once a visit",
                          [("Untimed", Kind.UNTIMED), ("Timed", Kind.TIMED)])  # fmt: skip
        self.form = CheckedForm()
        self.form.add("Code", self.code, self._code_problem)
        self.form.add(
            "Label", self.code_label, lambda: checks.code_label_problem(self.code_label.text()),
            limit=checks.CODE_LABEL_LIMIT,
        )  # fmt: skip
        self.form.add("Kind", self.kind)
        self.add_button = button("Add custom code", "Check the code and label, then add it", "")
        self.add_button.clicked.connect(self.add_custom)
        self.status = StatusLine("Custom code added")

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(heading("Add a custom code"))
        layout.addLayout(self.form.layout)
        layout.addLayout(actions)

    def _code_problem(self) -> str | None:
        return checks.custom_code_problem(
            self.code.text(), {row.code for row in self.setup.code_rows()}
        )

    def reload(self) -> None:
        self.model.reload()

    def add_custom(self) -> bool:
        if not self.form.check():
            self.status.failed("Nothing was added: correct the fields marked in red.")
            return False
        try:
            added = self.setup.add_custom(
                self.code.text(), self.code_label.text(), Kind(self.kind.currentData())
            )
        except UserError as error:
            self.form.show_problem("Code", error.message)
            self.status.failed("Nothing was added.")
            return False
        self.model.reload()
        self.table.scrollTo(self.model.index(self.model.row_of(added.code), 0))
        self.code.clear()
        self.code_label.clear()
        self.status.done(f"{added.code} added; tick Favourite to give it a key.")
        return True
