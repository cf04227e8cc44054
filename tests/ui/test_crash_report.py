"""An unexpected error is logged with its traceback and told in words; the program goes on."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from timer_app.ui import crash_report


def test_unexpected_error_is_logged_and_shown(qapp, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
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
    assert "Traceback" in log_file.read_text()
