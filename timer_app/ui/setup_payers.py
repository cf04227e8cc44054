"""Clinic set-up, payers: the profile each follows and its fee per code, typed in dollars.

Fees are kept as integer cents; a blank fee means the code is not charged to this payer,
shown as "no fee" in its row and counted above the table (a visit with such a code gets no
superbill). A whole schedule comes from a CSV file or from another payer at a percentage
(`timer_app.clinic.fee_files`): what would change is shown first, then it goes into the
table, marked, and only Save payer keeps it (audited, as any fee change); Discard changes
undoes it. Leaving a payer, the section or the window with unsaved changes asks first.
The questions are replaceable callables (`ask_unsaved`, `choose_import_path`, ...), so tests
answer them without a window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic import checks
from timer_app.clinic.fee_files import (
    FeeChanges,
    compare,
    copied,
    parse_fee_csv,
    parse_percent,
    read_fee_file,
    write_fee_file,
)
from timer_app.clinic.setup import NEW, ClinicSetup
from timer_app.errors import UserError
from timer_app.records import Payer
from timer_app.superbill.money import format_cents
from timer_app.ui import fee_dialogs
from timer_app.ui.fee_dialogs import DISCARD, SAVE
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
from timer_app.ui.widgets import button, label

CODE, SERVICE, FEE, PROBLEM = range(4)
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
NO_FEE = "no fee"
PENDING_STYLE = f"color: {COLORS['paused_border']}; font-weight: bold;"
_UNSAFE_IN_FILE_NAMES = re.compile(r"[^\w .,()&+-]+")
# a fee row as typed: cents, or the text when it is not money (it differs from any fee)
Typed = int | str | None
Snapshot = tuple[str, str, bool, tuple[Typed, ...]]


def _fee_text(cents: int | None) -> str:
    return "" if cents is None else format_cents(cents).removeprefix("$")


def _as_typed(text: str) -> Typed:
    amount, problem = checks.cents(text)
    return text.strip() if problem else amount


class NoFeeDelegate(QStyledItemDelegate):
    """A blank fee reads "no fee", in red; typing in it starts from blank."""

    def initStyleOption(  # noqa: N802 (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if str(index.data() or "").strip():
            return
        option.text = NO_FEE
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        font = option.font
        font.setItalic(True)
        option.font = font
        palette = option.palette
        palette.setColor(QPalette.ColorRole.Text, QColor(COLORS["error_border"]))
        option.palette = palette


class PayersSection(QWidget):
    """Payers and their fee schedules; a payer is saved only when every fee is right."""

    def __init__(self, setup: ClinicSetup) -> None:
        super().__init__()
        self.setup = setup
        self.editing: int | None = None
        self._original: Snapshot | None = None  # the payer as it was shown, to see edits
        # the questions, replaced in tests
        self.ask_unsaved: Callable[[str], str | None] = lambda question: fee_dialogs.ask_unsaved(
            self, question
        )
        self.choose_import_path: Callable[[], Path | None] = lambda: fee_dialogs.choose_import_path(
            self
        )
        self.choose_export_path: Callable[[str], Path | None] = lambda suggested: (
            fee_dialogs.choose_export_path(self, suggested)
        )
        self.ask_copy_source: Callable[[Sequence[tuple[str, int]]], tuple[int, str] | None] = (
            lambda payers: fee_dialogs.ask_copy_source(self, payers)
        )
        self.confirm_fees: Callable[[str, FeeChanges], bool] = lambda heading, changes: (
            fee_dialogs.confirm_fees(self, heading, changes)
        )
        self.show_problems: Callable[[str, Sequence[str]], None] = lambda heading, problems: (
            fee_dialogs.show_problems(self, heading, problems)
        )
        self.records = RecordList("Payers", "New payer", "Add an insurance company or plan")
        self.records.chosen.connect(self.choose)
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
        self.discard_button = button(
            "Discard changes", "Show the payer and its fees as they were last saved"
        )
        self.discard_button.clicked.connect(self.discard)
        self.status = StatusLine("Payer saved")

    def _build_fees(self) -> None:
        self.fees = QTableWidget(0, 4)
        self.fees.setAccessibleName("Fee per code")
        self.fees.setToolTip(
            "Type each code's fee per unit in dollars, e.g. 31.50; blank: no fee, and no "
            "superbill for a visit with that code"
        )
        self.fees.setHorizontalHeaderLabels(["Code", "Service", "Fee per unit ($)", "Problem"])
        self.fees.verticalHeader().hide()
        self.fees.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.fees.setItemDelegateForColumn(FEE, NoFeeDelegate(self.fees))
        header = self.fees.horizontalHeader()
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SERVICE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FEE, QHeaderView.ResizeMode.ResizeToContents)
        # narrow until a fee is wrong, then as wide as the words (the service gives way)
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.ResizeToContents)
        self.fees.itemChanged.connect(self._fee_edited)
        self._codes: list[tuple[str, str]] = []
        self._fee_items: list[QTableWidgetItem] = []
        self._problem_items: list[QTableWidgetItem] = []
        self.no_fee_note = label("", wrap=True)
        self.no_fee_note.setAccessibleName("Codes without a fee")
        self.import_button = button(
            "Import CSV…", "Read a fee schedule (code, fee in dollars) from a CSV file; "
            "what changes is shown first",
        )  # fmt: skip
        self.import_button.clicked.connect(self.import_fees)
        self.export_button = button(
            "Export CSV…", "Write this payer's fees to a CSV file (code, fee, our label)"
        )
        self.export_button.clicked.connect(self.export_fees)
        self.copy_button = button(
            "Copy from payer…", "Take another payer's fees, at a percentage if you like; "
            "what changes is shown first",
        )  # fmt: skip
        self.copy_button.clicked.connect(self.copy_fees)
        self._fill_fee_rows()

    def _fill_fee_rows(self) -> None:
        """A row per code the clinic uses (turned-off ones are left out), with its label."""
        codes = self.setup.fee_codes()
        if codes == self._codes:
            return
        self._codes = codes
        self.fees.blockSignals(True)
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
        self.fees.blockSignals(False)

    def _cell(self, row: int, column: int, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(READ_ONLY)
        if column == PROBLEM:
            item.setForeground(QBrush(QColor(COLORS["error_border"])))
        self.fees.setItem(row, column, item)
        return item

    def _lay_out(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.no_fee_note, 1)
        for widget in (self.import_button, self.export_button, self.copy_button):
            tools.addWidget(widget)
        table = QWidget()
        column = QVBoxLayout(table)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(tools)
        column.addWidget(self.fees, 1)
        actions = QWidget()
        buttons = QHBoxLayout(actions)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        self.heading = lay_out_record_page(
            self, self.records, self.form.layout, self.status, actions, table
        )

    # --- which payer ------------------------------------------------------------------------------

    def reload(self) -> None:
        """The records again; fees typed and not saved yet stay as typed."""
        kept = self._typed_state() if self.has_unsaved_changes() else None
        self._fill_fee_rows()
        payers = self.setup.payers()
        self.records.set_records([(p.name, p.id) for p in payers], keep=self.editing)
        self.edit(self.editing)
        if kept is not None:
            self._restore_typed(kept)

    def choose(self, payer_id: int | None) -> None:
        """Another payer picked in the list (None: New payer): unsaved changes asked first."""
        if payer_id is not None and payer_id == self.editing:
            return
        if not self.can_leave():
            self._show_picked(self.editing)
            return
        self._show_picked(payer_id)
        self.edit(payer_id)

    def _show_picked(self, payer_id: int | None) -> None:
        selection = self.records.view.selectionModel()
        selection.blockSignals(True)
        if payer_id is None:
            self.records.view.clearSelection()
            self.records.view.setCurrentIndex(QModelIndex())
        else:
            self.records.pick(payer_id)
        selection.blockSignals(False)

    def edit(self, payer_id: int | None) -> None:
        self.editing = payer_id
        found = None if payer_id is None else self.setup.payer(payer_id)
        self.heading.setText(f"Change {found.name}" if found else "New payer")
        self.name.setText(found.name if found else "")
        self.profile.setCurrentIndex(max(self.profile.findData(found.profile if found else ""), 0))
        self._show_assistants(found)
        self._assistants_chosen = found is not None and found.assistant_modifiers is not None
        fees = found.fees if found else {}
        self.fees.blockSignals(True)
        for row, (code, _) in enumerate(self._codes):
            self._fee_items[row].setText(_fee_text(fees.get(code)))
            self._problem_items[row].setText("")
        self.fees.blockSignals(False)
        self._original = self._snapshot()
        self._fee_edited()
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

    # --- unsaved changes --------------------------------------------------------------------------

    def _snapshot(self) -> Snapshot:
        fees = tuple(_as_typed(item.text()) for item in self._fee_items)
        return (
            self.name.text().strip(), str(self.profile.currentData()),
            self.assistants.isChecked(), fees,
        )  # fmt: skip

    def has_unsaved_changes(self) -> bool:
        return self._original is not None and self._snapshot() != self._original

    def _payer_words(self) -> str:
        return self.name.text().strip() or "the new payer"

    def can_leave(self) -> bool:
        """Unsaved changes: "Save the fee changes for Aetna?" Save (kept only if right),
        Discard, or Cancel (stay). True when the page may be left."""
        if not self.has_unsaved_changes():
            return True
        assert self._original is not None
        fees_changed = self._snapshot()[3] != self._original[3]
        what = "the fee changes for" if fees_changed else "the changes to"
        answer = self.ask_unsaved(f"Save {what} {self._payer_words()}?")
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            self.discard()
            return True
        return False

    def discard(self) -> None:
        """Back to the payer as last saved: an import or a copy not saved goes with it."""
        self.edit(self.editing)
        self.status.setText("")

    def _typed_state(self) -> tuple[str, int, bool, dict[str, str]]:
        texts = {code: self._fee_items[row].text() for row, (code, _) in enumerate(self._codes)}
        return (
            self.name.text(), self.profile.currentIndex(), self.assistants.isChecked(), texts,
        )  # fmt: skip

    def _restore_typed(self, kept: tuple[str, int, bool, dict[str, str]]) -> None:
        name, profile, assistants, texts = kept
        self.name.setText(name)
        self.profile.setCurrentIndex(profile)
        self.assistants.blockSignals(True)
        self.assistants.setChecked(assistants)
        self.assistants.blockSignals(False)
        for code, text in texts.items():
            if code in self._rows():
                self.set_fee_text(code, text)
        self._fee_edited()

    # --- the fee table ----------------------------------------------------------------------------

    def _rows(self) -> dict[str, int]:
        return {code: row for row, (code, _) in enumerate(self._codes)}

    def set_fee_text(self, code: str, text: str) -> None:
        """Type a fee for a code (what the table's editor does; tests use it too)."""
        self._fee_items[self._rows()[code]].setText(text)

    def fee_text(self, code: str) -> str:
        return self._fee_items[self._rows()[code]].text()

    def fee_problem(self, code: str) -> str:
        return self._problem_items[self._rows()[code]].text()

    def shown_fee(self, code: str) -> str:
        """What the fee cell shows: the fee, or "no fee"."""
        return self.fee_text(code).strip() or NO_FEE

    def changed_codes(self) -> list[str]:
        """The codes whose fee differs from the saved one (marked in the table)."""
        if self._original is None:
            return []
        now = self._snapshot()[3]
        return [code for row, (code, _) in enumerate(self._codes)
                if now[row] != self._original[3][row]]  # fmt: skip

    def _fee_edited(self, item: QTableWidgetItem | None = None) -> None:
        """Count the codes without a fee; mark the fees that differ from the saved ones."""
        if item is not None and item.column() != FEE:
            return
        changed = set(self.changed_codes())
        missing = 0
        self.fees.blockSignals(True)
        for row, (code, _) in enumerate(self._codes):
            fee = self._fee_items[row]
            missing += not fee.text().strip()
            marked = QColor(COLORS["warning"]) if code in changed else QColor(0, 0, 0, 0)
            fee.setBackground(QBrush(marked))
        self.fees.blockSignals(False)
        if missing:
            codes = "1 code has" if missing == 1 else f"{missing} codes have"
            their = "its superbills" if missing == 1 else "their superbills"
            self.no_fee_note.setText(f"{codes} no fee: {their} cannot be printed.")
            self.no_fee_note.setStyleSheet(f"color: {COLORS['error_border']}; font-weight: bold;")
        else:
            self.no_fee_note.setText("Every code has a fee.")
            self.no_fee_note.setStyleSheet(f"color: {COLORS['muted']};")
        self.discard_button.setEnabled(self.has_unsaved_changes())

    def _typed_fees(self) -> dict[str, int | None] | None:
        """Every fee as cents (None when blank), or None after marking the wrong ones."""
        typed: dict[str, int | None] = {}
        wrong = None
        for row, (code, _) in enumerate(self._codes):
            amount, problem = checks.cents(self._fee_items[row].text())
            self._problem_items[row].setText(problem or "")
            self._problem_items[row].setToolTip(problem or "")
            typed[code] = amount
            if problem and wrong is None:
                wrong = row
        if wrong is not None:
            self.fees.scrollToItem(self._fee_items[wrong])
            return None
        return typed

    def _pending(self, message: str) -> None:
        """Said in amber: in the table, not saved yet."""
        self.status.setStyleSheet(PENDING_STYLE)
        self.status.setText(message)

    # --- import, export, copy ---------------------------------------------------------------------

    def import_fees(self) -> None:
        path = self.choose_import_path()
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> bool:
        """A CSV schedule into the table, after showing what changes; a file with any wrong
        line brings nothing, and every wrong line is listed."""
        try:
            text = read_fee_file(path)
        except UserError as error:
            self.status.failed(f"Nothing was imported: {error.message}.")
            return False
        shown = {row.code for row in self.setup.code_rows() if not row.shown}
        read = parse_fee_csv(text, list(self._rows()), turned_off=shown)
        if not read.ok:
            lines = len(read.problems)
            heading = (
                f"Nothing was imported from {path.name}: {lines} "
                f"{'line is' if lines == 1 else 'lines are'} wrong. Correct "
                f"{'it' if lines == 1 else 'them'} in the file and import it again."
            )
            self.status.failed(heading)
            self.show_problems(heading, read.problems)
            return False
        return self._offer(read.fees, f"From {path.name}")

    def export_fees(self) -> None:
        words = _UNSAFE_IN_FILE_NAMES.sub(" ", self._payer_words()).strip() or "payer"
        path = self.choose_export_path(f"{words} fees.csv")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """The fees as the table shows them, to a CSV file (written whole or not at all)."""
        fees = self._typed_fees()
        if fees is None:
            self.status.failed("Nothing was exported: correct the fees marked in red first.")
            return False
        rows = [(code, service, fees[code]) for code, service in self._codes]
        try:
            target = write_fee_file(path, rows)
        except UserError as error:
            self.status.failed(f"Nothing was exported: {error.message}.")
            return False
        count = sum(amount is not None for amount in fees.values())
        unsaved = " (as shown: the changes are not saved yet)" if self.has_unsaved_changes() else ""
        self.status.done(
            f"{count} fees of {self._payer_words()} written to {target.name}{unsaved}."
        )
        return True

    def copy_fees(self) -> None:
        others = [(p.name, p.id) for p in self.setup.payers() if p.id != self.editing]
        if not others:
            self.status.failed("There is no other payer to copy from; add one first.")
            return
        choice = self.ask_copy_source(others)
        if choice is not None:
            self.copy_from(*choice)

    def copy_from(self, payer_id: int, percent: str = "100") -> bool:
        """Another payer's fees at a percentage (to the cent, half a cent up) into the
        table, after showing what changes; codes it has no fee for keep theirs."""
        hundredths, problem = parse_percent(percent)
        if hundredths is None:
            self.status.failed(f"Nothing was copied: {problem}.")
            return False
        source = self.setup.payer(payer_id)
        fees, problems = copied(source.fees, list(self._rows()), hundredths)
        if problems:
            self.status.failed("Nothing was copied: " + "; ".join(problems) + ".")
            return False
        if not fees:
            self.status.failed(f"Nothing was copied: {source.name} has no fees for these codes.")
            return False
        whole, part = divmod(hundredths, 100)
        at = (
            ""
            if hundredths == 100_00
            else f" at {whole}{f'.{part:02d}'.rstrip('0') if part else ''}%"
        )
        return self._offer(dict(fees), f"{source.name}'s fees{at}")

    def _offer(self, incoming: dict[str, int | None], source: str) -> bool:
        """What `incoming` would change in the table, shown; into the table when wanted."""
        current = {code: _current(self.fee_text(code)) for code in self._rows()}
        labels = dict(self._codes)
        changes = compare(current, incoming, labels)
        if not changes.all:
            self.status.done(f"{source}: every fee is already so in the table; nothing changed.")
            return False
        if not self.confirm_fees(f"{source} for {self._payer_words()}", changes):
            self.status.setText("")
            return False
        for change in changes.all:
            self.set_fee_text(change.code, _fee_text(change.after))
        self._pending(
            f"{source}: {changes.summary()}. Not saved yet: check the fees marked in "
            "yellow, then Save payer (or Discard changes)."
        )
        return True

    # --- saving -----------------------------------------------------------------------------------

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
        saved = self.setup.save_payer(
            self.editing or NEW, name, profile, typed,
            assistant_modifiers=self.assistants.isChecked(),
        )  # fmt: skip
        self._original = None  # saved: the reload shows the payer as stored
        return saved


def _current(text: str) -> int | None:
    """A fee in the table as cents; one that is not money counts as none."""
    amount, _ = checks.cents(text)
    return amount
