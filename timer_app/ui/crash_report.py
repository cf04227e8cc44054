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

from PySide6.QtWidgets import QApplication, QMessageBox

from timer_app.errors import UserError

log = logging.getLogger("timer_app")


def install(log_file: Path) -> None:
    handler = logging.FileHandler(log_file, encoding="utf-8")
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
        words = error.message if isinstance(error, UserError) else f"{kind.__name__}: {error}"
        QMessageBox.warning(
            None,
            "Something went wrong",
            f"{words}\n\nEverything timed so far is saved. The details are in {log_file}; "
            f"please send that file to support if this happens again.",
        )

    sys.excepthook = hook
