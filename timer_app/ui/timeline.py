"""The visit's intervals as a table model (the side panel's timeline)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from timer_app.billing import Catalog
from timer_app.session import Interval
from timer_app.ui.theme import clock_text

HEADERS = ("Start", "End", "Code", "Time")
Index = QModelIndex | QPersistentModelIndex


class TimelineModel(QAbstractTableModel):
    """One row per interval, in start order; a running interval shows its time so far."""

    def __init__(self, catalog: Catalog, tz: tzinfo) -> None:
        super().__init__()
        self._catalog = catalog
        self._tz = tz
        self._rows: list[tuple[Interval, int]] = []  # interval, elapsed seconds

    def set_intervals(self, rows: Sequence[tuple[Interval, int]]) -> None:
        ordered = sorted(rows, key=lambda row: row[0].start)
        if [r[0] for r in ordered] == [r[0] for r in self._rows]:
            self._rows = ordered  # same intervals: only the running time moved
            if ordered:
                self.dataChanged.emit(self.index(0, 3), self.index(len(ordered) - 1, 3))
            return
        self.beginResetModel()
        self._rows = ordered
        self.endResetModel()

    def interval_at(self, row: int) -> Interval:
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        interval, seconds = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{interval.code} {self._catalog[interval.code].label}: double-click to fix"
        cells = (
            interval.start.astimezone(self._tz).strftime("%H:%M:%S"),
            "▶ now"
            if interval.end is None
            else interval.end.astimezone(self._tz).strftime("%H:%M:%S"),
            interval.code,
            clock_text(seconds),
        )
        return cells[index.column()]
