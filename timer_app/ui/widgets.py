"""Small builders for the widgets every screen uses, styled by role (see theme.STYLE_SHEET)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QWidget

W = TypeVar("W", bound=QWidget)


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


def explain(widget: W, name: str, tip: str) -> W:
    """Give a control the name a screen reader says and the tooltip a person reads."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


def save_cancel(
    on_save: Callable[[], None], on_cancel: Callable[[], None], what: str
) -> QDialogButtonBox:
    """A dialog's Save and Cancel, named; `what` says what Save keeps."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save = box.button(QDialogButtonBox.StandardButton.Save)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    explain(save, "Save", f"Save {what}; a problem is shown here and nothing is kept")
    explain(cancel, "Cancel", "Close without changing anything (Esc)")
    box.accepted.connect(on_save)
    box.rejected.connect(on_cancel)
    return box
