"""Clinic set-up, the admin area: clinic, clinicians, payers, patients and codes.

ClinicSetup(store). Each section is a form that checks every field, says what is wrong
beside it, and saves nothing until all of it is right.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from timer_app.store import Store
from timer_app.ui.setup_clinic import ClinicSection
from timer_app.ui.setup_clinicians import CliniciansSection
from timer_app.ui.setup_codes import CodesSection
from timer_app.ui.setup_patients import PatientsSection
from timer_app.ui.setup_payers import PayersSection


class ClinicSetup(QWidget):
    """The five set-up sections as tabs; a section reads the store again when shown."""

    def __init__(self, store: Store, today: date | None = None) -> None:
        super().__init__()
        self.clinic = ClinicSection(store)
        self.clinicians = CliniciansSection(store)
        self.payers = PayersSection(store)
        self.patients = PatientsSection(store, today)
        self.codes = CodesSection(store)
        self.sections = QTabWidget()
        self.sections.setAccessibleName("Set-up sections")
        self.sections.setToolTip("Clinic, clinicians, payers, patients and codes")
        for widget, title, tip in (
            (self.clinic, "Clinic", "Name, address, tax ID and billing NPI"),
            (self.clinicians, "Clinicians", "Therapists and assistants, with their NPIs"),
            (self.payers, "Payers", "Insurance, its unit rule and its fee per code"),
            (self.patients, "Patients", "Demographics, insurance and diagnoses"),
            (self.codes, "Codes", "Codes shown, favourites and custom codes"),
        ):
            index = self.sections.addTab(widget, title)
            self.sections.setTabToolTip(index, tip)
        self.sections.currentChanged.connect(self._reload_section)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections)

    def _reload_section(self, index: int) -> None:
        """A payer added on one tab must appear in the patients' list on another."""
        sections = (self.clinic, self.clinicians, self.payers, self.patients, self.codes)
        if 0 <= index < len(sections):
            sections[index].reload()
