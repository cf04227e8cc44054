"""Clinic set-up, patients: demographics, insurance and diagnoses (ICD-10-CM, checked).

The ICD-10-CM list takes over a second to load, so every lookup and search runs off the
UI thread (`run_in_background`); the form stays usable meanwhile.
"""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from timer_app.billing import icd10
from timer_app.billing.identifiers import NPI_LENGTH
from timer_app.clinic import checks
from timer_app.clinic.setup import NEW, ClinicSetup
from timer_app.dates import current_style, show_date
from timer_app.records import Patient, Payer, Sex
from timer_app.ui.diagnoses_editor import DiagnosesEditor, DiagnosisSearch
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
from timer_app.ui.widgets import button

SEXES = [("Unknown", Sex.UNKNOWN.value), ("Female (F)", Sex.FEMALE.value),
          ("Male (M)", Sex.MALE.value)]  # fmt: skip


def _fill_payers(box: QComboBox, none: str, payers: list[Payer]) -> None:
    """The clinic's payers to choose from, keeping the one chosen."""
    chosen = box.currentData()
    box.clear()
    box.addItem(none, None)
    for payer in payers:
        box.addItem(payer.name, payer.id)
    box.setCurrentIndex(max(box.findData(chosen), 0))


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
            "Find a patient", f"Name, or date of birth as {current_style().value}", "Find…"
        )
        self.search_box.textChanged.connect(self._list)
        self.records.layout_.insertWidget(0, self.search_box)
        self._build_form()
        self._lay_out()
        self.reload()

    def _build_form(self) -> None:
        self.name = line_edit("Patient name", "As on their insurance card", "Lopez, Maria")
        self.born = line_edit("Date of birth", current_style().value, current_style().example)
        self.address = text_edit("Patient address", "Street, then city, state, ZIP", 3)
        self.record_number = line_edit("Medical record number", "The clinic's chart number")
        self.payer = combo("Insurance", "Who is billed for their visits", [])
        self.member_id = line_edit("Member ID", "From the insurance card", "1EG4TE5MK72")
        self._build_claim_fields()
        self.editor = DiagnosesEditor(())
        self.diagnosis_search = DiagnosisSearch(self.editor)
        self.form = CheckedForm()
        self.form.add(
            "Name", self.name, lambda: checks.name_problem(self.name.text()),
            limit=checks.NAME_LIMIT,
        )  # fmt: skip
        self.form.add("Date of birth", self.born, lambda: self._born()[1])
        self.form.add("Sex", self.sex)
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
        self._add_claim_rows()
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

    def _build_claim_fields(self) -> None:
        """What the claim form asks besides (items 3, 17/17b, 11, 9)."""
        self.sex = combo("Sex", "As the claim form takes it (item 3)", SEXES)
        self.physician = line_edit(
            "Referring physician", "Who referred or certifies the plan of care (item 17)",
            "Alan Grant, MD",
        )  # fmt: skip
        self.physician_npi = line_edit(
            "Physician NPI", "The referring physician's 10-digit NPI (item 17b)", "1245319599"
        )
        self.group_number = line_edit("Group number", "From the insurance card (item 11)")
        self.secondary_payer = combo("Secondary insurance", "Billed after the first (item 9)", [])
        self.secondary_member_id = line_edit(
            "Secondary member ID", "From the secondary insurance card"
        )

    def _add_claim_rows(self) -> None:
        self.form.add(
            "Group number", self.group_number,
            lambda: checks.group_number_problem(self.group_number.text()),
            limit=checks.GROUP_NUMBER_LIMIT,
        )  # fmt: skip
        self.form.add(
            "Secondary insurance", self.secondary_payer,
            lambda: checks.secondary_payer_problem(
                self.secondary_payer.currentData(), self.payer.currentData()),
        )  # fmt: skip
        self.form.add(
            "Secondary member ID", self.secondary_member_id, self._secondary_member_problem,
            limit=checks.MEMBER_ID_LIMIT,
        )  # fmt: skip
        self.form.add(
            "Physician", self.physician,
            lambda: checks.physician_problem(self.physician.text(), self.physician_npi.text()),
            limit=checks.NAME_LIMIT,
        )  # fmt: skip
        self.form.add(
            "Physician NPI", self.physician_npi,
            lambda: checks.physician_npi_problem(self.physician_npi.text(), self.physician.text()),
            limit=NPI_LENGTH,
        )  # fmt: skip

    def _lay_out(self) -> None:
        self.heading = lay_out_record_page(
            self, self.records, self.form.layout, self.status, self.save_button, scroll=True
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
        return checks.member_id_problem(self.member_id.text(), payer_id, self._profile(payer_id))

    def _secondary_member_problem(self) -> str | None:
        payer_id = self.secondary_payer.currentData()
        return checks.secondary_member_problem(
            self.secondary_member_id.text(), payer_id, self._profile(payer_id)
        )

    def _profile(self, payer_id: int | None) -> str | None:
        """The payer's profile: a Medicare member ID is checked as an MBI."""
        return self.setup.payer(payer_id).profile if payer_id is not None else None

    def reload(self) -> None:
        payers = self.setup.payers()
        _fill_payers(self.payer, "None (self-pay)", payers)
        _fill_payers(self.secondary_payer, "None", payers)
        self._list()
        self.edit(self.editing)

    def _list(self) -> None:
        patients = self.setup.patients(self.search_box.text())
        self.records.set_records(
            [(f"{p.name} ({show_date(p.date_of_birth)})", p.id) for p in patients],
            keep=self.editing,
        )

    def edit(self, patient_id: int | None) -> None:
        self.editing = patient_id
        found = None if patient_id is None else self.setup.patient(patient_id)
        self.heading.setText(f"Change {found.name}" if found else "New patient")
        self.name.setText(found.name if found else "")
        self.born.setText(show_date(found.date_of_birth) if found else "")
        self.address.setPlainText(found.address if found else "")
        self.record_number.setText(found.medical_record_number if found else "")
        self.payer.setCurrentIndex(max(self.payer.findData(found.payer_id if found else None), 0))
        self.member_id.setText(found.member_id if found else "")
        self._show_claim_fields(found or Patient(NEW, "", date.min))
        self._replace_editor(found)
        self.form.clear_problems()
        self.status.clear()

    def _show_claim_fields(self, patient: Patient) -> None:
        self.sex.setCurrentIndex(max(self.sex.findData(patient.sex.value), 0))
        self.physician.setText(patient.referring_physician)
        self.physician_npi.setText(patient.referring_npi)
        self.group_number.setText(patient.group_number)
        found = self.secondary_payer.findData(patient.secondary_payer_id)
        self.secondary_payer.setCurrentIndex(max(found, 0))
        self.secondary_member_id.setText(patient.secondary_member_id)

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
        """Beside the field the service names ("Physician NPI: ..."), else the diagnoses."""
        caption, _, words = message.partition(": ")
        if caption in self.form.fields and words:
            self.form.show_problem(caption, words)
        else:
            self.form.show_problem("Diagnoses", message)
        self.status.failed("Nothing was saved.")

    def _write(self, born: date) -> Patient:
        typed = Patient(
            self.editing or NEW, self.name.text(), born, self.address.toPlainText(),
            self.record_number.text(), self.payer.currentData(), self.member_id.text(),
            self.editor.diagnoses(), sex=Sex(self.sex.currentData()),
            referring_physician=self.physician.text(), referring_npi=self.physician_npi.text(),
            group_number=self.group_number.text(),
            secondary_payer_id=self.secondary_payer.currentData(),
            secondary_member_id=self.secondary_member_id.text(),
        )  # fmt: skip
        return self.setup.save_patient(typed, self.today)
