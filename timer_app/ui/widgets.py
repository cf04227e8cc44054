"""Small builders for the widgets every screen uses, styled by role (see theme.STYLE_SHEET).

User text (names, addresses, labels, messages that quote them) is shown as it was typed:
a label is plain text unless built with `rich=True` for markup of our own (then every
user value in it goes through `html.escape`), and a tooltip goes through `plain_tip`.
Qt would otherwise guess: a name that looks like HTML would render as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QPushButton, QWidget

W = TypeVar("W", bound=QWidget)


def label(text: str = "", role: str = "", *, wrap: bool = False, rich: bool = False) -> QLabel:
    """A label; `role` picks its style: figure, caption, banner_error, banner_warning.

    Plain text, shown as it is, unless `rich` (markup of our own, user values escaped).
    """
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    widget.setText(text)
    widget.setObjectName(role)
    widget.setWordWrap(wrap)
    return widget


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` as it is: Qt renders a tooltip that looks like HTML (a
    patient named "<h1>Ann</h1>") as HTML, so such a one is escaped."""
    if not GuiQt.mightBeRichText(text):
        return text
    return f'<p style="white-space: pre-wrap">{html.escape(text)}</p>'


def ask_yes(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes/no question whose words (which may quote a name) are shown as plain text."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent,
    )  # fmt: skip
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box.exec() == QMessageBox.StandardButton.Yes


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
