"""The visit's intervals as a table model (the side panel's timeline)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from timer_app.billing import Catalog
from timer_app.local_zone import wall_clock
from timer_app.session import Interval
from timer_app.ui.theme import clock_text
from timer_app.ui.widgets import plain_tip

HEADERS = ("Start", "End", "Code", "Time")
Index = QModelIndex | QPersistentModelIndex


class TimelineModel(QAbstractTableModel):
    """One row per interval, in start order; a running interval shows its time so far."""

    def __init__(self, catalog: Catalog, tz: tzinfo) -> None:
        super().__init__()
        self._catalog = catalog
        self._tz = tz
        self._rows: list[tuple[Interval, int]] = []  # interval, elapsed seconds
        self._cells: list[tuple[str, str, str, str]] = []  # the same, as shown

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def set_intervals(self, rows: Sequence[tuple[Interval, int]]) -> None:
        ordered = sorted(rows, key=lambda row: row[0].start)
        if [r[0] for r in ordered] == [r[0] for r in self._rows]:
            changed = [
                i
                for i, (old, new) in enumerate(zip(self._rows, ordered, strict=True))
                if old != new
            ]
            self._rows = ordered  # same intervals: only a running time moved
            self._cells = [self._format(*row) for row in ordered]
            for row in changed:
                self.dataChanged.emit(self.index(row, 3), self.index(row, 3))
            return
        self.beginResetModel()
        self._rows = ordered
        self._cells = [self._format(*row) for row in ordered]
        self.endResetModel()

    def _format(self, interval: Interval, seconds: int) -> tuple[str, str, str, str]:
        # Per instant in the zone: each side of a daylight-saving change reads its own offset,
        # and a time in the repeated hour names it ("01:10:00 EST").
        end = wall_clock(interval.end, self._tz, "%H:%M:%S") if interval.end else "▶ now"
        start = wall_clock(interval.start, self._tz, "%H:%M:%S")
        return (start, end, interval.code, clock_text(seconds))

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
        if role == Qt.ItemDataRole.ToolTipRole:
            code = self._rows[index.row()][0].code
            return plain_tip(f"{code} {self._catalog[code].label}: double-click to fix")
        return self._cells[index.row()][index.column()]
