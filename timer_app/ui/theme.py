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

STYLE_SHEET = f"""
QWidget {{ font-size: 11pt; color: {COLORS["ink"]}; }}
QPushButton {{ min-height: 40px; padding: 4px 14px; border-radius: 6px;
    border: 1px solid {COLORS["tile_border"]}; background: white; }}
QPushButton:hover {{ background: {COLORS["pressed"]}; }}
QPushButton:focus {{ border: 2px solid {COLORS["accent"]}; }}
QPushButton#primary {{ background: {COLORS["accent"]}; color: white; font-weight: bold;
    border: 1px solid {COLORS["accent"]}; }}
QPushButton#primary:disabled {{ background: #9aa5b1; border-color: #9aa5b1; }}
QLineEdit, QComboBox, QDateEdit, QTimeEdit, QSpinBox {{ min-height: 36px; padding: 0 6px; }}
QSpinBox, QTimeEdit {{ min-height: 44px; padding: 0 50px; }}
QSpinBox::up-button, QSpinBox::down-button, QTimeEdit::up-button, QTimeEdit::down-button {{
    subcontrol-origin: border; width: 44px; height: 44px; }}
QSpinBox::up-button, QTimeEdit::up-button {{ subcontrol-position: center right; }}
QSpinBox::down-button, QTimeEdit::down-button {{ subcontrol-position: center left; }}
QDateEdit {{ min-height: 44px; }}
QComboBox QAbstractItemView::item {{ min-height: 44px; }}
QListView::item {{ min-height: 44px; padding: 0 8px; }}
QListView#code_results {{ border: 2px solid {COLORS["accent"]}; border-radius: 6px; }}
QListView#code_results::item {{ min-height: 52px; padding: 2px 10px;
    border-bottom: 1px solid {COLORS["pressed"]}; }}
QListView#code_results::item:selected {{ background: {COLORS["pressed"]}; color: {COLORS["ink"]};
    border-left: 4px solid {COLORS["accent"]}; }}
QTabBar#visit_chips::tab {{ min-height: 44px; min-width: 44px; padding: 0 14px; }}
QTabBar#visit_chips::scroller {{ width: 88px; }}
QTabBar#visit_chips QToolButton {{ min-width: 44px; min-height: 44px; background: white;
    border: 1px solid {COLORS["tile_border"]}; }}
QFrame#panel {{ background: {COLORS["panel"]}; border-radius: 8px; }}
QLabel#figure {{ font-size: 20pt; font-weight: bold; }}
QLabel#caption {{ color: {COLORS["muted"]}; font-size: 10pt; }}
QLabel#banner_error {{ background: {COLORS["error"]}; border: 1px solid {COLORS["error_border"]};
    border-radius: 6px; padding: 8px; }}
QLabel#banner_warning {{ background: {COLORS["warning"]};
    border: 1px solid {COLORS["warning_border"]}; border-radius: 6px; padding: 8px; }}
"""


def clock_text(seconds: int) -> str:
    """12:34 for minutes and seconds; 1:02:03 past an hour."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
