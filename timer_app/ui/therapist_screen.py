"""The therapist's screen: the visit bar, the code tiles, the side panel and the actions.

Every tap becomes one timer command through the treatment service (stored before the
timer or the screen changes); a QTimer only repaints from the engine's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import Discipline
from timer_app.billing.plan_of_care import Reminder
from timer_app.clinic import ClinicServices, Records, RecordsChanged, VisitChanged, VisitEvent
from timer_app.clinic.treatment import Command, DayVisit, VisitHeading
from timer_app.errors import UserError
from timer_app.records import Clinician
from timer_app.session import Decision, Interval, VisitDay, VisitSnapshot, VisitStatus, VisitTimer
from timer_app.session.recovery import BEAT_EVERY_SECONDS
from timer_app.ui.clinic_signals import ClinicSignals
from timer_app.ui.code_tile import TileFigures
from timer_app.ui.day_visits_dialog import DayVisitsDialog
from timer_app.ui.interval_dialog import IntervalDialog
from timer_app.ui.review_dialog import ReviewDialog
from timer_app.ui.side_panel import SidePanel
from timer_app.ui.theme import COLORS
from timer_app.ui.tile_grid import SHORTCUT_KEYS, TileGrid
from timer_app.ui.visit_bar import VisitBar
from timer_app.ui.visit_header import HeaderFigures, MessageArea, PlanReminders, VisitHeader
from timer_app.ui.widgets import explain, label

REPAINT_MS = 500
SAID_MS = 12_000  # a refusal or an error stays this long, unless the timing moves first
NOTED_MS = 30_000  # what an undo took back, the same
NOTE_STYLE = (  # what was done, said calmly: neither a warning nor an error
    f"QLabel {{ background: {COLORS['pressed']}; border: 1px solid {COLORS['accent']}; "
    "border-radius: 6px; padding: 8px; }"
)
# what another screen did that changes the open visits here
OTHERS = (VisitEvent.OPENED, VisitEvent.SIGNED, VisitEvent.AMENDED, VisitEvent.RELOADED)


class TherapistScreen(QWidget):
    """`decide_requested` asks the window to offer the recovery again (`show_pending`)."""

    decide_requested = Signal()

    def __init__(
        self,
        clinic: ClinicServices,
        signals: ClinicSignals | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.treatment = clinic.treatment
        self.catalog = self.treatment.catalog()
        self.current_visit_id: int | None = None
        # the visit just signed, shown read-only with its signature until the therapist
        # chooses the next patient on purpose: (visit id, "Signed by NAME at HH:MM")
        self.signed: tuple[int, str] | None = None
        self.ask_same_day: Callable[[str], str | None] = self._ask_same_day
        self.ask_discard_reason: Callable[[], str | None] = self._ask_discard_reason
        self._added: dict[int, list[str]] = {}  # codes added by search, per visit
        self._patient_names: dict[int, str] = {}  # per visit: read once, not every tick
        self._first_run = clinic.is_empty()  # read when the records change, not every tick
        self.signals = signals or ClinicSignals(clinic.events, self)
        self.signals.records_changed.connect(self._records_changed)
        self.signals.visit_changed.connect(self._visit_changed)
        self.visit_bar = VisitBar(clinic)
        self.visit_bar.start_requested.connect(self.start_visit)
        self.visit_bar.visit_chosen.connect(self.show_visit)
        # under the signed visit, a chip Qt shows as current still opens on a tap
        self.visit_bar.visits.tabBarClicked.connect(self._chip_tapped)
        self.visit_bar.day_requested.connect(self.open_day_visit)
        self.load_demo = self._button(
            "Load the demo clinic", "Fill this empty database with a demo clinic to try the program"
        )
        self.load_demo.clicked.connect(self.fill_demo)
        # the messages: each says something about the timing as it was when it was said,
        # and goes when the timing moves on (`_timing_state`), when its time is up or, for
        # the warnings, the moment they stop holding; their area never moves the tiles
        self.banner = label("", "banner_error", wrap=True)
        self.banner.setAccessibleName("Message")
        self.banner.hide()
        self.note = label("", "", wrap=True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setAccessibleName("What was undone")
        self.note.hide()
        self.concurrent = label("", "banner_warning", wrap=True)
        self.concurrent.setAccessibleName("Warning about overlapping visits")
        self.concurrent.hide()
        # what a stop of the program left running, until answered: the window says it here
        # (`show_pending`), where it moves nothing, with the button that answers it
        self.pending = label("", "banner_warning", wrap=True)
        self.pending.setAccessibleName("Waiting for your answer")
        self.decide = self._button("Decide…", "Say whether the treatment stopped when the "
                                   "program stopped")  # fmt: skip
        self.decide.setAccessibleName("Decide")
        self.decide.clicked.connect(self.decide_requested)
        self.pending_row = QWidget()
        row = QHBoxLayout(self.pending_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.pending, 1)
        row.addWidget(self.decide)
        self.pending_row.hide()
        # what the open visit's plan of care asks (progress report, recertification, the
        # authorization): read when the visit is shown or changes, not every repaint
        self.reminders = PlanReminders()
        self._plan_reminders: dict[tuple[int, date], list[Reminder]] = {}
        # the answer to the last action first: it is what the therapist looks for
        self.messages = MessageArea(
            self.banner, self.note, self.pending_row, self.concurrent, standing=self.reminders
        )
        self._said_in: object = None  # the timing state a refusal was said in
        self._noted_in: object = None  # the timing state an undo's words were said in
        self._hide_banner = QTimer(self, singleShot=True, interval=SAID_MS)
        self._hide_banner.timeout.connect(lambda: self._drop(self.banner))
        self._hide_note = QTimer(self, singleShot=True, interval=NOTED_MS)
        self._hide_note.timeout.connect(lambda: self._drop(self.note))
        self.header = VisitHeader()
        self.title = self.header.title
        self._headings: dict[int, VisitHeading] = {}  # per visit: read once, not every tick
        self._signed_figures: HeaderFigures | None = None
        self.timing_as = QComboBox()
        self.timing_as.setMinimumHeight(40)
        explain(
            self.timing_as, "Timing as",
            "Whose minutes the next tap times: an assistant taking over part of the visit, "
            "or the therapist stepping back in (tap a running code to hand it over)",
        )  # fmt: skip
        self.timing_as.activated.connect(self._timing_as_chosen)
        self.timing_as_label = QLabel("Timing as")
        self.timing_as_label.setBuddy(self.timing_as)
        self._timing_as: dict[int, int] = {}  # per visit: who the tiles time for
        self.me: int | None = None  # the signed-in person's clinician: timing as them
        self._teams: dict[int, list[Clinician]] = {}  # per visit, read once
        self._team_shown: tuple[int | None, int] | None = None  # (visit, its team's size)
        self.tiles = TileGrid(self.catalog)
        self.tiles.tapped.connect(self.tap)
        self.tiles.chosen.connect(self.tap)  # a code picked in the search starts at once
        self.tiles.favourite_toggled.connect(self.toggle_favourite)
        self.panel = SidePanel(self.catalog, clinic.tz)
        self.panel.fix_requested.connect(self.fix_interval)
        self.pause = self._button(
            "Pause all", "Stop every running code; press again to resume (Space)"
        )
        self.pause.clicked.connect(self.pause_or_resume)
        self.undo_button = self._button("Undo", "Take back the last action (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.discard = self._button(
            "Discard visit…", "Nothing timed yet: remove a visit started by mistake (a reason "
            "is kept in the audit log)",
        )  # fmt: skip
        self.discard.clicked.connect(self.discard_visit)
        self.end = self._button(
            "End visit and review →", "Stop timing and review the units (Ctrl+E)"
        )
        self.end.setObjectName("primary")
        self.end.clicked.connect(self.end_visit)
        self._layout()
        self._shortcuts()
        self.repaint_timer = QTimer(self, interval=REPAINT_MS)
        self.repaint_timer.timeout.connect(self.refresh)
        self.repaint_timer.start()
        self.heartbeat = QTimer(self, interval=int(BEAT_EVERY_SECONDS * 1000))
        self.heartbeat.timeout.connect(self._beat)
        self.heartbeat.start()
        self._show_open_visits()

    # --- layout --------------------------------------------------------------------------

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip(" →"))
        button.setToolTip(tip)
        button.setMinimumHeight(48)
        return button

    def _layout(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.pause)
        actions.addWidget(self.undo_button)
        actions.addWidget(self.discard)
        actions.addStretch(1)
        actions.addWidget(self.end)
        heading = QHBoxLayout()
        heading.addWidget(self.header, 1)
        heading.addSpacing(12)
        heading.addWidget(self.timing_as_label)
        heading.addWidget(self.timing_as)
        left = QVBoxLayout()
        left.addWidget(self.load_demo, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.tiles, 1)
        left.addLayout(actions)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.visit_bar)
        layout.addLayout(heading)
        layout.addWidget(self.messages)  # a fixed height: the tiles stay where they are
        layout.addLayout(body, 1)

    def _shortcuts(self) -> None:
        for index, key in enumerate(SHORTCUT_KEYS):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda i=index: self._favourite_key(i))
        bindings: list[tuple[str, Callable[[], object]]] = [
            ("Space", self.pause_or_resume),
            ("Ctrl+Z", self.undo),
            ("Ctrl+E", self.end_visit),
            ("Ctrl+F", self.tiles.search_box.setFocus),
        ]
        for key, action in bindings:
            QShortcut(QKeySequence(key), self).activated.connect(action)

    # --- visits --------------------------------------------------------------------------

    def timer(self) -> VisitTimer | None:
        """The open visit's timer; None when none is open (or it left the board: signed)."""
        timers = {t.visit_id: t for t in self.treatment.timers()}
        return timers.get(self.current_visit_id) if self.current_visit_id is not None else None

    def start_visit(self, patient_id: int, clinician_id: int, discipline: str) -> None:
        if not patient_id:
            self.say(
                "Choose a patient first: type a name or a date of birth, or add a new patient."
            )
            return
        if not clinician_id:
            self.say("Choose the treating clinician first.")
            return
        if not self._second_visit_wanted(patient_id):
            return
        try:
            timer = self.treatment.start_visit(patient_id, clinician_id, Discipline(discipline))
        except UserError as error:
            self.say(error.message)
            return
        self.show_visit(timer.visit_id)

    def _second_visit_wanted(self, patient_id: int) -> bool:
        """A patient already seen today: opening that visit is offered first, since a second
        visit the same day is usually a double tap on Start."""
        today = self.treatment.same_day_visits(patient_id)
        if not today:
            return True
        existing = today[-1]
        started = existing.visit.intervals[0].start if existing.visit.intervals else None
        at = f", started {started.astimezone(self.clinic.tz):%H:%M}" if started else ""
        answer = self.ask_same_day(
            f"{existing.patient} already has a visit today ({existing.clinician}, "
            f"{existing.visit.status.value}{at}). Open the existing visit, or start a second "
            "one?"
        )
        if answer == "open":
            self.open_existing(existing)
        return answer == "second"

    def _ask_same_day(self, question: str) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, "A visit today already", question,
                          parent=self)  # fmt: skip
        box.setTextFormat(Qt.TextFormat.PlainText)  # it names the patient
        existing = box.addButton("Open the existing visit", QMessageBox.ButtonRole.AcceptRole)
        second = box.addButton("Start a second visit", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(existing)
        box.exec()
        clicked = box.clickedButton()
        return "open" if clicked is existing else "second" if clicked is second else None

    def open_existing(self, day_visit: DayVisit) -> None:
        """A visit of today: an open one comes to the screen, the others to the review."""
        visit = day_visit.visit
        if visit.status is VisitStatus.OPEN:
            self.treatment.open_visit(visit.id)
            self.show_visit(visit.id)
            return
        if visit.status is VisitStatus.FINISHED:
            self.treatment.open_visit(visit.id)
        self.review(visit.id)

    def discard_visit(self) -> None:
        """The open visit, started by mistake and with nothing timed, removed with a reason."""
        timer = self.timer()
        if timer is None:
            self.say("No visit is open.")
            return
        reason = self.ask_discard_reason()
        if reason is None:
            return
        try:
            self.treatment.discard(timer.visit_id, reason)
        except UserError as error:
            self.say(error.message)
            return
        self.current_visit_id = None
        self._show_open_visits()
        self.refresh()

    def _ask_discard_reason(self) -> str | None:
        reason, ok = QInputDialog.getText(
            self, "Discard visit", "Why is this visit discarded? (kept in the audit log)"
        )
        return reason if ok else None

    def _chip_tapped(self, index: int) -> None:
        if self.signed is not None and index >= 0:
            self.show_visit(int(self.visit_bar.visits.tabData(index)))

    def show_visit(self, visit_id: int | None) -> None:
        if self.signed is not None and visit_id != self.signed[0]:
            self.signed = None  # the next patient, chosen on purpose
        self.current_visit_id = visit_id
        self._show_open_visits()
        self.refresh()

    def _show_open_visits(self) -> None:
        timers = self.treatment.timers()
        showing_signed = self.signed is not None and self.signed[0] == self.current_visit_id
        if not showing_signed and self.current_visit_id not in {t.visit_id for t in timers}:
            timing = [t for t in timers if t.status is VisitStatus.OPEN]
            chosen = (timing or timers)[-1] if timers else None
            self.current_visit_id = chosen.visit_id if chosen else None
        tabs = [(t.visit_id, self._tab_words(t)) for t in timers]
        self.visit_bar.set_open_visits(tabs, self.current_visit_id)
        self._show_codes()
        self._show_team()

    def _show_team(self) -> None:
        """The open visit's clinicians, its own first; hidden when nobody else may time."""
        timer = self.timer()
        team = self._team(timer.visit_id) if timer else []
        shown = (timer.visit_id if timer else None, len(team))
        if shown == self._team_shown:
            return  # a tap on the same visit: nothing to fill again
        self._team_shown = shown
        self.timing_as.clear()
        for clinician in team:
            self.timing_as.addItem(f"{clinician.name}, {clinician.credentials}", clinician.id)
        if timer is not None:
            chosen = self.timing_for(timer)
            self.timing_as.setCurrentIndex(max(self.timing_as.findData(chosen), 0))
        for widget in (self.timing_as, self.timing_as_label):
            widget.setVisible(len(team) > 1)

    def _team(self, visit_id: int) -> list[Clinician]:
        if visit_id not in self._teams:
            self._teams[visit_id] = self.treatment.team(visit_id)
        return self._teams[visit_id]

    def _running_by(self, timer: VisitTimer) -> dict[str, str]:
        """Code -> who runs it, for the codes another clinician than the visit's runs."""
        team = self._team(timer.visit_id)
        names = {c.id: f"{c.name.split()[0].rstrip(',')} ({c.role.value})" for c in team}
        return {
            i.code: names.get(i.clinician_id, "another clinician")
            for i in timer.running
            if i.clinician_id != timer.clinician_id
        }

    def _timing_as_chosen(self) -> None:
        if self.current_visit_id is not None:
            self._timing_as[self.current_visit_id] = int(self.timing_as.currentData())

    def timing_for(self, timer: VisitTimer) -> int:
        """Who the tiles time for on this visit: the one chosen, else the signed-in
        clinician when they are on its team, else its own clinician."""
        default = timer.clinician_id
        if self.me is not None and self.me in {c.id for c in self._team(timer.visit_id)}:
            default = self.me
        return self._timing_as.get(timer.visit_id, default)

    def use_clinician(self, clinician_id: int | None) -> None:
        """Someone signed in: visits start with, and the tiles time for, their clinician."""
        self.me = clinician_id
        self._timing_as.clear()
        if clinician_id is not None:
            self.visit_bar.choose_clinician(clinician_id)
        self._team_shown = None
        self._show_team()

    def _tab_words(self, timer: VisitTimer) -> str:
        running = [i.code for i in timer.running]
        state = f"▶ {', '.join(running)}" if running else timer.status.value
        return f"{self._patient_name(timer.visit_id)} · {state}"

    def _favourites(self, timer: VisitTimer) -> tuple[str, ...]:
        return self.treatment.favourites(timer)

    def _show_codes(self) -> None:
        timer = self.timer()
        if timer is None:
            self.tiles.show_codes((), ())
            return
        timed = [i.code for i in timer.intervals]
        self.tiles.show_codes(
            self._favourites(timer), [*timed, *self._added.get(timer.visit_id, [])]
        )

    # --- commands ------------------------------------------------------------------------

    def run(self, command: Command) -> bool:
        """One timer command on the open visit; a refusal is shown in words, nothing changes."""
        return self._act(lambda visit_id: self.treatment.run(visit_id, command)) is not None

    def _act(self, action: Callable[[int], Decision]) -> Decision | None:
        """An action of the treatment service on the open visit, then the screen repainted;
        a refusal is said in words (after the repaint: a visit changed elsewhere was read
        again) and changes nothing."""
        if self.current_visit_id is None:
            self.say("Start a visit first: choose the patient and press Start visit.")
            return None
        try:
            decision = action(self.current_visit_id)
        except UserError as error:
            self._show_open_visits()
            self.refresh()
            self.say(error.message)
            return None
        self._drop(self.banner)
        self._drop(self.note)
        self._show_open_visits()
        self.refresh()
        return decision

    def tap(self, code: str) -> None:
        if self.current_visit_id is not None and code not in self.tiles.codes():
            self._added.setdefault(self.current_visit_id, []).append(code)
        self.run(lambda timer: timer.toggle(code, self.timing_for(timer)))

    def _favourite_key(self, index: int) -> None:
        timer = self.timer()
        favourites = self._favourites(timer) if timer else ()
        if index < len(favourites):
            self.tap(favourites[index])

    def pause_or_resume(self) -> None:
        self._act(self.treatment.pause_or_resume)

    def undo(self) -> None:
        """Take back the last action and say what it was (undoing a pause bills the break:
        the words say so)."""
        decision = self._act(lambda visit_id: self.treatment.run(visit_id, lambda t: t.undo()))
        if decision is not None and decision.words:
            self.note.setText(decision.words)
            self.note.show()
            self._noted_in = self._timing_state()
            self._hide_note.start()
            self.messages.settle()
            self.messages.bring(self.note)

    def end_visit(self) -> None:
        timer = self.timer()
        if timer is None and self.signed is not None:
            self.review(self.signed[0])  # read-only, with Amend…
            return
        if timer is None:
            self.say("No visit is open.")
            return
        if timer.status is VisitStatus.OPEN and not self.run(lambda t: t.end_visit()):
            return
        self.review(timer.visit_id)

    def open_day_visit(self) -> None:
        """Any visit of today: an open one comes to the screen, the others to the review."""
        dialog = DayVisitsDialog(self.treatment, self.treatment.today(), self)
        if not dialog.exec() or dialog.chosen_visit_id is None:
            return
        visit = self.treatment.visit(dialog.chosen_visit_id)
        self.open_existing(DayVisit(visit, "", ""))

    def fill_demo(self) -> None:
        """First run: a demo clinic to try the program with (an empty database only)."""
        try:
            self.clinic.fill_demo()
        except UserError as error:
            self.say(error.message)
            return
        self._show_open_visits()
        self.refresh()

    def review(self, visit_id: int) -> None:
        dialog = ReviewDialog(self.treatment, visit_id, self, plans=self.clinic.plan_of_care)
        dialog.exec()
        self._forget_reminders(visit_id)  # its place, or its progress report, may be set
        if dialog.signed:
            self._stay_on_signed(visit_id)
        if dialog.amended_visit_id is not None:
            self.signed = None
            self.current_visit_id = dialog.amended_visit_id
        self._show_open_visits()
        self.refresh()

    def _stay_on_signed(self, visit_id: int) -> None:
        """The signed visit stays in front, read-only, with who signed it and when: the
        next patient is chosen on purpose, never jumped to."""
        visit = self.treatment.visit(visit_id)
        signer = self.treatment.clinician(visit.signed_by) if visit.signed_by else None
        at = visit.signed_at.astimezone(self.clinic.tz) if visit.signed_at else None
        who = f"Signed by {signer.name} at {at:%H:%M}" if signer and at else "Signed"
        self.signed = (visit_id, who)
        self.current_visit_id = visit_id
        self._signed_figures = self._figures_of_signed(visit_id, who)

    def _figures_of_signed(self, visit_id: int, who: str) -> HeaderFigures:
        """The signed visit as it was signed: read once, it no longer changes here."""
        visit = self.treatment.visit(visit_id)
        heading = self.treatment.heading(visit_id)
        timed = {c for c in dict.fromkeys(i.code for i in visit.intervals)
                 if c in self.catalog and self.catalog[c].is_timed}  # fmt: skip
        seconds = sum(s for code, s in visit.code_seconds() if code in timed)
        billed = sum(line[3] for line in visit.signed_lines if line[0] in timed)
        first = min((i.start for i in visit.intervals), default=None)
        started = VisitDay(visit.date, self.clinic.tz).clock_time(first) if first else ""
        return HeaderFigures(
            f"✔ {heading.patient}: visit signed",
            f"{who}. {heading.clinician} · {heading.payer}"
            + (f" · started {started}" if started else "")
            + ". Read-only: choose the next patient above (or an open visit) to go on.",
            seconds,
            billed if visit.signed_lines else None,
        )

    def toggle_favourite(self, code: str) -> None:
        timer = self.timer()
        if timer is None:
            return
        favourites = list(self._favourites(timer))
        favourites = (
            [c for c in favourites if c != code] if code in favourites else [*favourites, code]
        )
        try:
            self.treatment.set_favourites(timer.clinician_id, favourites)
        except UserError as error:
            self.say(error.message)
        self._show_codes()
        self.refresh()

    def fix_interval(self, interval: Interval) -> None:
        timer = self.timer()
        if timer is None:
            return

        def save(
            start: datetime | None, end: datetime | None, code: str | None, reason: str
        ) -> None:
            self.treatment.run(
                timer.visit_id,
                lambda t: t.edit_interval(
                    interval.id, start=start, end=end, code=code, reason=reason
                ),
            )

        def recode(ids: Sequence[str], code: str, reason: str) -> None:
            self.treatment.recode(timer.visit_id, ids, code, reason)

        others = [i for i in timer.intervals if i.id != interval.id and not i.running]
        dialog = IntervalDialog(
            interval, timer.day.day, self.clinic.tz, self.catalog, save, self,
            others=others, recode=recode,
        )  # fmt: skip
        if dialog.exec():
            self._show_open_visits()
            self.refresh()
            if dialog.outcome:
                self.say(dialog.outcome)

    # --- painting --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Repaint from the engine's figures; decides nothing."""
        timer = self.timer()
        signed = self.signed is not None and self.signed[0] == self.current_visit_id
        if timer is None and self.current_visit_id is not None and not signed:
            self._show_open_visits()  # the visit left the board (signed elsewhere)
            timer = self.timer()
        snapshot = timer.snapshot() if timer else None
        self._paint_header(timer, snapshot)
        self.tiles.update_figures(self._tile_figures(timer, snapshot))
        rows = [(i, timer.elapsed_ms(i) // 1000) for i in timer.intervals] if timer else []
        self.panel.show_snapshot(snapshot, rows)
        timing = timer is not None and timer.status is VisitStatus.OPEN
        self.tiles.setEnabled(timing)
        self.pause.setEnabled(timing)
        self.pause.setText(
            "Resume" if timer and not timer.running and timer.paused else "Pause all"
        )
        self.undo_button.setEnabled(bool(timer and timer.can_undo))
        self.discard.setVisible(bool(timing and timer and not timer.intervals))
        self.end.setEnabled(timer is not None or signed)
        self.end.setText(
            "Open the signed visit" if signed
            else "Review and sign →" if timer and not timing
            else "End visit and review →"
        )  # fmt: skip
        self._paint_messages()

    def _paint_header(self, timer: VisitTimer | None, snapshot: VisitSnapshot | None) -> None:
        first_run = timer is None and self._first_run
        self.load_demo.setVisible(first_run)
        if first_run:
            figures = HeaderFigures(
                "Welcome", "No clinic is set up yet: add your clinicians and payers in Clinic "
                "set-up, or load the demo clinic to try the program.",
            )  # fmt: skip
        elif timer is None and self.signed is not None and self._signed_figures is not None:
            figures = self._signed_figures
        elif timer is None:
            figures = HeaderFigures(
                "No visit open", "Choose a patient above and press Start visit."
            )
        else:
            figures = self._visit_figures(timer, snapshot)
        self.header.show_figures(figures)

    def _visit_figures(self, timer: VisitTimer, snapshot: VisitSnapshot | None) -> HeaderFigures:
        """Who, for whom, under which payer, since when; the timed clock and, when the
        codes' dropped seconds make them fewer, the minutes it bills."""
        heading = self._heading(timer.visit_id)
        status = "" if timer.status is VisitStatus.OPEN else f" — {timer.status.value}"
        first = min((i.start for i in timer.intervals), default=None)
        started = f"started {timer.day.clock_time(first)}" if first else "not started yet"
        details = f"{heading.clinician} · {heading.payer} · {started}"
        codes = snapshot.codes if snapshot else ()
        seconds = sum(c.elapsed_seconds for c in codes if c.timed)
        billed = snapshot.total_timed_minutes if snapshot and snapshot.billing else None
        return HeaderFigures(f"{heading.patient}{status}", details, seconds, billed)

    def _heading(self, visit_id: int) -> VisitHeading:
        if visit_id not in self._headings:
            self._headings[visit_id] = self.treatment.heading(visit_id)
        return self._headings[visit_id]

    def _patient_name(self, visit_id: int) -> str:
        if visit_id not in self._patient_names:
            self._patient_names[visit_id] = self.treatment.patient_of(visit_id).name
        return self._patient_names[visit_id]

    def _tile_figures(
        self, timer: VisitTimer | None, snapshot: VisitSnapshot | None
    ) -> dict[str, TileFigures]:
        if timer is None or snapshot is None:
            return {}
        paused = set(snapshot.paused)
        shortcut = self.tiles.shortcut_for
        running_by = self._running_by(timer)
        return {
            f.code: TileFigures(
                code=f.code,
                tile=f.tile,
                timed=f.timed,
                running=f.running,
                paused=f.code in paused and not f.running,
                elapsed_seconds=f.elapsed_seconds,
                units=f.units,
                seconds_to_next_unit=f.seconds_to_next_unit,
                shortcut=shortcut(f.code),
                running_by=running_by.get(f.code, ""),
            )
            for f in snapshot.codes
        }

    def _paint_messages(self) -> None:
        """Each message recomputed from the state: a warning shows while it holds, a
        refusal or an undo's words while the timing is as it was when they were said."""
        state = self._timing_state()
        if self.banner.isVisibleTo(self) and self._said_in != state:
            self.banner.hide()
        if self.note.isVisibleTo(self) and self._noted_in != state:
            self.note.hide()
        warnings = self.treatment.live_warnings()
        text = "\n".join(f"⚠ {w.message}" for w in warnings)
        if text != self.concurrent.text():
            self.concurrent.setText(text)
        if self.concurrent.isVisibleTo(self) != bool(warnings):
            self.concurrent.setVisible(bool(warnings))
        self.reminders.show_reminders(self._reminders_of(self.timer()))
        self.messages.settle()

    def _reminders_of(self, timer: VisitTimer | None) -> list[Reminder]:
        """The plan-of-care reminders of the visit on the screen (none for a signed one),
        read once per visit and day: the repaint only looks them up."""
        if timer is None:
            return []
        key = (timer.visit_id, self.treatment.today())
        if key not in self._plan_reminders:
            try:
                found = self.clinic.plan_of_care.reminders(timer.visit_id)
            except UserError as error:
                self.say(error.message)
                found = []
            self._plan_reminders[key] = found
        return self._plan_reminders[key]

    def _forget_reminders(self, visit_id: int | None = None) -> None:
        """Read again at the next repaint: every visit's, or one visit's."""
        for key in [k for k in self._plan_reminders if visit_id in (None, k[0])]:
            del self._plan_reminders[key]

    def _timing_state(self) -> object:
        """What a message about the timing depends on: the visit shown, and every open
        visit's status and running intervals (cheap: read from the timers in memory)."""
        return (
            self.current_visit_id,
            tuple(
                (t.visit_id, t.status, tuple(i.id for i in t.running), t.paused)
                for t in self.treatment.timers()
            ),
        )

    def _drop(self, message: QLabel) -> None:
        if message.isVisibleTo(self):
            message.hide()
            self.messages.settle()

    def stop_timers(self) -> None:
        """The window is closing: no more repaints or heartbeats."""
        self.repaint_timer.stop()
        self.heartbeat.stop()

    def show_pending(self, text: str) -> None:
        """What still waits for a recovery answer ("" when nothing does), shown in the
        message area with its Decide… button until answered."""
        if text != self.pending.text():
            self.pending.setText(text)
        if self.pending_row.isVisibleTo(self) != bool(text):
            self.pending_row.setVisible(bool(text))
        self.messages.settle()

    def say(self, message: str) -> None:
        """A message in the clinic's words, shown in the message area until the next
        success, until the timing moves on, or for SAID_MS."""
        self.banner.setText(message)
        self.banner.show()
        self._said_in = self._timing_state()
        self._hide_banner.start()
        self.messages.settle()
        self.messages.bring(self.banner)

    def _beat(self) -> None:
        try:
            self.treatment.beat()
        except UserError as error:
            self.say(error.message)

    # --- what other screens changed ----------------------------------------------------------

    def _records_changed(self, event: RecordsChanged) -> None:
        """Clinic set-up (or the demo) changed who, whom or which codes: show it now."""
        everything = event.what is Records.EVERYTHING
        if everything or event.what in (Records.CLINICIANS, Records.PATIENTS, Records.PAYERS):
            self._first_run = self.clinic.is_empty()
            self._patient_names.clear()
            self._headings.clear()
            self._forget_reminders()  # a plan of care or an authorization saved
            self._teams.clear()
            self._team_shown = None
            self.visit_bar.reload()
        if everything or event.what is Records.CODES:
            self.catalog = self.treatment.catalog()
            self.tiles.set_catalog(self.catalog)
            self.panel.model.set_catalog(self.catalog)
        self._show_open_visits()
        self.refresh()

    def _visit_changed(self, event: VisitChanged) -> None:
        """A visit opened, signed or amended elsewhere: the open-visit tabs follow (and the
        reminders, since a visit signed counts toward a plan's treatment days)."""
        if event.what not in (VisitEvent.TIMED, VisitEvent.PAID):
            self._forget_reminders()
        if event.what in OTHERS:
            self._show_open_visits()
            self.refresh()
