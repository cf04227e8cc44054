"""The side panel: live totals and the timeline of the visit's intervals."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import Catalog
from timer_app.session import Interval, VisitSnapshot
from timer_app.ui.theme import clock_text
from timer_app.ui.timeline import TimelineModel
from timer_app.ui.widgets import label


class Figure(QWidget):
    """A big number with its caption."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.value = label("0", "figure")
        self.value.setAccessibleName(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(label(caption, "caption"))

    def set(self, text: str) -> None:
        self.value.setText(text)
        self.value.setAccessibleDescription(text)


class SidePanel(QFrame):
    """Totals on top, the timeline below; `fix_requested(interval)` opens the edit dialog."""

    fix_requested = Signal(object)

    def __init__(self, catalog: Catalog, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setMinimumWidth(330)
        self.timed_minutes = Figure("timed minutes")
        self.treatment_minutes = Figure("treatment minutes")
        self.units = Figure("timed units")
        self.next_unit = label("", "caption")
        self.next_unit.setAccessibleName("Time to the next unit")
        self._fit_next_unit()
        self.next_unit.installEventFilter(self)  # measured again when the text size changes
        figures = QGridLayout()
        figures.addWidget(self.timed_minutes, 0, 0)
        figures.addWidget(self.treatment_minutes, 0, 1)
        figures.addWidget(self.units, 1, 0)
        figures.addWidget(self.next_unit, 1, 1)
        self.model = TimelineModel(catalog, tz)
        self.timeline = QTableView()
        self.timeline.setModel(self.model)
        self.timeline.setAccessibleName("Timeline of the visit's intervals")
        self.timeline.setToolTip("Double-click an interval to fix its start, end or code")
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.verticalHeader().hide()
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, 1):  # start and end: whole times, whatever the text size
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.doubleClicked.connect(lambda index: self._fix(index.row()))
        self.fix_button = QPushButton("Fix selected interval…")
        self.fix_button.setAccessibleName("Fix selected interval")
        self.fix_button.setToolTip("Correct the start, end or code of the selected interval")
        self.fix_button.clicked.connect(self._fix_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>This visit</b>"))
        layout.addLayout(figures)
        layout.addWidget(QLabel("<b>Timeline</b>"))
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.fix_button)

    def _fit_next_unit(self) -> None:
        """Its text changes every second: a fixed size keeps it from laying the window out
        again each time (that was most of the CPU while timing); it fits the widest words
        in the label's font as the style sheet sets it."""
        self.next_unit.ensurePolished()
        metrics = self.next_unit.fontMetrics()
        widest = max(metrics.horizontalAdvance(words) for words in NEXT_UNIT_WORDS)
        self.next_unit.setFixedSize(widest + 8, metrics.height() + 4)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.next_unit and event.type() in _RESTYLED:
            self._fit_next_unit()
        return super().eventFilter(watched, event)

    def show_snapshot(
        self, snapshot: VisitSnapshot | None, rows: list[tuple[Interval, int]]
    ) -> None:
        if snapshot is None:
            for figure in (self.timed_minutes, self.treatment_minutes, self.units):
                figure.set("–")
            self.next_unit.setText("")
        else:
            self.timed_minutes.set(str(snapshot.total_timed_minutes))
            self.treatment_minutes.set(str(snapshot.total_treatment_minutes))
            self.units.set(str(snapshot.total_timed_units))
            self.next_unit.setText(_next_unit_words(snapshot))
        self.model.set_intervals(rows)
        self.fix_button.setEnabled(bool(rows))

    def _fix_selected(self) -> None:
        rows = self.timeline.selectionModel().selectedRows()
        self._fix(rows[0].row() if rows else self.model.rowCount() - 1)

    def _fix(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.fix_requested.emit(self.model.interval_at(row))


NEXT_UNIT_WORDS = ("Next unit in 88:88", "Nothing timed runs.")
_RESTYLED = (QEvent.Type.StyleChange, QEvent.Type.FontChange, QEvent.Type.Polish)


def _next_unit_words(snapshot: VisitSnapshot) -> str:
    waits = [
        c.seconds_to_next_unit
        for c in snapshot.codes
        if c.running and c.timed and c.seconds_to_next_unit is not None
    ]
    if not waits:
        return NEXT_UNIT_WORDS[1]
    return NEXT_UNIT_WORDS[0].replace("88:88", clock_text(min(waits)))
