"""An unexpected error in the window: written to the log, told to the user in words.

Qt swallows exceptions raised in slots after printing them; a clinic would never see them.
The hook keeps the program running, shows what happened and where the details are, and
reminds that what was timed is already on disk.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from timer_app.errors import UserError, database_trouble

log = logging.getLogger("timer_app")


def install(log_file: Path) -> None:
    """Log to `log_file`, or to the terminal when the data folder cannot take it."""
    handler: logging.Handler
    try:
        handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:  # a read-only data folder: the window must still open and say why
        handler, log_file = logging.StreamHandler(), Path("the terminal's output")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is None:
            return
        _show(error, log_file)

    sys.excepthook = hook


def _show(error: BaseException, log_file: Path) -> None:
    """A refusal the program explains is said as it is; anything else as unexpected."""
    if isinstance(error, UserError):
        title, words = "Therapy Timer", error.message
    elif type(error).__module__ == "sqlite3":  # screens never import the database driver
        title = "Therapy Timer could not use its database"
        words = database_trouble("The clinic's database", error, "it was used")
    else:
        title = "Something went wrong"
        words = (
            f"{type(error).__name__}: {error}\n\nEverything timed so far is saved. The "
            f"details are in {log_file}; please send that file to support if this happens "
            "again."
        )
    present(title, words)


def present(title: str, words: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, words)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages name patients: never markup
    box.exec()
