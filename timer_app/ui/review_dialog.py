"""End of visit: the lines, the warnings and the explanation; pick a legal answer; sign.

Where the visit took place (office, telehealth, home), telehealth by telephone only and the
progress report written at it are chosen here and stored at once through the plan-of-care
service (`plans`); a payer's daily unit cap passed is warned. A signed visit opens here
read-only, with "Amend…" (a reason is required).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import VisitBilling
from timer_app.clinic.treatment import ReviewWarning, Treatment
from timer_app.dates import show_date, show_moment
from timer_app.errors import UserError
from timer_app.records import Visit
from timer_app.records.diagnoses import letters, line_pointers
from timer_app.records.model import PLACES_OF_SERVICE, TELEHEALTH_PLACES
from timer_app.records.people import Permission
from timer_app.ui.diagnoses_editor import DiagnosesEditor, DiagnosisSearch
from timer_app.ui.sign_in import ask_signer_pin, offer
from timer_app.ui.visit_header import PlanReminders
from timer_app.ui.widgets import explain, label

if TYPE_CHECKING:
    from timer_app.clinic.plan_of_care import PlanOfCare

COLUMNS = ("Code", "Service", "Minutes", "Units", "Modifiers", "Diagnoses")
POINTER_COLUMN = 5
AskPin = Callable[[str], str | None]  # the question (naming the signer) -> the PIN, or None
PLACE_ORDER = ("11", "02", "10", "12")  # office first: the usual place; then the others known


def place_words(code: str) -> str:
    """'02 · Telehealth (not in patient's home)'."""
    return f"{code} · {PLACES_OF_SERVICE.get(code, 'place of service')}"


