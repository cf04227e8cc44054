"""Where a file the program makes goes: the native save dialog, the choice checked first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from timer_app.errors import UserError
from timer_app.outputs import check_target, data_folder_of


def choose_save_path(parent: QWidget, title: str, suggested: Path, suffix: str) -> Path | None:
    """A file to save (`suffix`: "pdf", "csv") picked in the native save dialog, checked
    before anything is made; a refused choice is said and the dialog opens again. None when
    cancelled."""
    while True:
        name, _ = QFileDialog.getSaveFileName(
            parent, title, str(suggested), f"{suffix.upper()} files (*.{suffix})"
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != f".{suffix}":
            path = path.with_name(f"{path.name}.{suffix}")
        try:
            return check_target(path, overwrite=True, data_dir=data_folder_of(path))
        except UserError as error:
            say_refused(parent, f"{error.message}.")


def say_refused(parent: QWidget, words: str) -> None:
    """Why a file cannot go there (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot save there", words,
                      QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path is text, never markup
    box.exec()
