"""Colours and words shared by the screens: high contrast, readable at arm's length.

Whatever a finger taps is at least 44x44 px (chips, their scroll arrows, list rows, spin
arrows side by side): a treatment room is worked with one hand, often in gloves."""

from __future__ import annotations

COLORS = {
    "ink": "#1a1a1a",
    "muted": "#5b6470",
    "tile": "#ffffff",
    "tile_border": "#9aa5b1",
    "pressed": "#e3ecf5",
    "running": "#176b3a",  # dark green with white text: 7:1 contrast
    "running_border": "#0b3d20",
    "paused": "#fff4d6",
    "paused_border": "#b7791f",
    "warning": "#fff4d6",
    "warning_border": "#b7791f",
    "error": "#fde8e8",
    "error_border": "#b42318",
    "panel": "#f4f6f8",
    "accent": "#1f4e79",
}

TEXT_SIZES = (100, 125, 150)  # percent: the text-size setting of this computer
_text_size = [100]  # the size in force (`use_text_size`), read by the painted tiles


def text_scale() -> float:
    """The text size in force as a factor: 1.0, 1.25 or 1.5."""
    return _text_size[0] / 100


def use_text_size(percent: int) -> str:
    """Make `percent` the size in force; the style sheet for it (the application's)."""
    if percent not in TEXT_SIZES:
        raise ValueError(f"text size {percent}% is not one of {TEXT_SIZES}")
    _text_size[0] = percent
    return style_sheet(percent)


def style_sheet(percent: int = 100) -> str:
    """The screens' style at a text size: every font and every size in px grows with it
    (borders stay thin)."""

    def _pt(points: float) -> str:
        return f"{points * percent / 100:g}pt"

    def _px(pixels: int) -> str:
        return f"{round(pixels * percent / 100)}px"

    # the side panel grows by two thirds of the text: at 150 % on 1280x800 it leaves the
    # tiles' column the width of its four action buttons
    panel_width = round(330 * (1 + (percent - 100) / 150))

    return f"""
QWidget {{ font-size: {_pt(11)}; color: {COLORS["ink"]}; }}
QPushButton {{ min-height: {_px(40)}; padding: 4px {_px(14)}; border-radius: {_px(6)};
    border: 1px solid {COLORS["tile_border"]}; background: white; }}
QPushButton:hover {{ background: {COLORS["pressed"]}; }}
QPushButton:focus {{ border: 2px solid {COLORS["accent"]}; }}
QPushButton#primary {{ background: {COLORS["accent"]}; color: white; font-weight: bold;
    border: 1px solid {COLORS["accent"]}; }}
QPushButton#primary:disabled {{ background: #9aa5b1; border-color: #9aa5b1; }}
QLineEdit, QComboBox, QDateEdit, QTimeEdit, QSpinBox {{ min-height: {_px(36)};
    padding: 0 {_px(6)}; }}
QSpinBox, QTimeEdit {{ min-height: {_px(44)}; padding: 0 {_px(50)}; }}
QSpinBox::up-button, QSpinBox::down-button, QTimeEdit::up-button, QTimeEdit::down-button {{
    subcontrol-origin: border; width: {_px(44)}; height: {_px(44)}; }}
QSpinBox::up-button, QTimeEdit::up-button {{ subcontrol-position: center right; }}
QSpinBox::down-button, QTimeEdit::down-button {{ subcontrol-position: center left; }}
QDateEdit {{ min-height: {_px(44)}; }}
QComboBox QAbstractItemView::item {{ min-height: {_px(44)}; }}
QListView::item {{ min-height: {_px(44)}; padding: 0 {_px(8)}; }}
QListView#code_results {{ border: 2px solid {COLORS["accent"]}; border-radius: {_px(6)}; }}
QListView#code_results::item {{ min-height: {_px(52)}; padding: 2px {_px(10)};
    border-bottom: 1px solid {COLORS["pressed"]}; }}
QListView#code_results::item:selected {{ background: {COLORS["pressed"]}; color: {COLORS["ink"]};
    border-left: 4px solid {COLORS["accent"]}; }}
QTabBar#visit_chips::tab {{ min-height: {_px(44)}; min-width: {_px(44)}; padding: 0 {_px(14)}; }}
QTabBar#visit_chips::scroller {{ width: {_px(88)}; }}
QTabBar#visit_chips QToolButton {{ min-width: {_px(44)}; min-height: {_px(44)}; background: white;
    border: 1px solid {COLORS["tile_border"]}; }}
QFrame#panel {{ background: {COLORS["panel"]}; border-radius: {_px(8)};
    min-width: {panel_width}px; }}
QLabel#figure {{ font-size: {_pt(20)}; font-weight: bold; }}
QLabel#caption {{ color: {COLORS["muted"]}; font-size: {_pt(10)}; }}
QLabel#banner_error {{ background: {COLORS["error"]}; border: 1px solid {COLORS["error_border"]};
    border-radius: {_px(6)}; padding: {_px(8)}; }}
QLabel#banner_warning {{ background: {COLORS["warning"]};
    border: 1px solid {COLORS["warning_border"]}; border-radius: {_px(6)}; padding: {_px(8)}; }}
"""


STYLE_SHEET = style_sheet(100)


def clock_text(seconds: int) -> str:
    """12:34 for minutes and seconds; 1:02:03 past an hour."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
