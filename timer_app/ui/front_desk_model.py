"""The front desk's visit list as Qt models: one row per visit, read-only.

`VisitTableModel` holds the rows; `VisitListModel` is what the table shows: sorted by the
column header clicked, filtered by the patient search (name words or date of birth).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from timer_app.clinic.front_desk import DeskVisit
from timer_app.dates import show_day
from timer_app.records.model import parse_birth_date
from timer_app.superbill.money import format_cents
from timer_app.ui.theme import COLORS
from timer_app.ui.widgets import plain_tip

Index = QModelIndex | QPersistentModelIndex
VISIT_ROLE = Qt.ItemDataRole.UserRole  # the row's DeskVisit
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # what a column sorts by (dates, numbers, cents)
NO_AMOUNT = "—"  # a visit that cannot say what it charges


def _money(cents: int | None) -> str:
    return NO_AMOUNT if cents is None else format_cents(cents)

# (header, tooltip, text of a row); numbers are right-aligned
COLUMNS: tuple[tuple[str, str, Callable[[DeskVisit], str]], ...] = (
    ("Date", "Date of service", lambda v: show_day(v.visit.date)),
    ("Visit", "The visit's number", lambda v: str(v.visit.id)),
    ("Patient", "Patient", lambda v: v.patient.name),
    ("Clinician", "Who treated", lambda v: f"{v.clinician.name}, {v.clinician.credentials}"),
    ("Payer", "Insurance billed", lambda v: v.payer.name if v.payer else "None chosen"),
    ("Status", "Signed visits can be printed and billed", lambda v: v.status_words),
    ("Lines", "Claim lines (one per code)", lambda v: str(v.line_count)),
    ("Units", "Billable units of all its lines", lambda v: str(v.units)),
    ("Timed min", "Total timed minutes", lambda v: str(v.timed_minutes)),
    ("Charged", "What its superbill charges (— when it cannot be billed)",
     lambda v: _money(v.charged_cents)),
    ("Paid", "What was paid at the desk", lambda v: _money(v.paid_cents)),
    ("Balance", "Charged less paid", lambda v: _money(v.balance_cents)),
)  # fmt: skip
NUMBER_COLUMNS = frozenset({1, 6, 7, 8, 9, 10, 11})
STATUS_COLUMN = 5

# What each column sorts by: dates and numbers as such, text without case
SORT_KEYS: tuple[Callable[[DeskVisit], Any], ...] = (
    lambda v: (v.visit.date.isoformat(), v.visit.id),
    lambda v: v.visit.id,
    lambda v: v.patient.name.casefold(),
    lambda v: v.clinician.name.casefold(),
    lambda v: v.payer.name.casefold() if v.payer else "",
    lambda v: v.status_words,
    lambda v: v.line_count,
    lambda v: v.units,
    lambda v: v.timed_minutes,
    lambda v: -1 if v.charged_cents is None else v.charged_cents,
    lambda v: v.paid_cents,
    lambda v: -(10**12) if v.balance_cents is None else v.balance_cents,
)


class VisitTableModel(QAbstractTableModel):
    """Rows are `DeskVisit`s; `set_visits` replaces them all (a new filter or a refresh)."""

    def __init__(self) -> None:
        super().__init__()
        self._visits: list[DeskVisit] = []
        self._changed_outside: dict[int, str] = {}  # visit id -> what the check found

    def set_visits(self, visits: Sequence[DeskVisit]) -> None:
        self.beginResetModel()
        self._visits = list(visits)
        self.endResetModel()

    def set_findings(self, visits: dict[int, str]) -> None:
        """Mark the visits `clinic.integrity.check()` found changed outside the program
        (`Findings.visits`: visit id -> its words); an empty dict clears the marks."""
        self._changed_outside = dict(visits)
        if self._visits:
            last = self.index(len(self._visits) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def changed_outside(self, visit_id: int) -> str | None:
        """What the integrity check found about this visit, or None."""
        return self._changed_outside.get(visit_id)

    def visits(self) -> list[DeskVisit]:
        return list(self._visits)

    def visit_at(self, row: int) -> DeskVisit:
        return self._visits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name)
        return 0 if parent.isValid() else len(self._visits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visits):
            return None
        item = self._visits[index.row()]
        column = index.column()
        tampered = self._changed_outside.get(item.visit.id)
        if tampered is not None and column == STATUS_COLUMN:
            return _tampered_data(item, tampered, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return COLUMNS[column][2](item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            words = _tooltip(item) if tampered is None else _tampered_tip(item, tampered)
            return plain_tip(words)  # it names the patient
        if role == Qt.ItemDataRole.ForegroundRole and item.problem is not None:
            return QBrush(QColor(COLORS["error_border"]))
        if role == Qt.ItemDataRole.ForegroundRole and not item.final:
            return QBrush(QColor(COLORS["muted"]))
        if role == VISIT_ROLE:
            return item
        if role == SORT_ROLE:
            return SORT_KEYS[column](item)
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
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


CHANGED_OUTSIDE = "changed outside the program"


def _tampered_data(item: DeskVisit, words: str, role: int) -> Any:
    """The status cell of a visit changed outside the program: said, in the error color."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        return f"{item.status_words} — {CHANGED_OUTSIDE}"
    if role == Qt.ItemDataRole.ToolTipRole:
        return plain_tip(_tampered_tip(item, words))
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(QColor(COLORS["error_border"]))
    if role == VISIT_ROLE:
        return item
    return None


def _tampered_tip(item: DeskVisit, words: str) -> str:
    return f"{item.label}: {words}"


def _tooltip(item: DeskVisit) -> str:
    if item.problem is not None:
        return f"{item.label} cannot be billed as it stands: {item.problem}"
    if item.final:
        return f"{item.label}: {item.status_words.lower()}; its superbill can be printed"
    return (
        f"{item.label}: {item.status_words.lower()}. It can be printed and billed once the "
        "therapist signs it."
    )


class VisitListModel(QSortFilterProxyModel):
    """The rows as the table shows them: sorted by a header, filtered by the patient search.

    Rows and their order here are what the desk sees and selects; `source` keeps them all.
    """

    def __init__(self) -> None:
        super().__init__()
        self.source = VisitTableModel()
        self.setSourceModel(self.source)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self._born: date | None = None

    def set_visits(self, visits: Sequence[DeskVisit]) -> None:
        self.source.set_visits(visits)

    def set_findings(self, visits: dict[int, str]) -> None:
        self.source.set_findings(visits)

    def changed_outside(self, visit_id: int) -> str | None:
        return self.source.changed_outside(visit_id)

    def visits(self) -> list[DeskVisit]:
        """The rows shown, in the order shown."""
        return [self.visit_at(row) for row in range(self.rowCount())]

    def visit_at(self, row: int) -> DeskVisit:
        return self.source.visit_at(self.mapToSource(self.index(row, 0)).row())

    def search(self, text: str) -> None:
        """Only the patients whose name has every word typed, or born on the date typed."""
        born = parse_birth_date(text.strip())
        words = [] if born else text.casefold().split()
        if hasattr(self, "endFilterChange"):  # Qt 6.10 on: invalidateFilter is deprecated
            self.beginFilterChange()
            self._born, self._words = born, words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._born, self._words = born, words
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 (Qt's name)
        patient = self.source.visit_at(row).patient
        if self._born is not None:
            return patient.date_of_birth == self._born
        name = patient.name.casefold()
        return all(word in name for word in self._words)
