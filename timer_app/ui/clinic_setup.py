"""Clinic set-up, the admin area: clinic, clinicians, payers, patients, codes and users.

ClinicSetup(clinic). Each section is a form that checks every field, says what is wrong
beside it, and saves nothing until all of it is right (`timer_app.clinic.setup` checks it
again). A section whose records changed elsewhere reads them again when it is shown. Only
the sections the signed-in person may change are offered (the owner's: all of them).
A section with unsaved changes may ask before it is left (its `can_leave()`): for another
section, or when the window holding the set-up closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from timer_app.clinic import ClinicServices, Records, RecordsChanged
from timer_app.records.people import Permission
from timer_app.ui.clinic_signals import ClinicSignals
from timer_app.ui.setup_clinic import ClinicSection
from timer_app.ui.setup_clinicians import CliniciansSection
from timer_app.ui.setup_codes import CodesSection
from timer_app.ui.setup_episodes import EpisodesSection
from timer_app.ui.setup_patients import PatientsSection
from timer_app.ui.setup_payers import PayersSection
from timer_app.ui.setup_users import UsersSection

Section = (
    ClinicSection | CliniciansSection | PayersSection | PatientsSection | EpisodesSection
    | CodesSection | UsersSection
)  # fmt: skip
# what each section changes, in the order of the tabs
SECTION_PERMISSIONS = (
    Permission.CLINIC, Permission.CLINIC, Permission.FEES, Permission.PATIENTS,
    Permission.PLAN_OF_CARE, Permission.CODES, Permission.USERS,
)  # fmt: skip


class ClinicSetup(QWidget):
    """The set-up sections as tabs."""

    def __init__(self, clinic: ClinicServices, signals: ClinicSignals | None = None) -> None:
        super().__init__()
        setup = clinic.setup
        self.clinic = ClinicSection(setup)
        self.clinicians = CliniciansSection(setup)
        self.payers = PayersSection(setup)
        self.patients = PatientsSection(setup, clinic.treatment.today())
        self.episodes = EpisodesSection(clinic.plan_of_care, setup, clinic.treatment.today())
        self.codes = CodesSection(setup)
        self.users = UsersSection(clinic.access, setup)
        # which sections show which records (a payer's name is in the patients' form)
        self._showing: dict[Records, tuple[Section, ...]] = {
            Records.CLINIC: (self.clinic,),
            Records.CLINICIANS: (self.clinicians, self.users),
            Records.PAYERS: (self.payers, self.patients, self.episodes),
            Records.PATIENTS: (self.patients, self.episodes),
            Records.CODES: (self.codes, self.payers),
            Records.USERS: (self.users,),
        }
        self._sections: tuple[Section, ...] = (
            self.clinic,
            self.clinicians,
            self.payers,
            self.patients,
            self.episodes,
            self.codes,
            self.users,
        )
        self._stale: set[Section] = set()
        self.sections = QTabWidget()
        self.sections.setAccessibleName("Set-up sections")
        self.sections.setToolTip(
            "Clinic, clinicians, payers, patients, plans of care, codes and users"
        )
        for widget, title, tip in (
            (self.clinic, "Clinic", "Name, address, tax ID and billing NPI"),
            (self.clinicians, "Clinicians", "Therapists and assistants, with their NPIs"),
            (self.payers, "Payers", "Insurance, its unit rule and its fee per code"),
            (self.patients, "Patients", "Demographics, insurance and diagnoses"),
            (self.episodes, "Plan of care", "A patient's certified plans of care and the "
             "payers' authorizations under them"),
            (self.codes, "Codes", "Codes shown, favourites and custom codes"),
            (self.users, "Users", "Who signs in, their access and PIN; the idle lock"),
        ):
            index = self.sections.addTab(widget, title)
            self.sections.setTabToolTip(index, tip)
        self._current = 0
        self._watched: QWidget | None = None  # the window whose closing is asked about
        self.sections.currentChanged.connect(self._section_changed)
        self.signals = signals or ClinicSignals(clinic.events, self)
        self.signals.records_changed.connect(self._records_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections)
        self.offer(clinic.access.can)

    def offer(self, can: Callable[[Permission], bool]) -> None:
        """Only the sections the signed-in person may change are shown."""
        before = self.sections.currentIndex()  # Qt moves off a hidden tab to its neighbour
        self._current = -1  # a section hidden from this person asks them nothing
        for index, permission in enumerate(SECTION_PERMISSIONS):
            self.sections.setTabVisible(index, can(permission))
        if not self.sections.isTabVisible(before):
            shown = [i for i in range(self.sections.count()) if self.sections.isTabVisible(i)]
            if shown:
                self.sections.setCurrentIndex(shown[0])
        self._current = self.sections.currentIndex()

    def can_leave(self, section: Section | None = None) -> bool:
        """Whether `section` (else every section) may be left: unsaved changes asked about."""
        for each in (section,) if section is not None else self._sections:
            ask = getattr(each, "can_leave", None)
            if ask is not None and not ask():
                return False
        return True

    def _section_changed(self, index: int) -> None:
        """Leaving a section with unsaved changes asks first; Cancel goes back to it."""
        before, self._current = self._current, index
        leaving = 0 <= before < len(self._sections) and before != index
        if leaving and not self.can_leave(self._sections[before]):
            self._current = before
            self.sections.blockSignals(True)
            self.sections.setCurrentIndex(before)
            self.sections.blockSignals(False)
            return
        self._reload_if_stale(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The window holding the set-up closes only once unsaved changes were asked about."""
        closing = watched is self._watched and event.type() == QEvent.Type.Close
        if closing and not self.can_leave():
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _records_changed(self, event: RecordsChanged) -> None:
        """The sections that show these records read them again, now or when shown."""
        if event.what is Records.EVERYTHING:
            self._stale.update(self._sections)
        else:
            self._stale.update(self._showing[event.what])
        if self.isVisible():
            self._reload_if_stale(self.sections.currentIndex())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched:
            window.installEventFilter(self)
            self._watched = window
        self._reload_if_stale(self.sections.currentIndex())

    def _reload_if_stale(self, index: int) -> None:
        if not 0 <= index < len(self._sections):
            return
        section = self._sections[index]
        if section in self._stale:
            self._stale.discard(section)
            section.reload()
