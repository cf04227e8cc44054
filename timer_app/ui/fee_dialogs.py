"""The questions the payers page asks about fees: what an import or a copy would change,
what is wrong with a file, which payer to copy from, and whether to keep unsaved fees.

Each is a small dialog, or a function that shows one and returns the answer; the payers
page holds them as replaceable callables, so tests answer without a window.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic.fee_files import FeeChanges, parse_percent
from timer_app.superbill.money import format_cents
from timer_app.ui.setup_fields import PROBLEM_STYLE, sentence
from timer_app.ui.widgets import explain, label

SAVE, DISCARD = "save", "discard"


def money(amount: int | None) -> str:
    return "no fee" if amount is None else format_cents(amount)


def ask_unsaved(parent: QWidget | None, question: str) -> str | None:
    """Save, Discard or Cancel (None: stay where you are)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved fee changes", question, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # it names the payer
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    return DISCARD if answer == QMessageBox.StandardButton.Discard else None


def choose_import_path(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a fee schedule", "", "CSV files (*.csv *.txt);;All files (*)"
    )
    return Path(name) if name else None


def choose_export_path(parent: QWidget | None, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export the fee schedule", suggested, "CSV files (*.csv)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".csv")


class FeePreviewDialog(QDialog):
    """What new fees would change, code by code, before they go into the table."""

    def __init__(self, parent: QWidget | None, heading: str, changes: FeeChanges) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fees to put in the table")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.heading = label(heading, wrap=True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary = label(
            f"{sentence(changes.summary())}. Nothing is saved until you press Save payer; "
            "Discard changes undoes it.",
            wrap=True,
        )
        self.summary.setAccessibleName("What changes")
        self.table = QTableWidget(len(changes.all), 5)
        explain(self.table, "Fees that change", "Each code whose fee would change")
        self.table.setHorizontalHeaderLabels(["Code", "Service", "Now", "New", "Change"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        kinds = (
            [(c, "new") for c in changes.new]
            + [(c, "changed") for c in changes.changed]
            + [(c, "removed") for c in changes.removed]
        )
        for row, (change, kind) in enumerate(kinds):
            texts = (change.code, change.label, money(change.before), money(change.after), kind)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        buttons = QDialogButtonBox()
        self.use = buttons.addButton(
            "Put these fees in the table", QDialogButtonBox.ButtonRole.AcceptRole
        )
        explain(self.use, "Put these fees in the table", "They are saved only by Save payer")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        explain(cancel, "Cancel", "Leave the table as it is (Esc)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


def confirm_fees(parent: QWidget | None, heading: str, changes: FeeChanges) -> bool:
    return FeePreviewDialog(parent, heading, changes).exec() == QDialog.DialogCode.Accepted


class ProblemsDialog(QDialog):
    """Every wrong line of a file, to fix in the spreadsheet."""

    def __init__(self, parent: QWidget | None, heading: str, problems: Sequence[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nothing was imported")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        words = label(heading, wrap=True)
        words.setStyleSheet(PROBLEM_STYLE)
        self.lines = QPlainTextEdit("\n".join(problems))
        self.lines.setReadOnly(True)
        explain(self.lines, "Wrong lines", "Each wrong line of the file and what to do")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        explain(close.button(QDialogButtonBox.StandardButton.Close), "Close", "Close (Esc)")
        close.rejected.connect(self.reject)
        layout.addWidget(words)
        layout.addWidget(self.lines, 1)
        layout.addWidget(close)


def show_problems(parent: QWidget | None, heading: str, problems: Sequence[str]) -> None:
    ProblemsDialog(parent, heading, problems).exec()


class CopySourceDialog(QDialog):
    """Which payer's fees to copy, and at what percentage of them."""

    def __init__(self, parent: QWidget | None, payers: Sequence[tuple[str, int]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Copy fees from another payer")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.payer = QComboBox()
        explain(self.payer, "Copy from", "The payer whose fees are copied")
        for name, payer_id in payers:
            self.payer.addItem(name, payer_id)
        self.percent = QLineEdit("100")
        explain(self.percent, "Percentage", "100: the same fees; 110: 10% more, to the cent")
        self.problem = label("", wrap=True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setAccessibleName("Problem with the percentage")
        form = QFormLayout()
        form.addRow("Copy from", self.payer)
        form.addRow("Percentage (%)", self.percent)
        buttons = QDialogButtonBox()
        show = buttons.addButton("Show the fees", QDialogButtonBox.ButtonRole.AcceptRole)
        explain(show, "Show the fees", "See what changes before anything goes in the table")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        explain(cancel, "Cancel", "Copy nothing (Esc)")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(
            label("The fees go into the table first; Save payer keeps them.", wrap=True)
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _check(self) -> None:
        _, problem = parse_percent(self.percent.text())
        self.problem.setText(sentence(problem))
        if problem is None:
            self.accept()


def ask_copy_source(
    parent: QWidget | None, payers: Sequence[tuple[str, int]]
) -> tuple[int, str] | None:
    dialog = CopySourceDialog(parent, payers)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return int(dialog.payer.currentData()), dialog.percent.text()
