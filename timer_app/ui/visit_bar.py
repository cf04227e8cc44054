"""The visit bar: who is treated, by whom, under which plan of care; and the open visits."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices
from timer_app.dates import current_style, show_date
from timer_app.records import Patient
from timer_app.ui.patient_dialog import NewPatientDialog
from timer_app.ui.widgets import plain_tip


def patient_words(patient: Patient) -> str:
    return f"{patient.name} — born {show_date(patient.date_of_birth)}"


def told_apart(visits: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Tab words with a patient's visits of the day numbered when there are several
    ("Lopez, Maria (2 of 2) · open"): two chips never read the same."""
    names = [words.split(" · ")[0] for _, words in visits]
    seen: dict[str, int] = {}
    numbered = []
    for (visit_id, words), name in zip(visits, names, strict=True):
        if names.count(name) < 2:
            numbered.append((visit_id, words))
            continue
        seen[name] = seen.get(name, 0) + 1
        rest = words[len(name):]
        numbered.append((visit_id, f"{name} ({seen[name]} of {names.count(name)}){rest}"))
    return numbered


class VisitBar(QWidget):
    """Emits `start_requested(patient_id, clinician_id, discipline)` and `visit_chosen(id)`."""

    start_requested = Signal(int, int, str)
    visit_chosen = Signal(int)
    day_requested = Signal()

    def __init__(self, clinic: ClinicServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clinic = clinic
        self._shown_visit: int | None = None  # the visit whose patient the box shows
        self.patient = QComboBox(editable=True)
        self.patient.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.patient.setMinimumWidth(300)
        editor = self.patient.lineEdit()
        assert editor is not None  # an editable combo box always has its line edit
        editor.setPlaceholderText("Patient: type a name or a date of birth")
        self.patient.setAccessibleName("Patient")
        self.patient.setToolTip(
            f"Recent patients first; type a name or a date of birth "
            f"({current_style().example}) to search"
        )
        self._search_later = QTimer(self, singleShot=True, interval=250)
        self._search_later.timeout.connect(self._search)
        editor.textEdited.connect(lambda _text: self._search_later.start())
        self.new_patient = QPushButton("New patient…")
        self.new_patient.setAccessibleName("New patient")
        self.new_patient.setToolTip("Add a patient with name, date of birth and payer")
        self.new_patient.clicked.connect(self._create_patient)
        self.clinician = QComboBox()
        self.clinician.setMinimumWidth(220)
        self.clinician.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.clinician.setAccessibleName("Treating clinician")
        self.clinician.setToolTip("Who treats the patient; their minutes are theirs")
        self.clinician.currentIndexChanged.connect(self._clinician_changed)
        self.discipline = QComboBox()
        self.discipline.setAccessibleName("Discipline")
        self.discipline.setToolTip("The plan of care: PT adds GP, OT adds GO, SLP adds GN")
        for discipline in Discipline:
            self.discipline.addItem(discipline.value, discipline.value)
        self.start = QPushButton("Start visit")
        self.start.setObjectName("primary")
        self.start.setAccessibleName("Start visit")
        self.start.setToolTip("Open a visit for this patient; then tap the codes you deliver")
        self.start.clicked.connect(self._start)
        self.visits = QTabBar()
        self.visits.setObjectName("visit_chips")  # the theme makes chips and arrows 44 px
        self.visits.setAccessibleName("Open visits")
        self.visits.setToolTip("One tap switches between open visits")
        self.visits.setExpanding(False)
        self.visits.currentChanged.connect(self._visit_tab_changed)
        top = QHBoxLayout()
        for widget in (self.patient, self.new_patient, self.clinician, self.discipline):
            top.addWidget(widget)
        top.addWidget(self.start)
        top.setStretch(0, 1)
        self.day = QPushButton("Today's visits…")
        self.day.setAccessibleName("Today's visits")
        self.day.setToolTip("Open any visit of today: finished ones to sign, signed ones to read")
        self.day.clicked.connect(self.day_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Open visits:"))
        bottom.addWidget(self.visits, 1)
        bottom.addWidget(self.day)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(bottom)
        for box in (self.patient, self.clinician, self.discipline):
            # a styled delegate reads the theme's 44 px rows; the default one keeps 26 px
            box.setItemDelegate(QStyledItemDelegate(box))
        self.reload()

    def reload(self) -> None:
        self._fill_patients(self._clinic.setup.patients())
        current = self.clinician.currentData()
        self.clinician.blockSignals(True)
        self.clinician.clear()
        for clinician in self._clinic.treatment.clinicians():
            self.clinician.addItem(f"{clinician.name}, {clinician.credentials}", clinician.id)
        if current is not None and self.clinician.findData(current) >= 0:
            self.clinician.setCurrentIndex(self.clinician.findData(current))
        self.clinician.blockSignals(False)
        if self.clinician.currentData() != current:
            self._clinician_changed()

    def choose_clinician(self, clinician_id: int) -> None:
        """The treating clinician a new visit starts with (the signed-in one)."""
        index = self.clinician.findData(clinician_id)
        if index >= 0:
            self.clinician.setCurrentIndex(index)

    def set_open_visits(self, visits: list[tuple[int, str]], current: int | None) -> None:
        """(visit id, tab words) of each open visit; the current one selected, and its
        patient in the patient box (never the last signed one's: Start visit would start
        them again)."""
        self.visits.blockSignals(True)
        while self.visits.count():
            self.visits.removeTab(0)
        for visit_id, words in told_apart(visits):
            index = self.visits.addTab(words)
            self.visits.setTabData(index, visit_id)
            self.visits.setTabToolTip(index, plain_tip(words))
            if visit_id == current:
                self.visits.setCurrentIndex(index)
        self.visits.blockSignals(False)
        if current is not None and current != self._shown_visit:
            self._show_patient_of(current)
        self._shown_visit = current

    def _show_patient_of(self, visit_id: int) -> None:
        """The shown visit's patient in the box (only when the shown visit changes: what is
        being typed for a new visit is never overwritten by a repaint)."""
        patient = self._clinic.treatment.patient_of(visit_id)
        self.patient.blockSignals(True)
        index = self.patient.findData(patient.id)
        if index < 0:
            self.patient.insertItem(0, patient_words(patient), patient.id)
            index = 0
        self.patient.setCurrentIndex(index)
        self.patient.setEditText(patient_words(patient))
        self.patient.blockSignals(False)

    def _fill_patients(self, patients: list[Patient]) -> None:
        text = self.patient.currentText()
        self.patient.blockSignals(True)
        self.patient.clear()
        for patient in patients:
            self.patient.addItem(patient_words(patient), patient.id)
        self.patient.setEditText(text)
        self.patient.blockSignals(False)

    def _search(self) -> None:
        self._fill_patients(self._clinic.setup.patients(self.patient.currentText()))
        if self.patient.count():
            self.patient.showPopup()

    def chosen_patient_id(self) -> int | None:
        text = self.patient.currentText()
        index = self.patient.findText(text, Qt.MatchFlag.MatchExactly)
        if index < 0 and self.patient.count() == 1:
            index = 0  # the search left one patient: that is the one meant
        return None if index < 0 else int(self.patient.itemData(index))

    def select_patient(self, patient: Patient) -> None:
        recent = [p for p in self._clinic.setup.patients() if p.id != patient.id]
        self._fill_patients([patient, *recent])
        self.patient.setCurrentIndex(0)
        self.patient.setEditText(patient_words(patient))

    def _create_patient(self) -> None:
        typed = self.patient.currentText()
        dialog = NewPatientDialog(self._clinic, "" if "born" in typed else typed, self)
        if dialog.exec() and dialog.patient is not None:
            self.select_patient(dialog.patient)

    def _clinician_changed(self) -> None:
        clinician_id = self.clinician.currentData()
        if clinician_id is None:
            return
        discipline = self._clinic.treatment.clinician(int(clinician_id)).discipline
        self.discipline.setCurrentIndex(self.discipline.findData(discipline.value))

    def _start(self) -> None:
        self.start_requested.emit(
            self.chosen_patient_id() or 0,
            int(self.clinician.currentData() or 0),
            str(self.discipline.currentData()),
        )

    def _visit_tab_changed(self, index: int) -> None:
        if index >= 0:
            self.visit_chosen.emit(int(self.visits.tabData(index)))
