"""The owner's audit log: who changed or read what, when, on which computer, from what to
what, and why.

AuditView(clinic). The entries newest first, filtered by person, patient and the clinic's
dates; the rows listed are exported as CSV (owner-only, written whole or not at all) and
the export is itself recorded. Anyone but the owner sees a sentence and no row.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic import ClinicServices
from timer_app.dates import current_style, show_date, show_day
from timer_app.errors import UserError
from timer_app.outputs import check_target, data_folder_of, write_bytes
from timer_app.records import AuditEntry
from timer_app.records.people import Permission
from timer_app.superbill.model import printable
from timer_app.ui import integrity_dialog
from timer_app.ui.save_path import choose_save_path
from timer_app.ui.theme import COLORS
from timer_app.ui.widgets import button, explain, label, plain_tip

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole  # the row's AuditEntry
LIMIT = 1000  # entries read at a time; more: narrow the filters
DAYS_LISTED = 30  # the From date starts this many days before today
CELL_CHARACTERS = 160  # a longer cell is cut on screen; its tooltip and the CSV keep it all
NO_MATCH = -1  # the patient filter when no patient matches the search
REFUSED = (
    "The audit log is for the clinic's owner. Sign in as the owner to read it: it names "
    "every patient whose records were changed or read."
)
DONE_STYLE = (  # the front desk's "all went well" banner
    f"background: #e7f4ec; border: 1px solid {COLORS['running']}; border-radius: 6px; padding: 8px;"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


# --- the rows, without Qt ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry as the owner reads it: every cell in plain, printable words."""

    entry: AuditEntry
    time: str  # on the clinic's clock
    iso_time: str  # the same instant, with its offset (the CSV's)
    patient: str
    change: str

    def cells(self) -> tuple[str, ...]:
        return tuple(column[2](self) for column in COLUMNS)


# (header, tooltip, text of a row)
COLUMNS: tuple[tuple[str, str, Callable[[AuditRow], str]], ...] = (
    ("Time", "When, on the clinic's clock", lambda r: r.time),
    ("Person", "Who was signed in (or the OS account that ran a command)",
     lambda r: printable(r.entry.who, None)),
    ("Workstation", "The computer it was done on", lambda r: printable(r.entry.workstation, None)),
    ("What", "What was changed or read", lambda r: printable(r.entry.what, None)),
    ("Patient", "Whose records", lambda r: r.patient),
    ("Visit", "The visit's number", lambda r: "" if r.entry.visit_id is None
     else str(r.entry.visit_id)),
    ("Before → after", "What it was and what it became", lambda r: r.change),
    ("Reason", "Why, as the person gave it", lambda r: printable(r.entry.reason, None)),
)  # fmt: skip
VISIT_COLUMN = 5
CHANGE_COLUMN = 6


def change_words(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """Before and after in one line: only what changed ("status: signed → billed"), what a
    new thing is ("code: 97110"), or what a removed thing was ("was code: 97110")."""
    if before and after:
        keys = list(dict.fromkeys([*before, *after]))
        changed = [key for key in keys if before.get(key) != after.get(key)]
        if not changed:
            return _pairs(after)
        return "; ".join(
            f"{_key(key)}: {_value(before.get(key))} → {_value(after.get(key))}"
            for key in changed
        )
    if after:
        return _pairs(after)
    if before:
        return f"was {_pairs(before)}"
    return ""


def _pairs(values: dict[str, Any]) -> str:
    return "; ".join(f"{_key(key)}: {_value(value)}" for key, value in values.items())


def _key(key: str) -> str:
    return printable(str(key).replace("_", " "), None)


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return printable(value, None) or '""'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + _pairs(value) + "}"
    return printable(str(value), None)


def audit_rows(
    entries: Iterable[AuditEntry], tz: tzinfo, patient_name: Callable[[int], str]
) -> list[AuditRow]:
    rows = []
    for entry in entries:
        local = entry.at.astimezone(tz)
        patient = "" if entry.patient_id is None else patient_name(entry.patient_id)
        shown = f"{show_day(local.date())} {local:%H:%M:%S}"
        rows.append(AuditRow(
            entry, shown, local.isoformat(timespec="seconds"),
            patient, change_words(entry.before, entry.after),
        ))  # fmt: skip
    return rows


CSV_HEADER = ("Entry", "Time", "Person", "Workstation", "What", "Patient", "Patient id", "Visit",
              "Before → after", "Reason", "Before", "After")  # fmt: skip


def csv_bytes(rows: Sequence[AuditRow]) -> bytes:
    """The rows as CSV (UTF-8 with the mark spreadsheets look for), every value as text: a
    cell a spreadsheet would run as a formula is quoted with a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        entry = row.entry
        writer.writerow([_safe(cell) for cell in (
            str(entry.id), row.iso_time, *row.cells()[1:5],
            "" if entry.patient_id is None else str(entry.patient_id),
            *row.cells()[5:], _json(entry.before), _json(entry.after),
        )])  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


def _json(values: dict[str, Any] | None) -> str:
    return "" if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def _safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


# --- the model ------------------------------------------------------------------------------


class AuditTableModel(QAbstractTableModel):
    """Rows are `AuditRow`s, newest first; `set_rows` replaces them all."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[AuditRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        text = COLUMNS[index.column()][2](row)
        if role == Qt.ItemDataRole.DisplayRole:
            return printable(text, CELL_CHARACTERS)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(text) if text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == VISIT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ENTRY_ROLE:
            return row.entry
        return None

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][1]
        return None


