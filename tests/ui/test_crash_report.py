"""An unexpected error is logged with its traceback and told in words; the program goes on."""

from __future__ import annotations

import logging
import sys

from timer_app.ui import crash_report


def test_unexpected_error_is_logged_and_shown(qapp, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    shown: list[str] = []
    monkeypatch.setattr(crash_report, "present", lambda _title, text: shown.append(text))
    log_file = tmp_path / "timer-app.log"
    crash_report.install(log_file)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    for handler in list(crash_report.log.handlers):
        handler.close()
        crash_report.log.removeHandler(handler)
    crash_report.log.setLevel(logging.NOTSET)
    assert "ZeroDivisionError: division by zero" in shown[0]
    assert "Everything timed so far is saved" in shown[0]
    logged = log_file.read_text()
    assert "Traceback" in logged and "ZeroDivisionError" in logged
    assert "division by zero" not in logged  # the log keeps no message (it may name a patient)


def _raise(error: BaseException) -> None:
    try:
        raise error
    except BaseException as raised:  # the hook is what is tested
        sys.excepthook(type(raised), raised, raised.__traceback__)


def test_explained_refusals_and_database_trouble_are_said_as_such(
    qapp, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from timer_app.errors import UserError

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(crash_report, "present", lambda title, text: shown.append((title, text)))
    folder = tmp_path / "read-only"
    folder.mkdir()
    crash_report.install(folder / "missing" / "timer-app.log")  # cannot be written: terminal
    _raise(UserError("The disk is full; free some space."))
    _raise(sqlite3.OperationalError("database or disk is full"))
    for handler in list(crash_report.log.handlers):
        crash_report.log.removeHandler(handler)
    crash_report.log.setLevel(logging.NOTSET)
    assert shown[0] == ("Therapy Timer", "The disk is full; free some space.")
    assert shown[1][0] == "Therapy Timer could not use its database"
    assert "is full" in shown[1][1] and "damaged" not in shown[1][1]
