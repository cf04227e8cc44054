"""An unexpected error in the window: written to the log, told to the user in words.

Qt swallows exceptions raised in slots after printing them; a clinic would never see them.
The hook keeps the program running, shows what happened and where the details are, and
reminds that what was timed is already on disk.

The log names no patient (HIPAA: it is a file a user sends to support). The rule: the log
holds the exception's type and its traceback's frames (file, line, function), for the
exception and each of its causes, and nothing else from it: never its message, arguments,
notes, the source lines or the locals. A message may quote a stored value or name a
patient ("patient 1 holds a value this program cannot read ('03/02/1948')"); leaving every
message out needs no judgement of which ones do. Not even a hash of it goes in: a date of
birth has so few possible values that its hash is found by trying them all. Instead each
report gets a random reference, in the log and in the message box, so support can match a
user's report to its entry. The box keeps the message (the user's own screen). The log
file is its owner's only (0600, `timer_app.file_modes`). Nothing else in the program logs.
"""

from __future__ import annotations

import logging
import secrets
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from timer_app import file_modes
from timer_app.errors import UserError, database_trouble

log = logging.getLogger("timer_app")
CAUSE = "The above exception was the direct cause of the following exception:"
CONTEXT = "During handling of the above exception, another exception occurred:"
WITHHELD = "(message left out of the log: it may name a patient)"


def install(log_file: Path) -> None:
    """Log to `log_file`, or to the terminal when the data folder cannot take it."""
    handler: logging.Handler
    try:
        file_modes.create_private(log_file)  # logging appends to it and keeps its mode
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
        reference = secrets.token_hex(4)  # random: it says nothing about the error
        log.error("unexpected error, reference %s\n%s", reference, scrubbed(error, tb))
        if QApplication.instance() is None:
            return
        _show(error, log_file, reference)

    sys.excepthook = hook


def scrubbed(error: BaseException, tb: TracebackType | None) -> str:
    """Python's traceback of `error` and its causes, each message left out (see above)."""
    chain: list[tuple[BaseException, TracebackType | None, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    trace, link = tb, ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, trace, link))  # `link`: how it led to the one before
        if current.__cause__ is not None:
            current, link = current.__cause__, CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, CONTEXT
        else:
            current = None
        trace = None if current is None else current.__traceback__
    lines: list[str] = []
    for found, found_trace, found_link in reversed(chain):
        lines.append("Traceback (most recent call last):")
        lines.extend(
            f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
            for frame in traceback.extract_tb(found_trace)
        )
        lines.append(f"{_type_name(type(found))}: {WITHHELD}")
        if found_link:
            lines.extend(["", found_link, ""])
    return "\n".join(lines)


def _type_name(kind: type[BaseException]) -> str:
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _show(error: BaseException, log_file: Path, reference: str) -> None:
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
            f"details are in {log_file} (reference {reference}; it names no patient); please "
            "send that file to support if this happens again."
        )
    present(title, words)


def present(title: str, words: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, words)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages name patients: never markup
    box.exec()