# --- where the CSV goes ---------------------------------------------------------------------


def choose_csv_path(parent: QWidget, suggested: Path) -> Path | None:
    """The file the owner picks in the native save dialog, or None when cancelled (tests
    replace this). The clinic's database, its folders, a folder or a read-only folder are
    refused in words and the dialog opens again; the dialog asked about replacing a file."""
    return choose_save_path(parent, "Export the audit log as CSV", suggested, "csv")


# --- the screen -----------------------------------------------------------------------------


def _date_edit(name: str, tip: str, day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(f"ddd {current_style().qt_pattern}")
    return explain(edit, name, tip)


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class AuditView(QWidget):
    """The audit log for the owner: filters, then the entries, then Export CSV."""

    def __init__(self, clinic: ClinicServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.model = AuditTableModel()
        self._patient_names: dict[int, str] = {}
        self.refused = label(REFUSED, "banner_warning", wrap=True)
        self.refused.setAccessibleName("Audit log refused")
        self.body = QWidget()
        self._build_filters(clinic.treatment.today())
        self._build_table()
        self._build_actions()
        self._lay_out()
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build_filters(self, today: date) -> None:
        self.person = explain(QComboBox(), "Person", "Only what this person did")
        self.patient_search = explain(
            QLineEdit(), "Find patient",
            "Type part of a patient's name or their date of birth (Ctrl+F)",
        )  # fmt: skip
        self.patient_search.setPlaceholderText("Name or date of birth")
        self.patient_search.setMinimumWidth(220)
        self.patient_search.setClearButtonEnabled(True)
        self.patient = explain(QComboBox(), "Patient", "Only what concerns this patient")
        self.patient.setMinimumContentsLength(18)
        self.start = _date_edit("From date", "First day to list (the clinic's days)",
                                today - timedelta(days=DAYS_LISTED))  # fmt: skip
        self.end = _date_edit("To date", "Last day to list (inclusive)", today)
        self.refresh_button = button("Refresh", "Read the audit log again (F5)")
        self._fill_patients()
        self.person.currentIndexChanged.connect(self.refresh)
        self.patient_search.textChanged.connect(self._find_patients)
        self.patient.currentIndexChanged.connect(self.refresh)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        explain(self.table, "Audit entries", "Every change and every disclosure, newest first")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHANGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.summary = label("", "caption")
        self.summary.setAccessibleName("Entries listed")

    def _build_actions(self) -> None:
        self.check_button = button(
            "Check for outside changes…",
            "Look for signed visits and audit entries changed outside Therapy Timer",
        )
        self.check_button.clicked.connect(self.check_integrity)
        self.export_button = button(
            "Export CSV…", "Save the entries listed as a CSV file only you can read", "primary"
        )
        self.export_button.clicked.connect(self.export_csv)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Problem")
        self.notice = label("", "", wrap=True)
        self.notice.setStyleSheet(DONE_STYLE)
        self.notice.setAccessibleName("Done")
        self.problem.hide()
        self.notice.hide()
        for keys, slot in ((QKeySequence.StandardKey.Find, self.focus_patient_search),
                           (QKeySequence.StandardKey.Refresh, self.refresh)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        pairs = (("Person", self.person), ("Patient", self.patient_search), ("", self.patient),
                 ("From", self.start), ("To", self.end))  # fmt: skip
        for text, widget in pairs:
            if text:
                caption = QLabel(text)
                caption.setBuddy(widget)
                filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.refresh_button)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.check_button)
        actions.addWidget(self.export_button)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(filters)
        body.addWidget(self.table, 1)
        body.addWidget(self.problem)
        body.addWidget(self.notice)
        body.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Audit log", "figure"))
        layout.addWidget(label(
            "Every change and every disclosure, under the person signed in and the computer "
            "used. Times are on the clinic's clock.", "caption", wrap=True,
        ))  # fmt: skip
        layout.addWidget(self.refused)
        layout.addWidget(self.body, 1)
        order = (self.person, self.patient_search, self.patient, self.start, self.end,
                 self.refresh_button, self.table, self.check_button,
                 self.export_button)  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # --- reading -----------------------------------------------------------------------------

    def allowed(self) -> bool:
        """The owner sees the log; anyone else a sentence, and no row is kept."""
        allowed = self.clinic.access.can(Permission.AUDIT)
        self.refused.setVisible(not allowed)
        self.body.setVisible(allowed)
        if not allowed:
            self.model.set_rows([])
            self._patient_names.clear()
        return allowed

    def refresh(self) -> None:
        """List the entries the filters ask for, newest first."""
        if not self.allowed():
            return
        self.problem.hide()
        start, end = _day(self.start), _day(self.end)
        if start > end:
            self.model.set_rows([])
            self.say_problem("The From date is after the To date; choose a From date first.")
            self._show_summary(0, False)
            return
        try:
            self._fill_people()
            # The store's days are not the clinic's: read a day more each side, keep the
            # clinic's days below.
            entries = self.clinic.store.audit.find(
                who=self.person.currentData(), patient_id=self.patient.currentData(),
                start=start - timedelta(days=1), end=end + timedelta(days=1), limit=LIMIT,
            )  # fmt: skip
            tz = self.clinic.tz
            kept = [e for e in entries if start <= e.at.astimezone(tz).date() <= end]
            self.model.set_rows(audit_rows(kept, tz, self._patient_name))
        except UserError as error:
            self.model.set_rows([])
            self.say_problem(error.message)
            return
        self._show_summary(len(kept), len(entries) >= LIMIT)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Read again on the way in: someone else may be signed in, the log has grown."""
        super().showEvent(event)
        self.refresh()

    def _show_summary(self, count: int, cut: bool) -> None:
        words = f"{count} entr{'y' if count == 1 else 'ies'}, newest first"
        if cut:
            words += f" (only the newest {LIMIT} were read: narrow the dates or the person)"
        self.summary.setText(words)

    def _fill_people(self) -> None:
        """Everyone who may sign in, and every name the log holds (former users, commands)."""
        names = {user.name for user in self.clinic.access.users()}
        names |= {entry.who for entry in self.clinic.store.audit.latest(LIMIT)}
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem("Everyone", None)
        for name in sorted(names | ({chosen} if chosen else set()), key=str.casefold):
            self.person.addItem(printable(name), name)
        self.person.setCurrentIndex(max(self.person.findData(chosen), 0))
        self.person.blockSignals(False)

    def _find_patients(self) -> None:
        self._fill_patients()
        self.refresh()

    def _fill_patients(self) -> None:
        """All patients while the search is empty; else the matches, the first chosen."""
        text = self.patient_search.text().strip()
        self.patient.blockSignals(True)
        self.patient.clear()
        if not text:
            self.patient.addItem("All patients", None)
        else:
            try:
                found = self.clinic.setup.patients(text)
            except UserError as error:
                self.say_problem(error.message)
                found = []
            for patient in found:
                born = show_date(patient.date_of_birth)
                self.patient.addItem(f"{printable(patient.name)} ({born})", patient.id)
            if not found:
                self.patient.addItem("No patient matches", NO_MATCH)
        self.patient.setCurrentIndex(0)
        self.patient.blockSignals(False)

    def _patient_name(self, patient_id: int) -> str:
        if patient_id not in self._patient_names:
            try:
                name = printable(self.clinic.setup.patient(patient_id).name, None)
            except UserError:  # removed since: the log keeps the id
                name = f"patient {patient_id} (removed)"
            self._patient_names[patient_id] = name
        return self._patient_names[patient_id]

    def focus_patient_search(self) -> None:
        self.patient_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.patient_search.selectAll()

    # --- actions -----------------------------------------------------------------------------

    def say_problem(self, message: str) -> None:
        self.notice.hide()
        self.problem.setText(message)
        self.problem.show()

    def say_done(self, message: str) -> None:
        self.problem.hide()
        self.notice.setText(message)
        self.notice.show()

    def export_csv(self) -> None:
        """The entries listed, to a file the owner chooses; the export is recorded."""
        if not self.allowed():
            return
        rows = self.model.rows()
        path = choose_csv_path(self, self._suggested_file())
        if path is None:
            return
        patient = self.patient.currentData()
        try:
            self.clinic.access.require(Permission.AUDIT)
            folder = self.clinic.location.parent if self.clinic.location else None
            target = check_target(path, overwrite=True, data_dir=folder or data_folder_of(path))
            write_bytes(target, csv_bytes(rows), overwrite=True)
        except UserError as error:
            self.say_problem(f"Nothing was exported: {error.message}")
            return
        try:
            self.clinic.store.log_access(
                "audit log exported", patient_id=patient if patient != NO_MATCH else None,
                after={"rows": len(rows), "file": path.name},
            )  # fmt: skip
        except UserError as error:  # every disclosure is recorded, or it does not happen
            path.unlink(missing_ok=True)
            self.say_problem(
                f"The export could not be recorded in the audit log, so the file was "
                f"deleted: {error.message}"
            )
            return
        self.refresh()
        self.say_done(f"Exported {len(rows)} entr{'y' if len(rows) == 1 else 'ies'} to {path}.")

    def check_integrity(self) -> None:
        """Look for changes made outside the program and show what was found."""
        if not self.allowed():
            return
        try:
            findings = self.clinic.integrity.check()
        except UserError as error:
            self.say_problem(error.message)
            return
        integrity_dialog.show_findings(self, findings)

    def _suggested_file(self) -> Path:
        start, end = _day(self.start), _day(self.end)
        return Path.home() / f"audit-log-{start.isoformat()}_to_{end.isoformat()}.csv"