class ReviewDialog(QDialog):
    """Result: Accepted when signed (or amended); Rejected to go back to the timer."""

    def __init__(
        self, treatment: Treatment, visit_id: int, parent: QWidget | None = None, *,
        plans: PlanOfCare | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.treatment = treatment
        self.plans = plans  # None: the visit's place and progress report shown, not chosen
        self.visit: Visit = treatment.visit(visit_id)
        self.read_only = self.visit.status.locked
        self.ask_pin: AskPin = lambda question: ask_signer_pin(self, question)
        self.ask_reason: Callable[[], str | None] = self._ask_reason
        self.ask_discard_reason: Callable[[], str | None] = self._ask_discard_reason
        self.amended_visit_id: int | None = None
        self.signed = False  # Accepted by a signature (the screen stays on the signed visit)
        self.discarded = False
        self.acknowledged: dict[str, str] = {}  # warning key -> the signer's reason
        patient = treatment.patient_of(visit_id)
        clinician = treatment.clinician(self.visit.clinician_id)
        self.setWindowTitle(f"Review visit: {patient.name}, {show_date(self.visit.date)}")
        self.resize(980, 760)
        self.header = label(wrap=True, rich=True)  # our markup; every name escaped
        self.header.setText(
            f"<b>{_escape(patient.name)}</b> — {show_date(self.visit.date)} — "
            f"{_escape(clinician.name)}, {_escape(clinician.credentials)} — "
            f"{self.visit.discipline.value} — status: <b>{self.visit.status.value}</b>"
            f"{self._signature_words()}"
        )
        self._details_widgets()
        self.lines = QStandardItemModel(0, len(COLUMNS), self)
        self.lines.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.lines)
        explain(
            self.table, "Claim lines", "Type diagnosis letters in the last column, e.g. A or A,B"
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Legal answers for the tie")
        self.choice.setToolTip("The rule left a choice: any of these is legal")
        self.choice.currentIndexChanged.connect(self._choice_changed)
        self.choice_label = QLabel("The rule left a choice of units:")
        self.shared = QComboBox()
        explain(
            self.shared, "Who keeps the shared minutes",
            "Two clinicians timed one-on-one codes in the same minutes: they are billed once, "
            "under the code picked here",
        )  # fmt: skip
        self.shared.currentIndexChanged.connect(self._shared_changed)
        self.shared_label = QLabel("Minutes timed together are billed under:")
        self.shared_to: tuple[str, ...] = self.visit.shared_minutes_to
        self.warnings = QWidget()
        self.warnings.setAccessibleName("Warnings")
        self.warning_rows = QVBoxLayout(self.warnings)
        self.warning_rows.setContentsMargins(0, 0, 0, 0)
        self.shown_warnings: tuple[ReviewWarning, ...] = ()
        self.cap_warning = ""  # the payer's daily unit cap passed, in words
        self.explanation = QTextBrowser()
        self.explanation.setAccessibleName("Explanation of the units")
        self.diagnoses = DiagnosesEditor(self.visit.diagnoses)
        self.diagnoses.set_read_only(self.read_only)
        self.diagnoses.changed.connect(self._fill_lines)
        self.diagnosis_search = DiagnosisSearch(self.diagnoses)
        self.diagnosis_search.setVisible(not self.read_only)
        self.signer = QComboBox()
        explain(self.signer, "Supervising therapist", "An assistant's visit is signed by the "
                "therapist who supervised it; they are the rendering clinician")  # fmt: skip
        for therapist in treatment.supervisors(visit_id):
            self.signer.addItem(f"{therapist.name}, {therapist.credentials}", therapist.id)
        self.signer_label = QLabel("Signed by the supervising therapist:")
        self.problem = label("", "banner_error", wrap=True)
        self.problem.hide()
        self.back = QPushButton("Back to timer")
        self.back.setToolTip("Open the visit again to time more or fix an interval")
        self.sign = QPushButton("Sign visit")
        self.sign.setObjectName("primary")
        self.sign.setToolTip(
            "The signer types their PIN to sign; afterwards only an amendment changes it"
        )
        self.amend = QPushButton("Amend…")
        self.amend.setToolTip("Make a new version of this signed visit; a reason is required")
        self.close_button = QPushButton("Close")
        self.discard = QPushButton("Discard visit…")
        self.discard.setToolTip(
            "Nothing was timed: remove a visit started by mistake (a reason is kept)"
        )
        for button in (self.back, self.sign, self.amend, self.close_button, self.discard):
            button.setAccessibleName(button.text().rstrip("…"))
        self.back.clicked.connect(self._back_to_timer)
        self.sign.clicked.connect(self._sign)
        self.amend.clicked.connect(self._amend)
        self.close_button.clicked.connect(self.reject)
        self.discard.clicked.connect(self._discard)
        offer(self.amend, treatment.access.can(Permission.SIGN), Permission.SIGN)
        self._layout()
        self.billing: VisitBilling | None = None
        self._bill()
        self._fill_reminders()

    def _signature_words(self) -> str:
        if self.visit.signed_at is None or self.visit.signed_by is None:
            return ""
        signer = self.treatment.clinician(self.visit.signed_by)
        when = show_moment(self.visit.signed_at.astimezone(self.treatment.tz))
        return f" by {_escape(signer.name)}, {_escape(signer.credentials)} on {when}"

    def _details_widgets(self) -> None:
        """The visit's place of service, telehealth by telephone, its progress report; and
        what its plan of care asks (the progress report due at this visit, say)."""
        visit = self.visit
        self.details_editable = self.plans is not None and not self.read_only
        self.place_label = QLabel("Place of service:")
        self.place = QComboBox()
        explain(self.place, "Place of service", "Where the visit took place: it is printed on "
                "the superbill; telehealth (02, 10) adds modifier 95, or 93 by telephone only")
        codes = [*PLACE_ORDER, *(c for c in PLACES_OF_SERVICE if c not in PLACE_ORDER)]
        for code in codes:
            self.place.addItem(place_words(code), code)
        self.place.setCurrentIndex(max(self.place.findData(visit.place_of_service), 0))
        self.place_label.setBuddy(self.place)
        self.audio_only = QCheckBox("By telephone only (audio)")
        explain(self.audio_only, "By telephone only (audio)", "A telehealth visit without "
                "video: its lines carry the payer's audio-only modifier (93) instead of 95")
        self.audio_only.setChecked(visit.audio_only)
        self.progress_report = QCheckBox("This visit includes the progress report")
        explain(self.progress_report, "This visit includes the progress report",
                "The progress report was written at this visit: the count of treatment days "
                "for the next one starts again")  # fmt: skip
        self.progress_report.setChecked(visit.progress_report)
        if self.details_editable:
            self._show_audio_only()
        else:  # said in `details_text`: the controls stay out of sight, never a window
            for widget in (self.place_label, self.place, self.audio_only, self.progress_report):
                widget.setParent(self)
                widget.hide()
        self.place.currentIndexChanged.connect(self._details_changed)
        self.audio_only.toggled.connect(self._details_changed)
        self.progress_report.toggled.connect(self._details_changed)
        self.details_text = label(self._details_words(), wrap=True)
        self.details_text.setAccessibleName("Place of service and progress report")
        self.plan_reminders = PlanReminders()
        self._details_refusal = ""

    def _fill_reminders(self) -> None:
        """What the visit's plan of care asks, as it stands (a signed visit: nothing)."""
        if self.plans is None or self.read_only:
            return
        try:
            self.plan_reminders.show_reminders(self.plans.reminders(self.visit.id))
        except UserError as error:
            self._say(error.message)

    def _details_words(self) -> str:
        """The visit's details as stored: 'Place of service: 11 · Office. Progress report
        written at this visit.'"""
        visit = self.visit
        words = f"Place of service: {place_words(visit.place_of_service)}"
        if visit.audio_only:
            words += ", by telephone only (audio)"
        if visit.progress_report:
            words += ". This visit includes the progress report"
        return words + "."

    def _show_audio_only(self) -> None:
        telehealth = self.place.currentData() in TELEHEALTH_PLACES
        self.audio_only.setVisible(telehealth)
        if not telehealth and self.audio_only.isChecked():
            self.audio_only.blockSignals(True)
            self.audio_only.setChecked(False)  # audio only is for telehealth alone
            self.audio_only.blockSignals(False)

    def _details_changed(self) -> None:
        """Stored at once: a refusal is said in words and the choice goes back to the
        stored one; the lines are billed again (telehealth changes their modifiers)."""
        self._show_audio_only()
        if self._save_details():
            self._bill(self._chosen_units())
            self._fill_reminders()

    def _details_chosen(self) -> tuple[str, bool, bool]:
        place = str(self.place.currentData())
        return place, self.audio_only.isChecked(), self.progress_report.isChecked()

    def _save_details(self) -> bool:
        """The details chosen, stored unless they already are; False when refused."""
        visit = self.visit
        chosen = self._details_chosen()
        if self.plans is None or self.read_only:
            return True
        if chosen == (visit.place_of_service, visit.audio_only, visit.progress_report):
            return True
        place, audio_only, progress_report = chosen
        try:
            self.visit = self.plans.set_visit_details(
                visit.id, place_of_service=place, audio_only=audio_only,
                progress_report=progress_report,
            )  # fmt: skip
        except UserError as error:
            self._details_refusal = error.message
            self._say(error.message)
            self._show_stored_details()
            return False
        if self._details_refusal and self.problem.text() == self._details_refusal:
            self.problem.hide()  # the refusal no longer holds
        self._details_refusal = ""
        return True

    def _show_stored_details(self) -> None:
        visit = self.visit
        for widget in (self.place, self.audio_only, self.progress_report):
            widget.blockSignals(True)
        self.place.setCurrentIndex(max(self.place.findData(visit.place_of_service), 0))
        self.audio_only.setChecked(visit.audio_only)
        self.progress_report.setChecked(visit.progress_report)
        for widget in (self.place, self.audio_only, self.progress_report):
            widget.blockSignals(False)
        self._show_audio_only()

    def _chosen_units(self) -> dict[str, int] | None:
        index = self.choice.currentIndex()
        option = self.choice.itemData(index) if index > 0 else None
        return dict(option) if option else None

    def _layout(self) -> None:
        choice = QHBoxLayout()
        choice.addWidget(self.choice_label)
        choice.addWidget(self.choice, 1)
        choice.addWidget(self.shared_label)
        choice.addWidget(self.shared, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back if not self.read_only else self.amend)
        if self.read_only or self.visit.intervals:
            self.discard.hide()
        else:
            buttons.addWidget(self.discard)
        buttons.addStretch(1)
        if self.signer.count() and not self.read_only:
            buttons.addWidget(self.signer_label)
            buttons.addWidget(self.signer)
        else:
            self.signer.hide()
            self.signer_label.hide()
        buttons.addWidget(self.close_button if self.read_only else self.sign)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.plan_reminders)
        if self.details_editable:
            details = QHBoxLayout()
            details.addWidget(self.place_label)
            details.addWidget(self.place)
            details.addWidget(self.audio_only)
            details.addSpacing(16)
            details.addWidget(self.progress_report)
            details.addStretch(1)
            layout.addLayout(details)
        else:
            layout.addWidget(self.details_text)
        layout.addWidget(self.table, 2)
        layout.addLayout(choice)
        layout.addWidget(self.warnings)
        layout.addWidget(QLabel("<b>Why these units</b>"))
        layout.addWidget(self.explanation, 2)
        layout.addWidget(QLabel("<b>Diagnoses</b> (the Diagnoses column points to their letters)"))
        layout.addWidget(self.diagnoses)
        layout.addWidget(self.diagnosis_search)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    # --- content -------------------------------------------------------------------------

    def _bill(self, chosen: dict[str, int] | None = None) -> None:
        try:
            self.billing = self.treatment.billing(self.visit, chosen, self.shared_to)
        except UserError as error:
            self._say(error.message)
            self.billing = None
        self._fill_choice()
        self._fill_shared()
        self._fill_lines()
        self._fill_words()

    def _fill_choice(self) -> None:
        options = self.billing.alternatives if self.billing else ()
        self.choice.blockSignals(True)
        self.choice.clear()
        current = self.billing.units_by_code() if self.billing else {}
        for index, option in enumerate(options):
            words = ", ".join(f"{code} × {units}" for code, units in option.items())
            self.choice.addItem(words + ("  (the policy's pick)" if index == 0 else ""), option)
            if all(current.get(code) == units for code, units in option.items()):
                self.choice.setCurrentIndex(index)
        self.choice.blockSignals(False)
        count = self.billing.answer_count if self.billing else 0
        shown = f" (the first {len(options)} of {count:,})" if count > len(options) else ""
        self.choice.setToolTip(f"The rule left a choice: any of these is legal{shown}")
        for widget in (self.choice, self.choice_label):
            widget.setVisible(bool(options))
        self.choice.setEnabled(not self.read_only)

    def _fill_shared(self) -> None:
        """The codes that shared minutes, when two clinicians timed at once."""
        codes = self.billing.shared_codes if self.billing else ()
        self.shared.blockSignals(True)
        self.shared.clear()
        self.shared.addItem("the therapist's code (the usual rule)", "")
        catalog = self.treatment.catalog()
        for code in codes:
            self.shared.addItem(f"{code} ({catalog[code].tile})", code)
        kept = self.shared_to[0] if self.shared_to else ""
        self.shared.setCurrentIndex(max(self.shared.findData(kept), 0))
        self.shared.blockSignals(False)
        for widget in (self.shared, self.shared_label):
            widget.setVisible(bool(codes))
        self.shared.setEnabled(not self.read_only)

    def _fill_lines(self) -> None:
        pointers = self._current_pointers()
        self.lines.removeRows(0, self.lines.rowCount())
        if self.billing is None:
            return
        catalog = self.treatment.catalog()
        listed: set[str] = set()
        for line in self.billing.lines:
            first = line.code not in listed  # a code's CQ/CO line shares its letters
            listed.add(line.code)
            cells = [
                line.code,
                catalog[line.code].tile,
                str(line.minutes) + ("" if line.kind == "timed" else " (untimed)"),
                str(line.units) + (" (bundled)" if line.bundled else ""),
                " ".join(line.modifiers),
                pointers.get(line.code) or self._default_letters(line.code),
            ]
            items = [QStandardItem(cell) for cell in cells]
            for column, item in enumerate(items):
                item.setEditable(column == POINTER_COLUMN and first and not self.read_only)
            items[POINTER_COLUMN].setToolTip(
                "Diagnosis letters for this code, e.g. A or AB"
                if first
                else "The same letters as the code's line above"
            )
            self.lines.appendRow(items)

    def _current_pointers(self) -> dict[str, str]:
        if self.lines.rowCount():
            found: dict[str, str] = {}
            for row in range(self.lines.rowCount()):
                code = self.lines.item(row, 0).text()
                found.setdefault(code, self.lines.item(row, POINTER_COLUMN).text())
            return found
        return {code: letters(slots) for code, slots in self.visit.diagnosis_pointers.items()}

    def _default_letters(self, code: str) -> str:
        """What the line points to until the therapist types otherwise (nothing without a
        diagnosis to point to)."""
        if not self.diagnoses.diagnoses():
            return ""
        return letters(line_pointers(self.visit.diagnosis_pointers, code))

    def _fill_words(self) -> None:
        self._fill_warnings()
        if self.billing is None:
            self.explanation.setPlainText("Nothing was timed in this visit.")
            return
        items = "".join(f"<li>{_escape(s)}</li>" for s in self.billing.explanation)
        self.explanation.setHtml(f"<ul>{items}</ul>")

    def _fill_warnings(self) -> None:
        """Every warning, in words naming people; one that needs action asks for a reason
        unless it is resolved (a signed visit only lists them)."""
        while (item := self.warning_rows.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.shown_warnings = self.treatment.review_warnings(
            self.visit.id, self.billing, self.shared_to
        )
        for warning in self.shown_warnings:
            self.warning_rows.addWidget(self._warning_row(warning))
        self.cap_warning = self._daily_cap_words()
        if self.cap_warning:  # for the biller to see; it does not stop the signature
            cap = label(f"⚠ {self.cap_warning}", "banner_warning", wrap=True)
            cap.setAccessibleName("Daily unit cap")
            self.warning_rows.addWidget(cap)
        self.warnings.setVisible(bool(self.shown_warnings) or bool(self.cap_warning))

    def _warning_row(self, warning: ReviewWarning) -> QWidget:
        text = label(f"⚠ {warning.message}", "banner_warning", wrap=True)
        text.setTextFormat(Qt.TextFormat.PlainText)  # it names people
        if not warning.needs_action or self.read_only:
            return text
        reason = QLineEdit(self.acknowledged.get(warning.key, ""))
        reason.setPlaceholderText("or sign anyway: say why (kept in the audit log)")
        explain(reason, "Reason to sign with this warning", f"To resolve it: {warning.resolve}")
        reason.textChanged.connect(lambda words, key=warning.key: self._acknowledge(key, words))
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(text)
        ask = QHBoxLayout()
        ask.addWidget(QLabel(f"Needs action: {warning.resolve}"), 1)
        ask.addWidget(reason, 1)
        column.addLayout(ask)
        return row

    def _daily_cap_words(self) -> str:
        """The payer's daily unit cap passed by this visit's billed units, else ""."""
        if self.plans is None or self.billing is None:
            return ""
        units = sum(line.units for line in self.billing.lines if not line.bundled)
        try:
            return self.plans.daily_cap_warning(self.visit.id, units) or ""
        except UserError as error:
            return error.message

    def warning_words(self) -> str:
        """The warnings as listed, one per line."""
        cap = [self.cap_warning] if self.cap_warning else []
        return "\n".join([*(w.message for w in self.shown_warnings), *cap])

    def _acknowledge(self, key: str, words: str) -> None:
        self.acknowledged[key] = words

    def _shared_changed(self, index: int) -> None:
        code = self.shared.itemData(index)
        self.shared_to = (code,) if code else ()
        self._bill()  # the minutes moved: any tie is a new one

    def _choice_changed(self, index: int) -> None:
        option = self.choice.itemData(index)
        self._bill(dict(option) if index > 0 and option else None)

    # --- actions ---------------------------------------------------------------------------

    def _sign(self) -> None:
        """What is missing is said first; then the signer types their own PIN (the
        confirmation); the treatment service checks it with the rest and it is stored. A
        wrong PIN signs nothing."""
        if not self._save_details():  # the place of service is sealed with the signature
            return
        chosen = self.signer.currentData() if self.signer.count() else None
        units = self.billing.units_by_code() if self.billing and self.billing.tie_broken else None
        diagnoses, letters = self.diagnoses.diagnoses(), self._current_pointers()
        try:
            signer = self.treatment.precheck_signature(
                self.visit.id, diagnoses=diagnoses, pointer_letters=letters,
                chosen_units=units, signed_by=chosen, shared_minutes_to=self.shared_to,
                acknowledged=self.acknowledged,
            ).signer  # fmt: skip
        except UserError as error:
            self._say(error.message)
            return
        pin = self.ask_pin(
            f"{signer.name}, {signer.credentials}: type your PIN to sign this visit.\n"
            "After signing it can be changed only by an amendment with a reason."
        )
        if pin is None:
            return
        try:
            signature = self.treatment.check_signature(
                self.visit.id, diagnoses=diagnoses, pointer_letters=letters,
                chosen_units=units, signed_by=chosen, shared_minutes_to=self.shared_to, pin=pin,
                acknowledged=self.acknowledged,
            )  # fmt: skip
            self.treatment.sign(signature)
        except UserError as error:
            self._say(error.message)
            return
        self.signed = True
        self.accept()

    def _back_to_timer(self) -> None:
        try:
            self.treatment.run(self.visit.id, lambda timer: timer.reopen())
        except UserError as error:
            self._say(error.message)
            return
        self.reject()

    def _ask_reason(self) -> str | None:
        reason, ok = QInputDialog.getText(
            self, "Amend signed visit", "Why is the signed visit amended? (kept in the history)"
        )
        return reason if ok else None

    def _ask_discard_reason(self) -> str | None:
        reason, ok = QInputDialog.getText(
            self, "Discard visit", "Why is this visit discarded? (kept in the audit log)"
        )
        return reason if ok else None

    def _discard(self) -> None:
        reason = self.ask_discard_reason()
        if reason is None:
            return
        try:
            self.treatment.discard(self.visit.id, reason)
        except UserError as error:
            self._say(error.message)
            return
        self.discarded = True
        self.accept()

    def _amend(self) -> None:
        reason = self.ask_reason()
        if reason is None:
            return
        try:
            timer = self.treatment.amend(self.visit.id, reason)
        except UserError as error:
            self._say(error.message)
            return
        self.amended_visit_id = timer.visit_id
        self.accept()

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
