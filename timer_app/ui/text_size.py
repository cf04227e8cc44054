"""The text size of this computer (100, 125 or 150 %): kept in its settings file beside the
window's place, applied at once to the whole program, the painted tiles included.

It belongs to the computer, not to the clinic or a person: a treatment room's screen seen
from across the table needs bigger text whoever signs in."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from timer_app.ui.theme import TEXT_SIZES, use_text_size

KEY = "view/text_size"


def stored(settings: QSettings) -> int:
    """The size kept for this computer; 100 when none is, or what is kept is not a size."""
    value = settings.value(KEY, 100)
    try:
        percent = int(str(value))
    except ValueError:
        return 100
    return percent if percent in TEXT_SIZES else 100


def apply(percent: int) -> None:
    """Every screen at `percent` now: the application's style sheet, which restyles every
    widget (and tells the tile grid, which sizes its tiles by it)."""
    sheet = use_text_size(percent)
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


def choose(settings: QSettings, percent: int) -> None:
    """Apply `percent` and keep it for the next start."""
    apply(percent)
    settings.setValue(KEY, percent)
    settings.sync()


def step(percent: int, steps: int) -> int:
    """The size `steps` sizes bigger (negative: smaller), kept within the sizes there are."""
    index = TEXT_SIZES.index(percent) if percent in TEXT_SIZES else 0
    return TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, index + steps))]
