"""A code tile: the big touch target a therapist taps to time a code.

Running is unmistakable without colour: a filled tile, a play icon and the word RUNNING.
Its figures are painted at a scale (`set_scale`): the text size times the room the window
gives the tiles, so a bigger tile has bigger figures, laid out the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QWidget

from timer_app.ui.theme import COLORS, clock_text
from timer_app.ui.widgets import plain_tip


@dataclass(frozen=True, slots=True)
class TileFigures:
    code: str
    tile: str  # our short label
    timed: bool
    running: bool = False
    paused: bool = False  # stopped by "Pause all"; "Resume" restarts it
    elapsed_seconds: int = 0
    units: int = 0
    seconds_to_next_unit: int | None = None
    shortcut: str = ""  # the key that toggles it, when it is a favourite
    running_by: str = ""  # who runs it, when not the visit's own clinician (a hand-over)

    def units_words(self) -> str:
        if not self.timed:
            if not (self.running or self.elapsed_seconds):
                return "untimed"
            return "billed once" if self.units else "bundled: not billed"
        return f"{self.units} unit" if self.units == 1 else f"{self.units} units"

    def next_words(self) -> str:
        if not self.timed or self.seconds_to_next_unit is None:
            return ""
        return f"next unit in {clock_text(self.seconds_to_next_unit)}"

    def state_words(self) -> str:
        if self.running:
            return "RUNNING"
        return "PAUSED" if self.paused else ""

    def spoken(self) -> str:
        """What a screen reader says: the same facts the paint shows."""
        state = self.state_words().lower() or "stopped"
        if self.running_by:
            state += f" for {self.running_by}"
        return (
            f"{self.code} {self.tile}, {state}, {clock_text(self.elapsed_seconds)}, "
            f"{self.units_words()}. {self.next_words()}"
        ).strip()


LONG_PRESS_MS = 600  # a finger held this long asks for the tile's menu, as a right-click
BASE_SIZE = (204, 132)  # px at scale 1: 100 % text, the room of a 1280x800 window
SMALLEST = (176, 124)  # px: a tile on its own, outside a grid, is never smaller


class CodeTile(QAbstractButton):
    """Tap to start; tap again to stop; hold for the menu (`long_pressed`).
    Paints its figures; decides nothing."""

    long_pressed = Signal()

    def __init__(self, figures: TileFigures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hold = QTimer(self, singleShot=True, interval=LONG_PRESS_MS)
        self._hold.timeout.connect(self._held)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._scale = 1.0
        self.setMinimumSize(QSize(*SMALLEST))
        self._figures = figures
        self._describe(figures)

    @property
    def code(self) -> str:
        return self._figures.code

    @property
    def figures(self) -> TileFigures:
        return self._figures

    @property
    def scale(self) -> float:
        return self._scale

    def set_scale(self, scale: float) -> None:
        """Paint the figures `scale` times their size (the grid's choice with its size)."""
        if scale != self._scale:
            self._scale = scale
            self.updateGeometry()
            self.update()

    def figure_font(self, points: int, *, bold: bool = False, mono: bool = False) -> QFont:
        """The font a figure of `points` at scale 1 is painted in now."""
        return _font(self.font().toString(), _points(points * self._paint_scale()), bold, mono)

    def _paint_scale(self) -> float:
        """The grid's scale; smaller on a tile narrower than that: its figures fit it."""
        return min(self._scale, self.width() / BASE_SIZE[0])

    def set_figures(self, figures: TileFigures) -> None:
        """Called every repaint tick: does nothing unless a figure changed."""
        if figures == self._figures:
            return
        self._figures = figures
        self._describe(figures)
        self.update()

    def _describe(self, figures: TileFigures) -> None:
        self.setAccessibleName(f"Code tile {figures.code}")
        self.setAccessibleDescription(figures.spoken())
        key = f" (key {figures.shortcut})" if figures.shortcut else ""
        verb = "stop" if figures.running else "start"
        self.setToolTip(plain_tip(f"Tap to {verb} {figures.code} {figures.tile}{key}"))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._hold.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        self._hold.stop()
        super().mouseReleaseEvent(event)

    def _held(self) -> None:
        """Held long enough, still on the tile: the menu instead of a tap (the release
        after it must not start or stop the code)."""
        if self.isDown():
            self.setDown(False)
            self.long_pressed.emit()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(round(BASE_SIZE[0] * self._scale), round(BASE_SIZE[1] * self._scale))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        figures = self._figures
        k = self._paint_scale()
        background, ink, border = _palette(figures, self.isDown())
        frame = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.setPen(QPen(border, 4 if figures.running or self.hasFocus() else 2))
        painter.setBrush(background)
        painter.drawRoundedRect(frame, 10 * k, 10 * k)
        inner = frame.adjusted(12 * k, 8 * k, -12 * k, -8 * k)
        painter.setPen(ink)
        paint = _Painter(painter, self.font().toString(), k)
        paint.text(inner, figures.code, 15, bold=True)
        if figures.shortcut:
            paint.text(inner, f"[{figures.shortcut}]", 10, align=Qt.AlignmentFlag.AlignRight)
        # who runs it comes first: the service's name may be cut, the clinician's may not
        words = f"{figures.running_by} · {figures.tile}" if figures.running_by else figures.tile
        paint.text(inner.adjusted(0, 24 * k, 0, 0), words, 10, elide=True)
        state = figures.state_words()
        icon = "▶ " if figures.running else ("❚❚ " if figures.paused else "")
        paint.text(inner.adjusted(0, 44 * k, 0, 0), clock_text(figures.elapsed_seconds), 22,
                   bold=True, mono=True)  # fmt: skip
        if state:
            paint.text(inner.adjusted(0, 50 * k, 0, 0), f"{icon}{state}", 10, bold=True,
                       align=Qt.AlignmentFlag.AlignRight)  # fmt: skip
        bottom = inner.adjusted(0, inner.height() - 18 * k, 0, 0)
        paint.text(bottom, figures.units_words(), 10, bold=True)
        paint.text(bottom, figures.next_words(), 9, align=Qt.AlignmentFlag.AlignRight)
        painter.end()


def _palette(figures: TileFigures, pressed: bool) -> tuple[QColor, QColor, QColor]:
    if figures.running:
        return QColor(COLORS["running"]), QColor("white"), QColor(COLORS["running_border"])
    if figures.paused:
        return QColor(COLORS["paused"]), QColor(COLORS["ink"]), QColor(COLORS["paused_border"])
    background = QColor(COLORS["pressed"] if pressed else COLORS["tile"])
    return background, QColor(COLORS["ink"]), QColor(COLORS["tile_border"])


_FONTS: dict[tuple[str, float, bool, bool], QFont] = {}


def _points(points: float) -> float:
    """Sizes in half points: a few fonts cached, whatever the scale."""
    return max(round(points * 2) / 2, 1.0)


def _font(base: str, points: float, bold: bool, mono: bool) -> QFont:
    """A tile's font, built once: tiles repaint every second while they run."""
    key = (base, points, bold, mono)
    if key not in _FONTS:
        font = QFont()
        font.fromString(base)
        font.setPointSizeF(points)
        font.setBold(bold)
        if mono:
            font.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
        _FONTS[key] = font
    return _FONTS[key]


class _Painter:
    """Text in a tile at its scale: sizes given as at scale 1."""

    def __init__(self, painter: QPainter, base: str, scale: float) -> None:
        self.painter, self.base, self.scale = painter, base, scale

    def text(
        self,
        rect: QRectF,
        text: str,
        points: int,
        *,
        bold: bool = False,
        mono: bool = False,
        elide: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        self.painter.setFont(_font(self.base, _points(points * self.scale), bold, mono))
        if elide:  # measured in the font it is painted in
            metrics = self.painter.fontMetrics()
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()))
        self.painter.drawText(rect, align | Qt.AlignmentFlag.AlignTop, text)
