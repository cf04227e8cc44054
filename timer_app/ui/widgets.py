"""Small builders for the widgets every screen uses, styled by role (see theme.STYLE_SHEET)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton


def label(text: str = "", role: str = "", *, wrap: bool = False) -> QLabel:
    """A label; `role` picks its style: figure, caption, banner_error, banner_warning."""
    widget = QLabel(text)
    widget.setObjectName(role)
    widget.setWordWrap(wrap)
    return widget


def button(text: str, tip: str = "", role: str = "") -> QPushButton:
    """A button with its accessible name and tooltip; role "primary" is the main action."""
    widget = QPushButton(text)
    widget.setObjectName(role)
    widget.setAccessibleName(text.rstrip(" …→"))
    widget.setToolTip(tip)
    return widget
