"""Clinic set-up, payers: the profile each follows and its fee per code, typed in dollars.

Fees are kept as integer cents; a blank fee means the code is not charged to this payer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from timer_app.clinic import checks
from timer_app.clinic.setup import NEW, ClinicSetup
from timer_app.records import Payer
from timer_app.superbill.money import format_cents
from timer_app.ui.setup_fields import (
    CheckedForm,
    RecordList,
    StatusLine,
    combo,
    lay_out_record_page,
    line_edit,
    write_record,
)
from timer_app.ui.theme import COLORS
from timer_app.ui.widgets import button

CODE, SERVICE, FEE, PROBLEM = range(4)
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _fee_text(cents: int | None) -> str:
    return "" if cents is None else format_cents(cents).removeprefix("$")


class PayersSection(QWidget):
    """Payers and their fee schedules; a payer is saved only when every fee is right."""

    def __init__(self, setup: ClinicSetup) -> None:
        super().__init__()
        self.setup = setup
        self.editing: int | None = None
        self.records = RecordList("Payers", "New payer", "Add an insurance company or plan")
        self.records.chosen.connect(self.edit)
        self._build_form()
        self._build_fees()
        self._lay_out()
        self.reload()

    def _build_form(self) -> None:
        self.name = line_edit("Payer name", "As printed on the superbill", "Medicare")
        profiles = [(name, name) for name in self.setup.profiles()]
        self.profile = combo(
            "Payer profile", "How this payer turns minutes into units, and its habits", profiles
        )
        self.assistants = QCheckBox("Mark assistants' units CQ (PTA) or CO (OTA)")
        self.assistants.setAccessibleName("Assistant modifiers")
        self.assistants.setToolTip(
            "Medicare wants CQ/CO on units an assistant furnished (paid at 85%); most "
            "commercial plans do not. Follows the profile until you change it."
        )
        self.assistants.toggled.connect(self._assistants_touched)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self._assistants_chosen = False  # the owner ticked or cleared it for this payer
        self.form = CheckedForm()
        self.form.add(
            "Name", self.name, lambda: checks.payer_name_problem(self.name.text()),
            limit=checks.PAYER_NAME_LIMIT,
        )  # fmt: skip
        self.form.add("Profile", self.profile)
        self.form.add("Assistants", self.assistants)
        self.save_button = button(
            "Save payer", "Check the name and every fee, then save", "primary"
        )
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine("Payer saved")

    def _build_fees(self) -> None:
        self.fees = QTableWidget(0, 4)
        self.fees.setAccessibleName("Fee per code")
        self.fees.setToolTip(
            "Type each code's fee per unit in dollars, e.g. 31.50; blank: no charge"
        )
        self.fees.setHorizontalHeaderLabels(["Code", "Service", "Fee per unit ($)", "Problem"])
        self.fees.verticalHeader().hide()
        self.fees.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        header = self.fees.horizontalHeader()
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SERVICE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FEE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Stretch)
        self._codes: list[tuple[str, str]] = []
        self._fee_items: list[QTableWidgetItem] = []
        self._problem_items: list[QTableWidgetItem] = []
        self._fill_fee_rows()

    def _fill_fee_rows(self) -> None:
        """A row per code the clinic uses (turned-off ones are left out), with its label."""
        codes = self.setup.fee_codes()
        if codes == self._codes:
            return
        self._codes = codes
        self.fees.setRowCount(len(codes))
        self._fee_items.clear()
        self._problem_items.clear()
        for row, (code, service) in enumerate(codes):
            self._cell(row, CODE, code)
            self._cell(row, SERVICE, service)
            fee = QTableWidgetItem("")
            fee.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.fees.setItem(row, FEE, fee)
            self._fee_items.append(fee)
            self._problem_items.append(self._cell(row, PROBLEM, ""))

    def _cell(self, row: int, column: int, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(READ_ONLY)
        if column == PROBLEM:
            item.setForeground(QBrush(QColor(COLORS["error_border"])))
        self.fees.setItem(row, column, item)
        return item

    def _lay_out(self) -> None:
        self.heading = lay_out_record_page(
            self, self.records, self.form.layout, self.status, self.save_button, self.fees
        )

    def reload(self) -> None:
        self._fill_fee_rows()
        payers = self.setup.payers()
        self.records.set_records([(p.name, p.id) for p in payers], keep=self.editing)
        self.edit(self.editing)

    def edit(self, payer_id: int | None) -> None:
        self.editing = payer_id
        found = None if payer_id is None else self.setup.payer(payer_id)
        self.heading.setText(f"Change {found.name}" if found else "New payer")
        self.name.setText(found.name if found else "")
        self.profile.setCurrentIndex(max(self.profile.findData(found.profile if found else ""), 0))
        self._show_assistants(found)
        self._assistants_chosen = found is not None and found.assistant_modifiers is not None
        fees = found.fees if found else {}
        for row, (code, _) in enumerate(self._codes):
            self._fee_items[row].setText(_fee_text(fees.get(code)))
            self._problem_items[row].setText("")
        self.form.clear_problems()
        self.status.clear()

    def _show_assistants(self, payer: Payer | None) -> None:
        marks = self.setup.marks_assistants(str(self.profile.currentData()), payer)
        self.assistants.blockSignals(True)
        self.assistants.setChecked(marks)
        self.assistants.blockSignals(False)

    def _assistants_touched(self) -> None:
        self._assistants_chosen = True

    def _profile_changed(self) -> None:
        """A new profile brings its own CQ/CO habit, unless the owner chose for this payer."""
        if not self._assistants_chosen:
            self._show_assistants(None)

    def set_fee_text(self, code: str, text: str) -> None:
        """Type a fee for a code (what the table's editor does; tests use it too)."""
        row = next(i for i, (c, _) in enumerate(self._codes) if c == code)
        self._fee_items[row].setText(text)

    def fee_problem(self, code: str) -> str:
        row = next(i for i, (c, _) in enumerate(self._codes) if c == code)
        return self._problem_items[row].text()

    def _typed_fees(self) -> dict[str, int | None] | None:
        """Every fee as cents (None when blank), or None after marking the wrong ones."""
        typed: dict[str, int | None] = {}
        wrong = None
        for row, (code, _) in enumerate(self._codes):
            amount, problem = checks.cents(self._fee_items[row].text())
            self._problem_items[row].setText(problem or "")
            typed[code] = amount
            if problem and wrong is None:
                wrong = row
        if wrong is not None:
            self.fees.scrollToItem(self._fee_items[wrong])
            return None
        return typed

    def save(self) -> bool:
        form_ok = self.form.check()
        fees = self._typed_fees()
        if not form_ok or fees is None:
            self.status.failed("Nothing was saved: correct the fields and fees marked in red.")
            return False
        return write_record(
            self,
            lambda: self._write(fees),
            self._refused,
            lambda saved: f"{saved.name} saved with {len(saved.fees)} fees.",
        )

    def _refused(self, message: str) -> None:
        self.form.show_problem("Name", message)
        self.status.failed("Nothing was saved.")

    def _write(self, typed: dict[str, int | None]) -> Payer:
        name, profile = self.name.text(), str(self.profile.currentData())
        return self.setup.save_payer(
            self.editing or NEW, name, profile, typed,
            assistant_modifiers=self.assistants.isChecked(),
        )  # fmt: skip
