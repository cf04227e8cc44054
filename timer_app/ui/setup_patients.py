"""Clinic set-up, patients: demographics, insurance and diagnoses (ICD-10-CM, checked).

The ICD-10-CM list takes over a second to load, so every lookup and search runs off the
UI thread (`run_in_background`); the form stays usable meanwhile.
"""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QModelIndex, QStringListModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QListView, QVBoxLayout, QWidget

from timer_app.billing import icd10
from timer_app.clinic import checks
from timer_app.clinic.setup import NEW, ClinicSetup
from timer_app.records import Patient
from timer_app.ui.background import run_in_background
from timer_app.ui.diagnoses_editor import DiagnosesEditor
from timer_app.ui.setup_fields import (
    CheckedForm,
    RecordList,
    StatusLine,
    combo,
    lay_out_record_page,
    line_edit,
    text_edit,
    write_record,
)
from timer_app.ui.widgets import button, label

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


class PatientsSection(QWidget):
    """Find a patient, change their details, or add a new one."""

    def __init__(self, setup: ClinicSetup, today: date | None = None) -> None:
        super().__init__()
        self.setup = setup
        self.today = today or date.today()
        self.editing: int | None = None
        self._warm_up: threading.Thread | None = None
        self.records = RecordList("Patients", "New patient", "Add a patient")
        self.records.chosen.connect(self.edit)
        self.search_box = line_edit(
            "Find a patient", "Name, or date of birth as MM/DD/YYYY", "Find…"
        )
        self.search_box.textChanged.connect(self._list)
        self.records.layout_.insertWidget(0, self.search_box)
        self._build_form()
        self._lay_out()
        self.reload()

    def _build_form(self) -> None:
        self.name = line_edit("Patient name", "As on their insurance card", "Lopez, Maria")
        self.born = line_edit("Date of birth", "MM/DD/YYYY", "03/02/1948")
        self.address = text_edit("Patient address", "Street, then city, state, ZIP", 3)
        self.record_number = line_edit("Medical record number", "The clinic's chart number")
        self.payer = combo("Insurance", "Who is billed for their visits", [])
        self.member_id = line_edit("Member ID", "From the insurance card", "1EG4TE5MK72")
        self.editor = DiagnosesEditor(())
        self.diagnosis_search = DiagnosisSearch(self.editor)
        self.form = CheckedForm()
        self.form.add(
            "Name", self.name, lambda: checks.name_problem(self.name.text()),
            limit=checks.NAME_LIMIT,
        )  # fmt: skip
        self.form.add("Date of birth", self.born, lambda: self._born()[1])
        self.form.add(
            "Address", self.address,
            lambda: checks.patient_address_problem(self.address.toPlainText()),
            limit_text=checks.address_limit_words(),
        )  # fmt: skip
        self.form.add(
            "Record number", self.record_number,
            lambda: checks.record_number_problem(self.record_number.text()),
            limit=checks.RECORD_NUMBER_LIMIT,
        )  # fmt: skip
        self.form.add("Insurance", self.payer)
        self.form.add(
            "Member ID", self.member_id, self._member_problem, limit=checks.MEMBER_ID_LIMIT
        )
        self.diagnoses_box = QWidget()
        self.diagnoses_box.setAccessibleName("Diagnoses")
        self._diagnoses_layout = QVBoxLayout(self.diagnoses_box)
        self._diagnoses_layout.setContentsMargins(0, 0, 0, 0)
        self._diagnoses_layout.addWidget(self.editor)
        self.form.add("Diagnoses", self.diagnoses_box)
        self.form.add("Find diagnosis", self.diagnosis_search)
        self.save_button = button("Save patient", "Check every field, then save", "primary")
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine("Patient saved")

    def _lay_out(self) -> None:
        self.heading = lay_out_record_page(
            self, self.records, self.form.layout, self.status, self.save_button
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Start loading the ICD-10-CM list now, off the UI thread, so the first lookup
        answers at once; never at start-up (the program must open in under a second)."""
        super().showEvent(event)
        if not icd10.is_loaded() and self._warm_up is None:
            self._warm_up = icd10.warm_up_in_background()

    def _born(self) -> tuple[date | None, str | None]:
        return checks.birth_date(self.born.text(), self.today)

    def _member_problem(self) -> str | None:
        payer_id = self.payer.currentData()
        profile = self.setup.payer(payer_id).profile if payer_id is not None else None
        return checks.member_id_problem(self.member_id.text(), payer_id, profile)

    def reload(self) -> None:
        chosen = self.payer.currentData()
        self.payer.clear()
        self.payer.addItem("None (self-pay)", None)
        for payer in self.setup.payers():
            self.payer.addItem(payer.name, payer.id)
        self.payer.setCurrentIndex(max(self.payer.findData(chosen), 0))
        self._list()
        self.edit(self.editing)

    def _list(self) -> None:
        patients = self.setup.patients(self.search_box.text())
        self.records.set_records(
            [(f"{p.name} ({p.date_of_birth:%m/%d/%Y})", p.id) for p in patients], keep=self.editing
        )

    def edit(self, patient_id: int | None) -> None:
        self.editing = patient_id
        found = None if patient_id is None else self.setup.patient(patient_id)
        self.heading.setText(f"Change {found.name}" if found else "New patient")
        self.name.setText(found.name if found else "")
        self.born.setText(f"{found.date_of_birth:%m/%d/%Y}" if found else "")
        self.address.setPlainText(found.address if found else "")
        self.record_number.setText(found.medical_record_number if found else "")
        self.payer.setCurrentIndex(max(self.payer.findData(found.payer_id if found else None), 0))
        self.member_id.setText(found.member_id if found else "")
        self._replace_editor(found)
        self.form.clear_problems()
        self.status.clear()

    def _replace_editor(self, found: Patient | None) -> None:
        """A fresh diagnoses list for this patient (the editor takes its list when built)."""
        fresh = DiagnosesEditor(found.diagnoses if found else ())
        self._diagnoses_layout.replaceWidget(self.editor, fresh)
        self.editor.hide()  # it would show until deleted
        self.editor.deleteLater()
        self.editor = fresh
        self.diagnosis_search.editor = fresh

    def save(self) -> bool:
        if not self.form.check():
            self.status.failed("Nothing was saved: correct the fields marked in red.")
            return False
        born = self._born()[0]
        assert born is not None  # the check above passed
        return write_record(self, lambda: self._write(born), self._refused)

    def _refused(self, message: str) -> None:
        self.form.show_problem("Diagnoses", message)
        self.status.failed("Nothing was saved.")

    def _write(self, born: date) -> Patient:
        typed = Patient(
            self.editing or NEW, self.name.text(), born, self.address.toPlainText(),
            self.record_number.text(), self.payer.currentData(), self.member_id.text(),
            self.editor.diagnoses(),
        )  # fmt: skip
        return self.setup.save_patient(typed, self.today)
