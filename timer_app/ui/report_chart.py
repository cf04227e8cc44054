"""A report's numbers as horizontal bars, painted with QPainter (no chart library): one row
per table row, one bar per chosen column, its value written at the bar's end."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from timer_app.clinic.reports import Table
from timer_app.ui.theme import COLORS

MAX_BARS = 12  # rows drawn; the rest are in the table
SERIES_COLORS = ("#1f4e79", "#d08a1c", "#4f8a5b")  # accent, amber, green: told apart in grey too
ROW_HEIGHT = 26
GAP = 8


class BarChart(QWidget):
    """Horizontal bars of a `Table`; what it shows is also said in its accessible
    description, for a screen reader (the table beside it holds every number)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self.rows: list[tuple[str, list[int], list[str]]] = []
        self.series: list[str] = []
        self.more = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_table(self, table: Table) -> None:
        self.table = table
        self.series = [table.columns[i].title for i in table.bars]
        drawn = table.chart_rows()
        shown = drawn[:MAX_BARS]
        self.more = len(drawn) - len(shown)
        self.rows = [
            (table.label(row), [_length(row[i]) for i in table.bars],
             [table.shown(row[i], i) for i in table.bars])
            for row in shown
        ]  # fmt: skip
        self.setAccessibleName(f"{table.title} chart")
        self.setAccessibleDescription(self.words())
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def words(self) -> str:
        """The chart in a sentence: 'Units per clocked hour: Dana Reyes 3.4; Sam Ortiz 4.7'."""
        if not self.rows:
            return "Nothing to draw for this range."
        parts = [
            f"{name} " + ", ".join(f"{s} {t}" if len(self.series) > 1 else t
                                   for s, t in zip(self.series, texts, strict=True))
            for name, _values, texts in self.rows
        ]  # fmt: skip
        return f"{' and '.join(self.series)}: " + "; ".join(parts)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        legend = ROW_HEIGHT  # it names what the bars measure
        more = ROW_HEIGHT if self.more else 0
        bars = max(1, len(self.rows)) * ROW_HEIGHT * max(1, len(self.series))
        return QSize(480, legend + bars + more + 2 * GAP)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        width = float(self.width())
        top = float(GAP)
        top = self._legend(painter, metrics, top)
        if not self.rows:
            painter.setPen(QColor(COLORS["muted"]))
            painter.drawText(QRectF(0, top, width, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter,
                             "Nothing to draw for this range.")  # fmt: skip
            return
        label_width = min(
            width * 0.38, max(metrics.horizontalAdvance(r[0]) for r in self.rows) + 12
        )
        value_width = max(metrics.horizontalAdvance(t) for r in self.rows for t in r[2]) + 10
        bar_room = max(10.0, width - label_width - value_width - GAP)
        biggest = [max(1, max(r[1][s] for r in self.rows)) for s in range(len(self.series))]
        if len(self.series) > 1:  # one scale when the series share a unit (money, visits)
            biggest = [max(biggest)] * len(self.series)
        step = ROW_HEIGHT * len(self.series)
        for index, (name, values, texts) in enumerate(self.rows):
            y = top + index * step
            painter.setPen(QColor(COLORS["ink"]))
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(label_width) - 8)
            right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
            painter.drawText(QRectF(0, y, label_width - 8, step), right, text)
            for s, (value, shown) in enumerate(zip(values, texts, strict=True)):
                bar_y = y + s * ROW_HEIGHT + 4
                length = bar_room * value / biggest[s]
                painter.fillRect(QRectF(label_width, bar_y, max(length, 1.0), ROW_HEIGHT - 8),
                                 QColor(SERIES_COLORS[s % len(SERIES_COLORS)]))  # fmt: skip
                painter.drawText(
                    QRectF(label_width + length + 6, bar_y - 4, value_width, ROW_HEIGHT),
                    Qt.AlignmentFlag.AlignVCenter,
                    shown,
                )
        if self.more:
            painter.setPen(QColor(COLORS["muted"]))
            y = top + len(self.rows) * step
            painter.drawText(QRectF(label_width, y, width - label_width, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter,
                             f"… and {self.more} more in the table")  # fmt: skip

    def _legend(self, painter: QPainter, metrics: QFontMetrics, top: float) -> float:
        x = 0.0
        for s, name in enumerate(self.series):
            painter.fillRect(QRectF(x, top + 6, 14, 14), QColor(SERIES_COLORS[s]))
            painter.setPen(QColor(COLORS["ink"]))
            painter.drawText(QRectF(x + 20, top, 400, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter,
                             name)  # fmt: skip
            x += 20 + metrics.horizontalAdvance(name) + 24
        return top + ROW_HEIGHT


def _length(value: object) -> int:
    """A cell as a bar's length: a number below zero or no number draws none."""
    return max(0, value) if isinstance(value, int) else 0
