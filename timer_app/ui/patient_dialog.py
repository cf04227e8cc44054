"""Create a patient inline from the visit bar: name, date of birth and payer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from timer_app.clinic import ClinicServices, checks
from timer_app.clinic.setup import NEW
from timer_app.dates import current_style
from timer_app.errors import UserError
from timer_app.records import Patient
from timer_app.ui.widgets import explain, label, save_cancel


class NewPatientDialog(QDialog):
    def __init__(
        self, clinic: ClinicServices, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New patient")
        self._clinic = clinic
        self.patient: Patient | None = None
        self.name = QLineEdit(name, placeholderText="Last, First")
        explain(self.name, "Patient name", "Last name, first name, as on the insurance card")
        # typed, never a default: a made-up date of birth would be saved unnoticed
        style = current_style().value
        self.birth = QLineEdit(placeholderText=style)
        explain(self.birth, "Date of birth", f"As {style}; the search finds patients by it")
        self.payer = QComboBox()
        explain(self.payer, "Payer", "The insurance that pays: it decides the unit rule")
        self.payer.addItem("No insurance (self-pay)", None)
        for payer in clinic.setup.payers():
            self.payer.addItem(payer.name, payer.id)
        self.member_id = QLineEdit(placeholderText="as on the insurance card")
        explain(self.member_id, "Member ID", "The member ID on the insurance card")
        self.problem = label("", "banner_error", wrap=True)
        self.problem.hide()
        buttons = save_cancel(self._save, self.reject, "the new patient")
        form = QFormLayout(self)
        form.addRow("Name", _limited(self.name, checks.NAME_LIMIT))
        form.addRow("Date of birth", self.birth)
        form.addRow("Payer", self.payer)
        form.addRow("Member ID", _limited(self.member_id, checks.MEMBER_ID_LIMIT))
        form.addRow(self.problem)
        form.addRow(buttons)

    def _save(self) -> None:
        today = self._clinic.treatment.today()
        born, problem = checks.birth_date(self.birth.text(), today)
        if born is None:
            self._say(f"Date of birth: {problem}.")
            return
        typed = Patient(
            NEW, self.name.text(), born, payer_id=self.payer.currentData(),
            member_id=self.member_id.text(),
        )  # fmt: skip
        try:
            self.patient = self._clinic.setup.save_patient(typed, today)
        except UserError as error:
            self._say(error.message)
            return
        self.accept()

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()


def _limited(edit: QLineEdit, limit: int) -> QHBoxLayout:
    """The field, taking at most `limit` characters, and the limit said beside it (the
    service refuses longer text too)."""
    edit.setMaxLength(limit)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    words = label(checks.limit_words(limit), "caption")
    words.setAccessibleName(f"Limit of {edit.accessibleName()}")
    row.addWidget(words)
    return row
