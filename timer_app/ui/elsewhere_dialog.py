"""Therapy other providers billed a patient this year, typed at the front desk in dollars.

Medicare's KX threshold counts the year's therapy wherever it was given; the amounts come
from the patient's records or Medicare's eligibility answer. Saved with the year of the
visit selected; every visit of the patient that year is billed with them from then on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from timer_app.billing.kx import BUCKET_WORDS
from timer_app.clinic import checks
from timer_app.clinic.front_desk import DeskVisit, FrontDesk
from timer_app.errors import UserError
from timer_app.superbill.money import format_cents
from timer_app.ui.widgets import explain, label, save_cancel


class ElsewhereDialog(QDialog):
    """Accepted once the amounts are saved; a wrong one is said here and nothing is kept."""

    def __init__(self, desk: FrontDesk, item: DeskVisit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._item = item
        year = item.visit.date.year
        self.setWindowTitle(f"Therapy billed elsewhere in {year}")
        known = desk.therapy_elsewhere(item)
        intro = label(
            f"What other providers billed {item.patient.name} for therapy in {year}, from the "
            "patient's records or Medicare's eligibility answer. It counts toward Medicare's "
            "yearly KX threshold beside this clinic's own visits. Blank or 0: none.",
            wrap=True,
        )
        self.setMinimumWidth(560)
        self.amounts: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for bucket, words in BUCKET_WORDS.items():
            edit = QLineEdit(_shown(known.get(bucket, 0)), placeholderText="0.00")
            explain(edit, f"{words.capitalize()} billed elsewhere", "Dollars, e.g. 1,250.00")
            self.amounts[bucket] = edit
            form.addRow(f"{words.capitalize()} ($)", edit)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(save_cancel(self._save, self.reject, "the amounts"))

    def typed(self) -> dict[str, int] | None:
        """Cents by bucket (blank: 0), or None after saying which amount is wrong."""
        found: dict[str, int] = {}
        for bucket, edit in self.amounts.items():
            amount, problem = checks.dollars_as_cents(edit.text())
            if problem is not None:
                self._say(f"{BUCKET_WORDS[bucket].capitalize()}: {problem}. Nothing was saved.")
                edit.setFocus()
                return None
            found[bucket] = amount or 0
        return found

    def _save(self) -> None:
        amounts = self.typed()
        if amounts is None:
            return
        try:
            self._desk.set_therapy_elsewhere(self._item, amounts)
        except UserError as error:
            self._say(error.message)
            return
        self.accept()

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.adjustSize()


def _shown(cents: int) -> str:
    return format_cents(cents).removeprefix("$") if cents else ""
