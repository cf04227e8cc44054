"""End of visit: the lines, the warnings and the explanation; pick a legal answer; sign.

A signed visit opens here read-only, with "Amend…" (a reason is required).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import VisitBilling, load_catalog
from timer_app.errors import UserError
from timer_app.session import VisitStatus
from timer_app.store import Visit
from timer_app.ui.diagnoses_editor import LETTERS, DiagnosesEditor
from timer_app.ui.widgets import explain, label
from timer_app.workstation import Workstation

COLUMNS = ("Code", "Service", "Minutes", "Units", "Modifiers", "Diagnoses")
POINTER_COLUMN = 5
Ask = Callable[[str, str], bool]  # (title, question) -> yes


def ask_yes_no(parent: QWidget) -> Ask:
    def ask(title: str, question: str) -> bool:
        answer = QMessageBox.question(parent, title, question)
        return answer == QMessageBox.StandardButton.Yes

    return ask


class ReviewDialog(QDialog):
    """Result: Accepted when signed (or amended); Rejected to go back to the timer."""

    def __init__(self, workstation: Workstation, visit_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.workstation = workstation
        self.visit: Visit = workstation.visit(visit_id)
        self.read_only = self.visit.status in (VisitStatus.SIGNED, VisitStatus.BILLED)
        self.ask: Ask = ask_yes_no(self)
        self.ask_reason: Callable[[], str | None] = self._ask_reason
        self.amended_visit_id: int | None = None
        patient = workstation.store.patients.get(self.visit.patient_id)
        clinician = workstation.clinician(self.visit.clinician_id)
        self.setWindowTitle(f"Review visit: {patient.name}, {self.visit.date.isoformat()}")
        self.resize(980, 760)
        self.header = QLabel(wordWrap=True)
        self.header.setText(
            f"<b>{_escape(patient.name)}</b> — {self.visit.date.isoformat()} — "
            f"{_escape(clinician.name)}, {_escape(clinician.credentials)} — "
            f"{self.visit.discipline.value} — status: <b>{self.visit.status.value}</b>"
            f"{self._signature_words()}"
        )
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
        self.warnings = label("", "banner_warning", wrap=True)
        self.warnings.setAccessibleName("Warnings")
        self.explanation = QTextBrowser()
        self.explanation.setAccessibleName("Explanation of the units")
        self.diagnoses = DiagnosesEditor(self.visit.diagnoses)
        self.diagnoses.set_read_only(self.read_only)
        self.diagnoses.changed.connect(self._fill_lines)
        self.signer = QComboBox()
        explain(self.signer, "Supervising therapist", "An assistant's visit is signed by the "
                "therapist who supervised it; they are the rendering clinician")  # fmt: skip
        for therapist in workstation.supervisors(visit_id) if clinician.role.is_assistant else []:
            self.signer.addItem(f"{therapist.name}, {therapist.credentials}", therapist.id)
        self.signer_label = QLabel("Signed by the supervising therapist:")
        self.problem = label("", "banner_error", wrap=True)
        self.problem.hide()
        self.back = QPushButton("Back to timer")
        self.back.setToolTip("Open the visit again to time more or fix an interval")
        self.sign = QPushButton("Sign visit")
        self.sign.setObjectName("primary")
        self.sign.setToolTip(
            "Sign as the treating clinician; afterwards only an amendment changes it"
        )
        self.amend = QPushButton("Amend…")
        self.amend.setToolTip("Make a new version of this signed visit; a reason is required")
        self.close_button = QPushButton("Close")
        for button in (self.back, self.sign, self.amend, self.close_button):
            button.setAccessibleName(button.text().rstrip("…"))
        self.back.clicked.connect(self._back_to_timer)
        self.sign.clicked.connect(self._sign)
        self.amend.clicked.connect(self._amend)
        self.close_button.clicked.connect(self.reject)
        self._layout()
        self.billing: VisitBilling | None = None
        self._bill()

    def _signature_words(self) -> str:
        if self.visit.signed_at is None or self.visit.signed_by is None:
            return ""
        signer = self.workstation.clinician(self.visit.signed_by)
        when = self.visit.signed_at.astimezone(self.workstation.tz).strftime("%Y-%m-%d %H:%M")
        return f" by {_escape(signer.name)}, {_escape(signer.credentials)} on {when}"

    def _layout(self) -> None:
        choice = QHBoxLayout()
        choice.addWidget(self.choice_label)
        choice.addWidget(self.choice, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back if not self.read_only else self.amend)
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
        layout.addWidget(self.table, 2)
        layout.addLayout(choice)
        layout.addWidget(self.warnings)
        layout.addWidget(QLabel("<b>Why these units</b>"))
        layout.addWidget(self.explanation, 2)
        layout.addWidget(QLabel("<b>Diagnoses</b> (the Diagnoses column points to their letters)"))
        layout.addWidget(self.diagnoses)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    # --- content -------------------------------------------------------------------------

    def _bill(self, chosen: dict[str, int] | None = None) -> None:
        try:
            self.billing = self.workstation.billing(self.visit, chosen)
        except UserError as error:
            self._say(error.message)
            self.billing = None
        self._fill_choice()
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
            if option == current:
                self.choice.setCurrentIndex(index)
        self.choice.blockSignals(False)
        for widget in (self.choice, self.choice_label):
            widget.setVisible(bool(options))
        self.choice.setEnabled(not self.read_only)

    def _fill_lines(self) -> None:
        pointers = self._current_pointers()
        self.lines.removeRows(0, self.lines.rowCount())
        if self.billing is None:
            return
        catalog = load_catalog()
        default = "A" if self.diagnoses.diagnoses() else ""
        for line in self.billing.lines:
            cells = [
                line.code,
                catalog[line.code].tile,
                str(line.minutes) + ("" if line.kind == "timed" else " (untimed)"),
                str(line.units) + (" (bundled)" if line.bundled else ""),
                " ".join(line.modifiers),
                pointers.get(line.code) or default,
            ]
            items = [QStandardItem(cell) for cell in cells]
            for column, item in enumerate(items):
                item.setEditable(column == POINTER_COLUMN and not self.read_only)
            items[POINTER_COLUMN].setToolTip("Diagnosis letters for this line, e.g. A or A,B")
            self.lines.appendRow(items)

    def _current_pointers(self) -> dict[str, str]:
        if self.lines.rowCount():
            return {
                self.lines.item(row, 0).text(): self.lines.item(row, POINTER_COLUMN).text()
                for row in range(self.lines.rowCount())
            }
        return {
            code: ",".join(LETTERS[slot - 1] for slot in slots)
            for code, slots in self.visit.diagnosis_pointers.items()
        }

    def _fill_words(self) -> None:
        if self.billing is None:
            self.warnings.hide()
            self.explanation.setPlainText("Nothing was timed in this visit.")
            return
        warnings = self.billing.warnings
        self.warnings.setVisible(bool(warnings))
        self.warnings.setText("<br>".join(f"⚠ {_escape(w.message)}" for w in warnings))
        items = "".join(f"<li>{_escape(s)}</li>" for s in self.billing.explanation)
        self.explanation.setHtml(f"<ul>{items}</ul>")

    def _choice_changed(self, index: int) -> None:
        option = self.choice.itemData(index)
        self._bill(dict(option) if index > 0 and option else None)

    # --- actions ---------------------------------------------------------------------------

    def _pointers(self) -> dict[str, tuple[int, ...]]:
        count = len(self.diagnoses.diagnoses())
        result: dict[str, tuple[int, ...]] = {}
        for code, text in self._current_pointers().items():
            letters = [
                part.strip().upper() for part in text.replace(" ", ",").split(",") if part.strip()
            ]
            if not letters:
                continue
            bad = [x for x in letters if x not in LETTERS[:count]]
            if bad or len(letters) > 4:
                allowed = f"A-{LETTERS[count - 1]}" if count else "none: add a diagnosis first"
                raise UserError(
                    f"{code}: diagnosis letters '{text}' are not right; use one to four of "
                    f"{allowed}, e.g. A or A,B"
                )
            result[code] = tuple(LETTERS.index(x) + 1 for x in letters)
        return result

    def _sign(self) -> None:
        if not self.diagnoses.diagnoses():
            self._say("Add at least one diagnosis (ICD-10-CM) before signing: the claim needs one.")
            return
        try:
            pointers = self._pointers()
            signer_id = self.signer.currentData() if self.signer.count() else None
            clinician = self.workstation.clinician(signer_id or self.visit.clinician_id)
            question = (
                f"Sign this visit as {clinician.name}, {clinician.credentials}?\n"
                f"After signing it can be changed only by an amendment with a reason."
            )
            if not self.ask("Sign visit", question):
                return
            chosen = (
                self.billing.units_by_code() if self.billing and self.billing.tie_broken else None
            )
            self.workstation.save_diagnoses(self.visit.id, self.diagnoses.diagnoses())
            self.workstation.sign(
                self.visit.id, chosen_units=chosen, pointers=pointers, signed_by=signer_id
            )
        except UserError as error:
            self._say(error.message)
            return
        self.accept()

    def _back_to_timer(self) -> None:
        try:
            self.workstation.run(self.visit.id, lambda timer: timer.reopen())
        except UserError as error:
            self._say(error.message)
            return
        self.reject()

    def _ask_reason(self) -> str | None:
        reason, ok = QInputDialog.getText(
            self, "Amend signed visit", "Why is the signed visit amended? (kept in the history)"
        )
        return reason if ok else None

    def _amend(self) -> None:
        reason = self.ask_reason()
        if reason is None:
            return
        try:
            timer = self.workstation.amend(self.visit.id, reason)
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
