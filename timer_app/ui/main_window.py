"""The main window: the treatment screen, and the front desk and clinic set-up beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from timer_app.errors import UserError
from timer_app.ui.widgets import label

if TYPE_CHECKING:  # the screens load after the window's first paint (see attach)
    from timer_app.clinic import ClinicServices
    from timer_app.session import RecoveredInterval
    from timer_app.ui.therapist_screen import TherapistScreen


class LazyArea(QWidget):
    """A tab whose content is built the first time it is shown: start-up stays quick."""

    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.content: QWidget | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if self.content is None:
            self.content = self._build()
            self._layout.addWidget(self.content)
        super().showEvent(event)


class MainWindow(QMainWindow):
    """Shown first with a word of welcome; `attach` then builds the areas on the clinic.

    Built in two steps so the window paints before the screens' modules and the database
    load: a therapist sees the program at once.
    """

    def __init__(self, clinic: ClinicServices | None, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle("Therapy Timer")
        self.setMinimumSize(1024, 700)
        self._restore_geometry()
        self.setCentralWidget(label("Opening the clinic's database…", "figure"))
        self._recovered: list[RecoveredInterval] = []
        if clinic is not None:
            self.attach(clinic)

    def attach(self, clinic: ClinicServices) -> None:
        """Build the treatment screen, the front desk and the set-up on the open clinic."""
        from timer_app.ui.clinic_setup import ClinicSetup
        from timer_app.ui.clinic_signals import ClinicSignals
        from timer_app.ui.front_desk import FrontDeskView
        from timer_app.ui.therapist_screen import TherapistScreen

        self.clinic = clinic
        self.signals = signals = ClinicSignals(clinic.events, self)
        settings = self.settings
        self.treatment: TherapistScreen = TherapistScreen(clinic, signals)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Areas")
        self.tabs.addTab(self.treatment, "Treatment")
        self.tabs.setTabToolTip(0, "Time the codes of a visit, review and sign")
        self.front_desk = LazyArea(lambda: FrontDeskView(clinic, settings, signals))
        self.add_area(self.front_desk, "Front desk", "Signed visits, superbills, mark billed")
        self.setup = LazyArea(lambda: ClinicSetup(clinic, signals))
        self.add_area(
            self.setup, "Clinic set-up", "Clinic, clinicians, payers and fees, patients, codes"
        )
        self.pending = label("", "banner_warning", wrap=True)
        self.pending.setAccessibleName("Waiting for your answer")
        self.pending.setTextFormat(Qt.TextFormat.PlainText)  # it names patients
        self.decide = QPushButton("Decide…")
        self.decide.setAccessibleName("Decide")
        self.decide.setToolTip("Say whether the treatment stopped when the program stopped")
        self.decide.clicked.connect(self._ask_again)
        self.pending_bar = QWidget()
        bar = QHBoxLayout(self.pending_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.pending, 1)
        bar.addWidget(self.decide)
        self.pending_bar.hide()
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.pending_bar)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(body)
        # Read before anything is timed in this run: only what a crash left running counts.
        self._recovered = clinic.treatment.recovered()
        self._restore_visit()
        if self.isVisible() and self._recovered:
            QTimer.singleShot(0, self.offer_recovery)

    def add_area(self, widget: QWidget, title: str, tip: str) -> None:
        index = self.tabs.addTab(widget, title)
        self.tabs.setTabToolTip(index, tip)

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def _restore_visit(self) -> None:
        visit = self.settings.value("treatment/visit")
        open_ids = {t.visit_id for t in self.clinic.treatment.timers()}
        if visit is not None and str(visit).isdigit() and int(visit) in open_ids:
            self.treatment.show_visit(int(visit))

    def offer_recovery(self) -> None:
        """Each interval left running by a crash: the therapist ends it or keeps it."""
        from timer_app.ui.recovery_dialog import RecoveryDialog

        recovered_list, self._recovered = self._recovered, []
        for recovered in recovered_list:
            patient = self.clinic.treatment.patient_of(recovered.interval.visit_id)
            dialog = RecoveryDialog(recovered, patient.name, self.clinic.tz, self)
            if not dialog.exec():
                continue  # asked again from the bar; nothing past the last sign is billed
            try:
                self.clinic.treatment.resolve_recovered(recovered, dialog.keep_running)
            except UserError as error:
                box = QMessageBox(QMessageBox.Icon.Warning, "Recovery", error.message, parent=self)
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.exec()
        self.treatment.show_visit(self.treatment.current_visit_id)
        self._show_pending()

    def _ask_again(self) -> None:
        self._recovered = self.clinic.treatment.recovered()
        self.offer_recovery()

    def _show_pending(self) -> None:
        """What still waits for an answer stays in sight, frozen at the time seen."""
        waiting = self.clinic.treatment.recovered()
        self.pending_bar.setVisible(bool(waiting))
        if not waiting:
            return
        words = []
        for found in waiting:
            patient = self.clinic.treatment.patient_of(found.interval.visit_id)
            seen = found.last_heartbeat.astimezone(self.clinic.tz).strftime("%H:%M:%S")
            words.append(f"{found.interval.code} for {patient.name} (seen until {seen})")
        self.pending.setText(
            f"Left running when the program stopped: {'; '.join(words)}. Nothing after that "
            "is billed, and the visit cannot be timed, until you say whether the treatment "
            "stopped then or went on."
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._recovered:
            QTimer.singleShot(0, self.offer_recovery)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.settings.setValue("window/geometry", self.saveGeometry())
        treatment: TherapistScreen | None = getattr(self, "treatment", None)
        if treatment is not None:
            treatment.stop_timers()
            self.settings.setValue("treatment/visit", treatment.current_visit_id or "")
        self.settings.sync()
        super().closeEvent(event)
