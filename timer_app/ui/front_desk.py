"""The front desk: the day's visits, their superbills printed or saved in one go, billed.

FrontDeskView(clinic, settings=None). Layout and wiring only: which visits, their
superbills and the refusal of unsigned ones come from `timer_app.clinic.front_desk`. The
list follows what the treatment rooms do (a signature, a new visit) by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic import ClinicServices, Records, RecordsChanged
from timer_app.clinic.front_desk import (
    DeskVisit,
    StatusChoice,
    SuperbillBatch,
    Totals,
    refusal,
    totals,
)
from timer_app.dates import current_style
from timer_app.errors import UserError
from timer_app.records.people import Permission
from timer_app.session.model import VisitStatus
from timer_app.superbill.money import format_cents
from timer_app.superbill.render import PaperSize, print_superbills, write_pdf
from timer_app.ui import front_desk_output as output
from timer_app.ui.clinic_signals import ClinicSignals
from timer_app.ui.due_list_dialog import DueListDialog
from timer_app.ui.elsewhere_dialog import ElsewhereDialog
from timer_app.ui.front_desk_model import VisitListModel
from timer_app.ui.patient_history_dialog import PatientHistoryDialog
from timer_app.ui.payer_dialog import PayerDialog
from timer_app.ui.payments_dialog import PaymentsDialog
from timer_app.ui.reports_day_sheet import day_sheet_button
from timer_app.ui.sign_in import offer
from timer_app.ui.theme import COLORS
from timer_app.ui.time_record_output import save_time_record
from timer_app.ui.widgets import ask_yes, button, label

PAPER_KEY = "front_desk/paper"
PAPER_NAMES = {PaperSize.LETTER: "US Letter", PaperSize.A4: "A4"}
DONE_STYLE = (  # the theme's banner shape, in the running-green of "all went well"
    f"background: #e7f4ec; border: 1px solid {COLORS['running']}; border-radius: 6px; padding: 8px;"
)


def _combo(name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(tip)
    return combo


def _date_edit(name: str, tip: str, day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(f"ddd {current_style().qt_pattern}")
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    return edit


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class FrontDeskView(QWidget):
    """Visits by date range, clinician and status; print, save as PDF or mark billed."""

    def __init__(
        self,
        clinic: ClinicServices,
        settings: QSettings | None = None,
        signals: ClinicSignals | None = None,
    ) -> None:
        super().__init__()
        self.desk = clinic.front_desk
        self.reports = clinic.reports  # the day sheet
        self.plans = clinic.plan_of_care
        # the window's way to a patient's plan of care in set-up (None: the list only shows)
        self.open_plan: Callable[[int], None] | None = None
        self.access = clinic.access
        self.today = clinic.treatment.today
        self.settings = settings
        self.model = VisitListModel()
        self._just_billed: list[int] = []  # what Undo returns to signed
        self.last_batch: output.BatchProgress | None = None  # for the tests' timing
        # Changes from the other areas come in bursts (a tap, a signature): one listing
        # after them, and none at all while the front desk is not on screen.
        self._stale = False
        self._refresh_soon = QTimer(self, singleShot=True, interval=0)
        self._refresh_soon.timeout.connect(self._refresh_keeping_selection)
        self.signals = signals or ClinicSignals(clinic.events, self)
        self.signals.visit_changed.connect(self._changed_elsewhere)
        self.signals.records_changed.connect(self._records_changed)
        self._build_filters(self.today())
        self._build_table()
        self._build_actions()
        self._lay_out()
        self.offer(self.access.can)
        self.refresh()

    def offer(self, can: Callable[[Permission], bool]) -> None:
        """Each action only for who may: otherwise disabled, its tip saying who may."""
        for action, permission in (
            (self.bill_button, Permission.MARK_BILLED), (self.pdf_button, Permission.PRINT),
            (self.print_button, Permission.PRINT), (self.payment_button, Permission.PAYMENTS),
            (self.elsewhere_button, Permission.PAYMENTS),
        ):  # fmt: skip
            offer(action, can(permission), permission)

    # --- building ----------------------------------------------------------------------------

    def _build_filters(self, today: date) -> None:
        self.start = _date_edit("From date", "First day of service to list", today)
        self.end = _date_edit("To date", "Last day of service to list (inclusive)", today)
        self.clinician = _combo("Clinician", "Only this clinician's visits")
        self.status = _combo("Status", "Signed visits can be printed and billed")
        for choice in StatusChoice:
            self.status.addItem(choice.value, choice)
        self.today_button = button("Today", "List today's visits again", "")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Patient name or date of birth")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.setAccessibleName("Find a patient")
        self.search.setToolTip(
            f"Only this patient's visits: words of the name, or the date of birth "
            f"({current_style().value})"
        )
        self.search.textChanged.connect(self._search)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self.refresh)
        self.clinician.currentIndexChanged.connect(self.refresh)
        self.status.currentIndexChanged.connect(self.refresh)
        self.today_button.clicked.connect(self.show_today)
        self._fill_clinicians()

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)  # a header click sorts; a third one unsorts
        header = self.table.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # by date, as listed
        self.table.setAccessibleName("Visits")
        self.table.setToolTip("Select visits (Ctrl+A for all, Ctrl or Shift to add)")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (3, 4):  # clinician and payer: elided, whole in the tooltip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 140)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().selectionChanged.connect(self._show_totals)
        self.table.doubleClicked.connect(self._history_at)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.totals = label("", "caption", wrap=True)
        self.totals.setAccessibleName("Totals")
        self.selection_totals = label("", "caption")  # one line; said only for a selection
        self.selection_totals.setAccessibleName("Selected totals")

    def _build_actions(self) -> None:
        self.paper = _combo("Paper size", "Paper the superbills are laid out for")
        for paper, name in PAPER_NAMES.items():
            self.paper.addItem(name, paper)
        self.paper.setCurrentIndex(self.paper.findData(self._saved_paper()))
        self.paper.currentIndexChanged.connect(self._save_paper)
        self.bill_button = button(
            "Mark billed", "Record that the selected signed visits were sent to the payer", ""
        )
        self.pdf_button = button(
            "Save as PDF…", "One PDF with a page per selected visit (Ctrl+S)", ""
        )
        self.print_button = button(
            "Print…", "Print a superbill per selected visit (Ctrl+P)", "primary"
        )
        self.payment_button = button(
            "Record payment…",
            "The selected visit's payments: record one (date, amount, method, who paid), void "
            "one, print or save a receipt",
        )
        self.payment_button.clicked.connect(self.record_payment)
        self.history_button = button(
            "Patient history…",
            "Every visit of the selected visit's patient with charged, paid and balance "
            "(or double-click a visit)",
        )
        self.history_button.clicked.connect(self.patient_history)
        self.elsewhere_button = button(
            "Billed elsewhere…",
            "Therapy other providers billed the selected visit's patient this year: it counts "
            "toward Medicare's KX threshold",
        )
        self.elsewhere_button.clicked.connect(self.edit_elsewhere)
        self.bill_button.clicked.connect(self.mark_billed)
        self.undo_button = button(
            "Undo", "Return the visits just marked billed to signed (recorded in the audit log)"
        )
        self.undo_button.clicked.connect(self.undo_billed)
        self.undo_button.hide()
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_selected)
        for keys, slot in ((QKeySequence.StandardKey.Print, self.print_selected),
                           (QKeySequence.StandardKey.Save, self.save_pdf)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Problem")
        self.notice = label("", "", wrap=True)
        self.notice.setStyleSheet(DONE_STYLE)
        self.notice.setAccessibleName("Done")
        self.problem.hide()
        self.notice.hide()
        self.source_note = label("", "banner_warning", wrap=True)
        self.source_note.setAccessibleName("Where the visits come from")
        self.source_note.hide()
        self.refused = label("", "banner_warning", wrap=True)
        self.refused.setAccessibleName("Amendments refused by the clinic server")
        self.refused_button = button(
            "Looked at both", "The refused amendments leave this list (the visits stay as they are)"
        )
        self.refused_button.clicked.connect(self.settle_refused)
        self.refused_bar = QWidget()
        bar = QHBoxLayout(self.refused_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.refused, 1)
        bar.addWidget(self.refused_button)
        self.refused_bar.hide()
        self._refused_ids: list[int] = []

    def set_source_note(self, text: str) -> None:
        """Say, above the list, that it is not the clinic server's (empty: it is)."""
        self.source_note.setText(text)
        self.source_note.setVisible(bool(text))

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for text, widget in (("From", self.start), ("To", self.end),
                             ("Clinician", self.clinician), ("Status", self.status)):  # fmt: skip
            caption = QLabel(text)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.today_button)
        filters.addStretch(1)
        find = QHBoxLayout()
        caption = QLabel("Find patient")
        caption.setBuddy(self.search)
        find.addWidget(caption)
        find.addWidget(self.search)
        find.addStretch(1)
        self.due_button = button("Plan-of-care due…", "Patients whose plan of care needs a "
                                 "recertification or a progress report, the overdue first", "")
        self.due_button.clicked.connect(self.plans_due)
        find.addWidget(self.due_button)
        self.day_sheet_button = day_sheet_button(self, self.reports, lambda: _day(self.start))
        find.addWidget(self.day_sheet_button)
        sums = QHBoxLayout()
        sums.addWidget(self.totals, 1)
        sums.addWidget(self.selection_totals)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Paper"))
        actions.addWidget(self.paper)
        actions.addStretch(1)
        for action in (self.history_button, self.elsewhere_button, self.payment_button,
                       self.bill_button, self.pdf_button, self.print_button):  # fmt: skip
            actions.addWidget(action)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Front desk: superbills", "figure"))
        layout.addWidget(self.source_note)
        layout.addWidget(self.refused_bar)
        layout.addLayout(filters)
        layout.addLayout(find)
        layout.addWidget(self.table, 1)
        layout.addLayout(sums)
        layout.addWidget(self.problem)
        done = QHBoxLayout()
        done.addWidget(self.notice, 1)
        done.addWidget(self.undo_button)
        layout.addLayout(done)
        layout.addLayout(actions)

    # --- reading -----------------------------------------------------------------------------

    def _fill_clinicians(self) -> None:
        chosen = self.clinician.currentData()
        self.clinician.blockSignals(True)
        self.clinician.clear()
        self.clinician.addItem("All clinicians", None)
        for clinician in self.desk.clinicians():
            self.clinician.addItem(f"{clinician.name}, {clinician.credentials}", clinician.id)
        self.clinician.setCurrentIndex(max(self.clinician.findData(chosen), 0))
        self.clinician.blockSignals(False)

    def show_today(self) -> None:
        today = self.today()
        qdate = QDate(today.year, today.month, today.day)
        self.start.setDate(qdate)
        self.end.setDate(qdate)

    def refresh(self) -> None:
        """List the visits the filters ask for (the selection is cleared)."""
        self._stale = False
        self._refresh_soon.stop()  # this listing is the one it would have made
        self.problem.hide()
        try:
            visits = self.desk.visits(
                _day(self.start), _day(self.end), clinician_id=self.clinician.currentData(),
                status=StatusChoice(self.status.currentData()),
            )  # fmt: skip
        except UserError as error:
            self.model.set_visits([])
            self.say_problem(error.message)
        else:
            self.model.set_visits(visits)
        self._show_totals()
        self._show_refused()

    def _show_refused(self) -> None:
        """The clinic server's refused amendments, for a person to look at both versions."""
        try:
            refused = self.desk.refused_amendments()
        except UserError:
            refused = []
        self._refused_ids = [conflict_id for conflict_id, _ in refused]
        self.refused.setText("\n".join(f"⚠ {words}" for _, words in refused))
        self.refused_bar.setVisible(bool(refused))

    def settle_refused(self) -> None:
        try:
            self.desk.settle_refused(self._refused_ids)
        except UserError as error:
            self.say_problem(error.message)
            return
        self._show_refused()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """What changed while another area was on screen is listed on the way in."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _refresh_keeping_selection(self) -> None:
        chosen = {item.visit.id for item in self.selected()}
        self.refresh()
        for row, item in enumerate(self.model.visits()):
            if item.visit.id in chosen:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def _changed_elsewhere(self, *_: object) -> None:
        """A visit changed (timed, signed, billed, paid): list again once things settle."""
        self._stale = True
        if self.isVisible():
            self._refresh_soon.start()

    def _records_changed(self, event: RecordsChanged) -> None:
        if event.what in (Records.CLINICIANS, Records.EVERYTHING):
            self._fill_clinicians()
        if event.what in (Records.CLINIC, Records.EVERYTHING):  # the clinic's date style
            for edit in (self.start, self.end):
                edit.setDisplayFormat(f"ddd {current_style().qt_pattern}")
        self._changed_elsewhere()

    def selected(self) -> list[DeskVisit]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.visit_at(row) for row in rows]

    def _search(self, text: str) -> None:
        self.model.search(text)
        self._show_totals()

    def _show_totals(self) -> None:
        listed = totals(self.model.visits())
        signed = sum(1 for item in self.model.visits() if item.final)
        self.totals.setText(
            f"{listed.visits} visits ({signed} signed or billed) · {listed.lines} lines · "
            f"{listed.units} units · {listed.timed_minutes} timed minutes · {_money(listed)}"
        )
        chosen = totals(self.selected())
        self.selection_totals.setText(
            f"Selected: {chosen.visits} visits · {chosen.units} units · {_money(chosen)}"
        )
        self.selection_totals.setVisible(chosen.visits > 0)

    # --- paper -------------------------------------------------------------------------------

    def paper_size(self) -> PaperSize:
        return PaperSize(self.paper.currentData())

    def _saved_paper(self) -> PaperSize:
        text = str(self.settings.value(PAPER_KEY, "")) if self.settings is not None else ""
        return PaperSize(text) if text in set(PaperSize) else PaperSize.LETTER

    def _save_paper(self) -> None:
        if self.settings is not None:
            self.settings.setValue(PAPER_KEY, self.paper_size().value)

    # --- actions -----------------------------------------------------------------------------

    def say_problem(self, message: str) -> None:
        self.notice.hide()
        self.undo_button.hide()
        self.problem.setText(message)
        self.problem.show()

    def say_done(self, message: str) -> None:
        self.problem.hide()
        self.undo_button.hide()
        self.notice.setText(message)
        self.notice.show()

    def _batch(self) -> SuperbillBatch | None:
        """The selection's superbills (a visit that cannot be billed left out, with its
        reason), or None after saying why there are none."""
        try:
            made = self.desk.batch(self.selected())
        except UserError as error:
            self.say_problem(error.message)
            return None
        if not made.bills:
            self.say_problem(f"Nothing was made: no selected visit can be billed.\n"
                             f"{made.skipped_words()}")  # fmt: skip
            return None
        return made

    def _run(self, what: str, made: SuperbillBatch, batch: output.Batch) -> bool | None:
        """Run a batch under a progress window; None after saying what went wrong."""
        progress = output.BatchProgress(self, what, len(made.bills))
        self.last_batch = progress
        try:
            return progress.run(batch)
        except UserError as error:
            self.say_problem(error.message)
            return None
        finally:
            # back to the list (the progress window had it), so Ctrl+P / Ctrl+S work again
            self.window().activateWindow()
            self.table.setFocus()

    def save_pdf(self) -> None:
        made = self._batch()
        if made is None:
            return
        path = output.choose_pdf_path(self, self._suggested_file())
        if path is None:
            return
        paper, bills = self.paper_size(), made.bills
        done = self._run("Saving", made, lambda p: write_pdf(bills, path, paper, p))
        if done:
            self.desk.disclosed(made.visits, f"saved as PDF {path.name}")
        self._report(done, made, f"Saved {_count(made)} to {path}.", "No file was saved.")

    def print_selected(self) -> None:
        if not output.printers_installed():
            self._offer_pdf_instead()
            return
        made = self._batch()
        if made is None:
            return
        printer = output.choose_printer(self, self.paper_size())
        if printer is None:
            return
        bills = made.bills
        done = self._run("Printing", made, lambda p: print_superbills(bills, printer, None, p))
        if done:
            self.desk.disclosed(made.visits, "printed")
        where = printer.printerName() or printer.outputFileName() or "the printer"
        self._report(
            done, made, f"Sent {_count(made)} to {where}.",
            "Printing was cancelled; pages already sent may still come out.",
        )  # fmt: skip

    def confirm(self, title: str, question: str) -> bool:
        """A yes/no question (tests replace this)."""
        return ask_yes(self, title, question)

    def _offer_pdf_instead(self) -> None:
        """No printer on this computer: say so, and offer the PDF the desk can print later."""
        if self.confirm(
            "No printer",
            "No printer is installed on this computer, so nothing can be printed here. "
            "Save the superbills as a PDF instead (to print from another computer or send)?",
        ):
            self.save_pdf()
        else:
            self.say_problem("Nothing was printed: no printer is installed on this computer.")

    def _report(
        self, done: bool | None, made: SuperbillBatch, finished: str, cancelled: str
    ) -> None:
        skipped = f"\n{made.skipped_words()}" if made.skipped and done is not None else ""
        if done is True:
            self.say_done(f"{finished}{skipped}")
        elif done is False:
            self.say_done(f"Cancelled. {cancelled}{skipped}")

    def open_payments(self, item: DeskVisit) -> bool:
        """The visit's payments dialog; True when a payment was recorded or voided (tests
        replace this)."""
        dialog = PaymentsDialog(self.desk, item, self.paper_size(), self)
        dialog.exec()
        return dialog.changed

    def record_payment(self) -> None:
        items = self.selected()
        if len(items) != 1:
            self.say_problem("Select one visit to record what was paid for it.")
            return
        if not self.open_payments(items[0]):
            return
        self.refresh()
        self._select_visit(items[0].visit.id)  # the desk may print its superbill next
        now = self.desk.visit(items[0].visit.id)
        balance = (
            "" if now.balance_cents is None else (f", balance {format_cents(now.balance_cents)}")
        )
        self.say_done(
            f"Payments of {now.label} saved: paid {format_cents(now.paid_cents)}{balance}."
        )

    def open_history(self, item: DeskVisit) -> bool:
        """The patient's visit history; True when a payment changed from it (tests replace
        this)."""
        dialog = PatientHistoryDialog(self.desk, item, self.paper_size(), self)
        dialog.exec()
        return dialog.changed

    def patient_history(self) -> None:
        items = self.selected()
        if len({item.patient.id for item in items}) != 1:
            self.say_problem("Select a visit of the patient whose history you want to see.")
            return
        self._history_of(items[0])

    def _history_at(self, index: QModelIndex) -> None:
        self._history_of(self.model.visit_at(index.row()))

    def _history_of(self, item: DeskVisit) -> None:
        if self.open_history(item):
            self._refresh_keeping_selection()

    def _row_menu(self, at: QPoint) -> None:
        index = self.table.indexAt(at)
        if not index.isValid():
            return
        if index.row() not in {i.row() for i in self.table.selectionModel().selectedRows()}:
            self.table.selectRow(index.row())
        menu = self.row_menu()
        menu.exec(self.table.viewport().mapToGlobal(at))

    def row_menu(self) -> QMenu:
        """What a right-click on a visit offers."""
        menu = QMenu(self)
        history = menu.addAction("Patient history…")
        history.triggered.connect(self.patient_history)
        payments = menu.addAction("Payments…")
        payments.triggered.connect(self.record_payment)
        payments.setEnabled(self.payment_button.isEnabled())
        record = menu.addAction("Treatment time record…")
        record.triggered.connect(self.time_record)
        payer = menu.addAction("Change payer…")
        payer.triggered.connect(self.change_payer)
        payer.setEnabled(self.bill_button.isEnabled())  # the desk's billing, as Mark billed
        return menu

    def open_payer(self, item: DeskVisit) -> bool:
        """The payer dialog; True when a payer was saved (tests replace this)."""
        return PayerDialog(self.desk, item, self).exec() == PayerDialog.DialogCode.Accepted

    def change_payer(self) -> None:
        """Bill the selected signed visit to another payer, without an amendment."""
        items = self.selected()
        if len(items) != 1 or items[0].visit.status is not VisitStatus.SIGNED:
            self.say_problem("Select one signed visit, not yet billed, to change its payer.")
            return
        if not self.open_payer(items[0]):
            return
        self.refresh()
        self._select_visit(items[0].visit.id)
        now = self.desk.visit(items[0].visit.id)
        payer = now.payer.name if now.payer else "self-pay"
        self.say_done(f"{now.label} now bills to {payer}; its superbill says so.")

    def time_record(self) -> None:
        """The selected visit's treatment time record, saved as a PDF."""
        items = self.selected()
        if len(items) != 1:
            self.say_problem("Select one visit to save its treatment time record.")
            return
        said = save_time_record(self, self.desk, items[0], self.paper_size())
        if said is not None:
            (self.say_done if said[0] else self.say_problem)(said[1])

    def open_elsewhere(self, item: DeskVisit) -> bool:
        """The amounts dialog; True when saved (tests replace this)."""
        dialog = ElsewhereDialog(self.desk, item, self)
        return dialog.exec() == ElsewhereDialog.DialogCode.Accepted

    def edit_elsewhere(self) -> None:
        items = self.selected()
        if len(items) != 1:
            self.say_problem("Select one visit: the amounts are kept for its patient and its year.")
            return
        if not self.open_elsewhere(items[0]):
            return
        self.refresh()
        self._select_visit(items[0].visit.id)
        year = items[0].visit.date.year
        self.say_done(
            f"Saved what other providers billed {items[0].patient.name} in {year}; "
            f"their {year} visits are billed with it (KX)."
        )

    def _select_visit(self, visit_id: int) -> None:
        for row, item in enumerate(self.model.visits()):
            if item.visit.id == visit_id:
                self.table.selectRow(row)

    def mark_billed(self) -> None:
        items = self.selected()
        problem = refusal(items, "billed")
        if problem is not None:
            self.say_problem(problem)
            return
        signed = sum(1 for item in items if item.visit.status.value == "signed")
        question = (
            f"Mark {signed} signed visit{'s' if signed != 1 else ''} billed (sent to the "
            "payer)? A billed visit no longer shows as waiting to be billed."
        )
        if signed and not self.confirm("Mark billed", question):
            return
        try:
            changed = self.desk.mark_billed(items)
        except UserError as error:
            self.say_problem(error.message)
            return
        already = len(items) - changed
        self.refresh()
        note = f" {already} {'was' if already == 1 else 'were'} already billed." if already else ""
        self.say_done(f"Marked {changed} visit{'s' if changed != 1 else ''} billed.{note}")
        self._just_billed = [i.visit.id for i in items if i.visit.status.value == "signed"]
        self.undo_button.setVisible(bool(self._just_billed))

    def undo_billed(self) -> None:
        """Right after Mark billed: those visits back to signed, in the audit log."""
        try:
            undone = self.desk.undo_billed(self._just_billed)
        except UserError as error:
            self.say_problem(error.message)
            return
        self._just_billed = []
        self.refresh()
        self.say_done(f"Undone: {undone} visit{'s' if undone != 1 else ''} back to signed.")

    def plans_due(self) -> None:
        """The plans of care that need something today, overdue first."""
        DueListDialog(self.plans, self.today(), self, self.open_plan).exec()

    def _suggested_file(self) -> Path:
        start, end = _day(self.start), _day(self.end)
        days = start.isoformat() if start == end else f"{start.isoformat()}_to_{end.isoformat()}"
        return Path.home() / f"superbills-{days}.pdf"


def _count(made: SuperbillBatch) -> str:
    count = len(made.bills)
    return f"{count} superbill{'s' if count != 1 else ''}"


def _money(sums: Totals) -> str:
    return (
        f"charged {format_cents(sums.charged_cents)} · paid {format_cents(sums.paid_cents)} · "
        f"balance {format_cents(sums.balance_cents)}"
    )
