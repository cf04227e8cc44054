"""The main window: the treatment screen, and the front desk and clinic set-up beside it.

In the program (`attach(clinic, sign_in=True)`) every person signs in first, sees only the
areas their role may use, and the screen locks after the idle minutes: the lock hides every
patient (dialogs closed, titles plain) and never touches a timer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from timer_app.errors import UserError
from timer_app.ui import text_size
from timer_app.ui.theme import TEXT_SIZES
from timer_app.ui.widgets import button, label

if TYPE_CHECKING:
    # the screens load after the window's first paint (see attach)
    from timer_app.clinic import ClinicServices
    from timer_app.clinic.integrity import Findings
    from timer_app.records.people import User
    from timer_app.session import RecoveredInterval
    from timer_app.ui.clinic_setup import ClinicSetup
    from timer_app.ui.lock_screen import LockScreen
    from timer_app.ui.server_desk import DeskSource, ServerFeed
    from timer_app.ui.sign_in import SignInScreen
    from timer_app.ui.therapist_screen import TherapistScreen

TITLE = "Therapy Timer"
LARGE_SCREEN = (1600, 1000)  # a first start on at least this much screen opens maximised
W = TypeVar("W", bound=QWidget)
# what a person does at the keyboard, the mouse or the screen: each restarts the idle time
INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
})  # fmt: skip


class IdleWatch(QObject):
    """Every input anywhere in the program restarts `timer` (an application event filter)."""

    def __init__(self, timer: QTimer, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = timer

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in INPUT and self.timer.isActive():
            self.timer.start()
        return False


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
        self.setWindowTitle(TITLE)
        self.setMinimumSize(1024, 700)
        self._restore_geometry()
        self.text_size = text_size.stored(settings)
        text_size.apply(self.text_size)  # before any screen is built: built at its size
        self.text_size_menu = self._text_size_menu()
        self.setCentralWidget(label("Opening the clinic's database…", "figure"))
        self._recovered: list[RecoveredInterval] = []
        self.people = False  # True: every person signs in (see attach)
        self.signed_in: User | None = None
        self.idle_timer = QTimer(self, singleShot=True)
        self.idle_timer.setTimerType(Qt.TimerType.PreciseTimer)  # minutes, not minutes ±5%
        self.idle_timer.timeout.connect(self.lock)
        self._idle_watch: IdleWatch | None = None
        self._desk: DeskSource | None = None  # where the front desk reads (`_desk_source`)
        self._desk_feed: ServerFeed | None = None
        if clinic is not None:
            self.attach(clinic)

    def attach(self, clinic: ClinicServices, *, sign_in: bool = False) -> None:
        """Build the treatment screen, the front desk and the set-up on the open clinic.

        `sign_in`: the program's way; nobody sees or does anything until they sign in.
        """
        from timer_app.ui.audit_view import AuditView
        from timer_app.ui.clinic_signals import ClinicSignals
        from timer_app.ui.therapist_screen import TherapistScreen

        self.clinic = clinic
        self.signals = signals = ClinicSignals(clinic.events, self)
        self.treatment: TherapistScreen = TherapistScreen(clinic, signals)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Areas")
        self.tabs.addTab(self.treatment, "Treatment")
        self.tabs.setTabToolTip(0, "Time the codes of a visit, review and sign")
        self.front_desk = LazyArea(self._build_front_desk)
        self.add_area(self.front_desk, "Front desk", "Signed visits, superbills, mark billed")
        self.setup = LazyArea(self._build_setup_area)
        self.add_area(
            self.setup, "Clinic set-up", "Clinic, clinicians, payers and fees, patients, codes"
        )
        self.audit = LazyArea(lambda: AuditView(clinic))
        self.add_area(self.audit, "Audit log", "Who changed what, when and where (the owner)")
        self.reports = LazyArea(self._build_reports)
        self.add_area(self.reports, "Reports", "Productivity, payer mix, lost minutes, KX, "
                      "money and visits waiting, as charts and tables (the owner)")  # fmt: skip
        self.tabs.setCornerWidget(self._text_size_button())
        self.findings: Findings | None = None  # the tamper check, once per run
        # what waits for a recovery answer is said in the treatment screen's message area,
        # which never moves the tiles
        self.treatment.decide_requested.connect(self._ask_again)
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.addWidget(self._people_bar())
        column.addWidget(self.tabs, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.body)
        self.setCentralWidget(self.pages)
        self.pages.show()  # now, not after the next events: a test or a grab sees it at once
        if clinic.workstation_link is not None:
            from timer_app.ui.server_status import ServerStatus

            self.server_status = ServerStatus(clinic.server_status, clinic.take_server_news)
            self.statusBar().addPermanentWidget(self.server_status, 1)
        # Read before anything is timed in this run: only what a crash left running counts.
        self._recovered = clinic.treatment.recovered()
        self._restore_visit()
        if sign_in:
            self._require_people()
        if self.isVisible() and self._recovered and self._may_answer():
            QTimer.singleShot(0, self.offer_recovery)

    # --- text size ---------------------------------------------------------------------------

    def _text_size_menu(self) -> QMenu:
        """View, Text size: 100, 125 or 150 % for this computer; Ctrl+= bigger, Ctrl+-
        smaller, Ctrl+0 back to 100 %, from anywhere in the window."""
        menu = QMenu("Text size", self)
        menu.setAccessibleName("Text size")
        group = QActionGroup(menu)
        self.text_size_actions: dict[int, QAction] = {}
        for percent in TEXT_SIZES:
            action = QAction(f"{percent} %", menu, checkable=True)
            action.setChecked(percent == self.text_size)
            action.triggered.connect(lambda _=False, p=percent: self.set_text_size(p))
            group.addAction(action)
            menu.addAction(action)
            self.text_size_actions[percent] = action
        self.text_size_actions[100].setShortcut(QKeySequence("Ctrl+0"))
        menu.addSeparator()
        for words, keys, steps in (
            ("Bigger text", ("Ctrl+=", "Ctrl++"), 1),
            ("Smaller text", ("Ctrl+-",), -1),
        ):
            action = QAction(words, menu)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(
                lambda _=False, s=steps: self.set_text_size(text_size.step(self.text_size, s))
            )
            menu.addAction(action)
        self.addActions(menu.actions())  # the keys work wherever the focus is in the window
        return menu

    def _text_size_button(self) -> QToolButton:
        """The menu, in the corner of the areas' tabs: it takes no room from the tiles."""
        self.text_size_button = QToolButton()
        self.text_size_button.setMenu(self.text_size_menu)
        self.text_size_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.text_size_button.setAccessibleName("Text size")
        self.text_size_button.setToolTip(
            "The size of all text on this computer: 100, 125 or 150 % (Ctrl+= bigger, "
            "Ctrl+- smaller, Ctrl+0 back to 100 %)"
        )
        self.text_size_button.setMinimumWidth(44)  # as tall as the tabs: over nothing below
        self.text_size_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self._show_text_size()
        return self.text_size_button

    def set_text_size(self, percent: int) -> None:
        """The whole window at `percent` now, and at every start on this computer."""
        self.text_size = percent
        text_size.choose(self.settings, percent)
        self._show_text_size()

    def _show_text_size(self) -> None:
        self.text_size_actions[self.text_size].setChecked(True)
        shown = getattr(self, "text_size_button", None)
        if shown is not None:
            shown.setText(f"Text {self.text_size} % ▾")

    # --- people ------------------------------------------------------------------------------

    def _people_bar(self) -> QWidget:
        """Who is signed in, Switch user and Lock: shown only when people sign in."""
        self.who = label("", "", wrap=False)
        self.who.setAccessibleName("Signed in")
        self.switch_button = button(
            "Switch user", "Another person signs in: their name, then their PIN"
        )
        self.switch_button.clicked.connect(lambda: self.lock("Switch user"))
        self.lock_button = button(
            "Lock", "Hide the patients now; timing goes on; your PIN opens it again (Ctrl+L)"
        )
        self.lock_button.clicked.connect(lambda: self.lock())
        self.people_bar = QWidget()
        row = QHBoxLayout(self.people_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.who, 1)
        row.addWidget(self.switch_button)
        row.addWidget(self.lock_button)
        self.people_bar.hide()
        return self.people_bar

    def _require_people(self) -> None:
        """Nothing before a sign-in; then each person's areas, their name, the idle lock."""
        from timer_app.ui.lock_screen import LockScreen
        from timer_app.ui.sign_in import SignInScreen

        self.people = True
        self.clinic.access.require_people()
        self.sign_in_screen: SignInScreen = SignInScreen(self.clinic)
        self.sign_in_screen.signed_in.connect(self.person_signed_in)
        self.lock_screen: LockScreen = LockScreen(self.clinic)
        self.lock_screen.signed_in.connect(self.person_signed_in)
        self.pages.addWidget(self.sign_in_screen)
        self.pages.addWidget(self.lock_screen)
        self.pages.setCurrentWidget(self.sign_in_screen)
        self.people_bar.show()
        self.setWindowTitle(TITLE)  # no name before a sign-in
        shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(lambda: self.lock())
        app = QApplication.instance()
        if app is not None:
            self._idle_watch = IdleWatch(self.idle_timer, self)
            app.installEventFilter(self._idle_watch)

    def person_signed_in(self, user: User) -> None:
        """The same person resumes where they were; another sees their own areas."""
        same = self.signed_in is not None and self.signed_in.id == user.id
        self.signed_in = user
        self.lock_screen.stop()
        if not same:
            self._offer_areas(user)
        # a name that says its role already ("Kim Lee (front desk)") is not told it twice
        named = user.name.endswith(")")
        said = user.name if named else f"{user.name} ({user.access.words})"
        self.who.setText(f"Signed in: {said}")
        self.setWindowTitle(f"{TITLE}: {user.name}")
        self.pages.setCurrentWidget(self.body)
        self.treatment.show_visit(self.treatment.current_visit_id)  # the demo may have added
        self.restart_idle()
        self._show_pending()
        if self._recovered and self._may_answer():  # asked of the first who may time
            QTimer.singleShot(0, self.offer_recovery)
        if self.findings is None:
            self.check_integrity()
        elif not same:
            self._tell_owner()

    def check_integrity(self) -> None:
        """Signed visits and audit rows changed outside the program, found off the UI
        thread: marked at the front desk, shown to the owner."""
        from timer_app.ui.background import run_in_background

        run_in_background(self.clinic.check_integrity, self._found, self._check_failed)

    def _found(self, findings: Findings) -> None:
        self.findings = findings
        if self.front_desk.content is not None:
            self._marked(self.front_desk.content)
        self._tell_owner()

    def _check_failed(self, error: Exception) -> None:
        from timer_app.clinic.integrity import Findings

        words = error.message if isinstance(error, UserError) else type(error).__name__
        self.findings = Findings(audit=(f"The tamper check could not run ({words}).",))
        self._tell_owner()

    def _tell_owner(self) -> None:
        from timer_app.records.people import Permission
        from timer_app.ui.integrity_dialog import show_findings

        findings = self.findings
        if findings is None or findings.clean or self.is_locked():
            return
        if self.clinic.access.can(Permission.AUDIT):
            show_findings(self, findings)

    def _marked(self, area: W) -> W:
        """The front desk marks the visits the tamper check found."""
        model = getattr(area, "model", None)
        if model is not None and self.findings is not None:
            model.set_findings(self.findings.visits)
        return area

    def restart_idle(self, minutes: int | None = None) -> None:
        """The idle lock counts again from now (`minutes` after a change in set-up)."""
        if not self.people or self.signed_in is None:
            return
        minutes = minutes or self.clinic.access.idle_minutes()
        self.idle_timer.setInterval(minutes * 60_000)
        if self.pages.currentWidget() is self.body:
            self.idle_timer.start()

    def lock(self, heading: str = "Locked") -> None:
        """Hide every patient (open dialogs closed, titles plain); time goes on untouched."""
        if not self.people or self.signed_in is None:
            return
        if self.pages.currentWidget() is not self.body:
            self.lock_screen.heading.setText(heading)
            return
        self.idle_timer.stop()
        self.clinic.access.lock()
        self._close_what_shows_patients()
        self.setWindowTitle(f"{TITLE}: locked")
        self.lock_screen.start(heading, self.signed_in.id if heading == "Locked" else None)
        self.pages.setCurrentWidget(self.lock_screen)

    def is_locked(self) -> bool:
        return self.people and self.pages.currentWidget() is not self.body

    def _close_what_shows_patients(self) -> None:
        QToolTip.hideText()
        popup = QApplication.activePopupWidget()
        while popup is not None:  # a list of patients dropped down, a menu
            popup.close()
            following = QApplication.activePopupWidget()
            popup = None if following is popup else following
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()  # an answer not given is asked again (recovery, review)
            elif isinstance(widget, QMessageBox) and widget.isVisible():
                widget.close()

    def _offer_areas(self, user: User) -> None:
        """Only the areas and sections the person's role may use are offered."""
        from timer_app.records.people import Permission
        from timer_app.ui.clinic_setup import SECTION_PERMISSIONS

        can = self.clinic.access.can
        before = self.tabs.currentIndex()  # Qt moves off a hidden tab to its neighbour
        for area, allowed in (
            (self.treatment, can(Permission.TIME)),
            (self.front_desk, can(Permission.PRINT)),
            (self.setup, any(can(p) for p in SECTION_PERMISSIONS)),
            (self.audit, can(Permission.AUDIT)),
            (self.reports, can(Permission.REPORTS)),
        ):
            self.tabs.setTabVisible(self.tabs.indexOf(area), allowed)
        if not self.tabs.isTabVisible(before):
            visible = [i for i in range(self.tabs.count()) if self.tabs.isTabVisible(i)]
            if visible:
                self.tabs.setCurrentIndex(visible[0])
        self.treatment.use_clinician(user.clinician_id)
        for area in (self.front_desk, self.setup):
            if area.content is not None:
                self._offered(area.content)

    def _offered(self, area: W) -> W:
        """A lazily built area offers only what the signed-in person may use."""
        offer = getattr(area, "offer", None)
        if offer is not None:
            offer(self.clinic.access.can)
        return area

    def _desk_source(self) -> DeskSource:
        """Where the front desk (and a desk's set-up) reads: this computer, or, joined to a
        clinic server, the server; opened once, when first needed."""
        from timer_app.ui.clinic_signals import ClinicSignals
        from timer_app.ui.server_desk import desk_clinic

        if self._desk is None:
            self._desk = desk_clinic(self.clinic, self)
            self._desk_feed = self._desk.feed
            here = self._desk.clinic is self.clinic
            self._desk_signals = self.signals if here else ClinicSignals(
                self._desk.clinic.events, self
            )
        return self._desk

    def _build_front_desk(self) -> QWidget:
        """This computer's visits, or, joined to a clinic server, every room's from it."""
        from timer_app.ui.front_desk import FrontDeskView

        source = self._desk_source()
        local = source.clinic is self.clinic
        view = FrontDeskView(source.clinic, self.settings, self._desk_signals)
        view.set_source_note(source.note)
        view.open_plan = self.open_plan
        # the tamper check's findings are this file's visit ids: marked on its own list only
        return self._offered(self._marked(view) if local else view)

    def open_plan(self, patient_id: int) -> None:
        """A patient's plans of care in Clinic set-up (from the desk's list of what is due),
        when the signed-in person may see set-up."""
        from timer_app.ui.clinic_setup import ClinicSetup

        index = self.tabs.indexOf(self.setup)
        if not self.tabs.isTabVisible(index):
            return
        self.tabs.setCurrentIndex(index)  # builds the area on its first showing
        setup = self.setup.content
        if isinstance(setup, ClinicSetup):
            setup.sections.setCurrentWidget(setup.episodes)
            setup.episodes.choose_patient(patient_id)

    def _build_reports(self) -> QWidget:
        """The owner's reports, from where the front desk reads (the clinic server's visits
        once joined to one)."""
        from timer_app.ui.reports_view import ReportsView

        return ReportsView(self._desk_source().clinic)

    def _build_setup_area(self) -> QWidget:
        """A front-desk workstation keeps the clinic's records on the server; any other
        keeps this computer's (a treatment room's set-up then says where they change)."""
        from timer_app.ui.clinic_setup import ClinicSetup

        link = self.clinic.link
        if link is not None and link.desk:
            source = self._desk_source()
            return self._build_setup(ClinicSetup(source.clinic, self._desk_signals))
        return self._build_setup(ClinicSetup(self.clinic, self.signals))

    def _build_setup(self, setup: ClinicSetup) -> ClinicSetup:
        setup.users.idle_minutes_changed.connect(self.restart_idle)
        return self._offered(setup)

    def _may_answer(self) -> bool:
        """A recovery is answered by whoever may time, once signed in."""
        from timer_app.records.people import Permission

        if not self.people:
            return True
        return self.signed_in is not None and self.clinic.access.can(Permission.TIME)

    def add_area(self, widget: QWidget, title: str, tip: str) -> None:
        index = self.tabs.addTab(widget, title)
        self.tabs.setTabToolTip(index, tip)

    def _restore_geometry(self) -> None:
        """Where it was last; on a first start, maximised on a large screen (1600x1000 or
        more), else 1280x800 in the middle of it."""
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            return
        self.resize(1280, 800)
        screen = QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        if room.width() >= LARGE_SCREEN[0] and room.height() >= LARGE_SCREEN[1]:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            frame = self.frameGeometry()
            frame.moveCenter(room.center())
            self.move(frame.topLeft())

    def _restore_visit(self) -> None:
        visit = self.settings.value("treatment/visit")
        open_ids = {t.visit_id for t in self.clinic.treatment.timers()}
        if visit is not None and str(visit).isdigit() and int(visit) in open_ids:
            self.treatment.show_visit(int(visit))

    def offer_recovery(self) -> None:
        """Every interval left running by a crash, in one dialog: the therapist ends each
        or keeps it running."""
        from timer_app.ui.recovery_dialog import RecoveryDialog

        recovered_list, self._recovered = self._recovered, []
        treatment = self.clinic.treatment
        found = [(r, treatment.patient_of(r.interval.visit_id).name) for r in recovered_list]
        dialog = RecoveryDialog(found, self.clinic.tz, self) if found else None
        # not answered: asked again from the bar; nothing past the last sign is billed
        answers = dialog.answers() if dialog is not None and dialog.exec() else []
        for recovered, keep in answers:
            try:
                treatment.resolve_recovered(recovered, keep)
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
        """What still waits for an answer stays in sight, frozen at the time seen, in the
        treatment screen's message area ("" once answered)."""
        words = []
        for found in self.clinic.treatment.recovered():
            patient = self.clinic.treatment.patient_of(found.interval.visit_id)
            seen = found.last_heartbeat.astimezone(self.clinic.tz).strftime("%H:%M:%S")
            words.append(f"{found.interval.code} for {patient.name} (seen until {seen})")
        self.treatment.show_pending(
            f"Left running when the program stopped: {'; '.join(words)}. Nothing after that "
            "is billed, and the visit cannot be timed, until you say whether the treatment "
            "stopped then or went on."
            if words else ""
        )  # fmt: skip

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._recovered and self._may_answer():
            QTimer.singleShot(0, self.offer_recovery)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.idle_timer.stop()
        app = QApplication.instance()
        if self._idle_watch is not None and app is not None:
            app.removeEventFilter(self._idle_watch)
        self.settings.setValue("window/geometry", self.saveGeometry())
        treatment: TherapistScreen | None = getattr(self, "treatment", None)
        if treatment is not None:
            treatment.stop_timers()
            self.settings.setValue("treatment/visit", treatment.current_visit_id or "")
        feed = getattr(self, "_desk_feed", None)
        if feed is not None:  # the front desk read the clinic server
            self._desk_feed = None
            feed.stop()
        self.settings.sync()
        super().closeEvent(event)
