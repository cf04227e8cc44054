"""Change payer…: the front desk bills a signed visit to another payer, no amendment.

The main case: a visit signed as self-pay whose patient turned out to be insured. The
visit keeps the payer it was signed with (sealed); its bills, the list and the superbill
go to the payer chosen here, or back to the one signed. The service re-bills the visit
and refuses in words when that would bill other units than the therapist signed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QVBoxLayout, QWidget

from timer_app.clinic.front_desk import DeskVisit, FrontDesk
from timer_app.errors import UserError
from timer_app.ui.widgets import explain, label, save_cancel


class PayerDialog(QDialog):
    """Accepted once the payer is saved; a refusal is said here and nothing is kept."""

    def __init__(self, desk: FrontDesk, item: DeskVisit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._item = item
        self.setWindowTitle("Change payer")
        self.setMinimumWidth(560)
        payers = desk.payers()
        names = {payer.id: payer.name for payer in payers}
        visit = item.visit
        signed = names.get(visit.payer_id or 0, "Self-pay (no payer)")
        insured = item.patient.payer_id
        now = ""
        if insured is not None and insured in names:
            now = f" {item.patient.name}'s insurance now: {names[insured]}."
        intro = label(
            f"{item.label} was signed with {signed}.{now} Its bills and superbill go to the "
            "payer chosen here; the visit stays as the therapist signed it (no amendment). "
            "When that payer's rule bills other units than were signed, the therapist "
            "amends the visit instead.",
            wrap=True,
        )
        self.payer = explain(
            QComboBox(), "Bill to", "The payer this visit's bills and superbill go to"
        )
        self.payer.addItem(f"{signed} (as signed)", None)
        for payer in payers:
            if payer.id != visit.payer_id:
                self.payer.addItem(payer.name, payer.id)
        chosen = visit.billing_payer_id
        if chosen is None and insured is not None and insured != visit.payer_id:
            chosen = insured  # what the desk came to do, most often
        self.payer.setCurrentIndex(max(self.payer.findData(chosen), 0))
        form = QFormLayout()
        form.addRow("Bill to", self.payer)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(save_cancel(self.save, self.reject, "the payer"))

    def choose(self, payer_name: str) -> None:
        """Pick a payer by its name as listed (the tests' way, and a keyboard's)."""
        found = self.payer.findText(payer_name)
        if found < 0:
            raise ValueError(f"no payer {payer_name!r} in the list")
        self.payer.setCurrentIndex(found)

    def save(self) -> None:
        try:
            self._desk.set_payer(self._item, self.payer.currentData())
        except UserError as error:
            self.problem.setText(error.message)
            self.problem.show()
            self.adjustSize()
            return
        self.accept()
