"""The log a user sends to support names no patient: an error's type and frames, never its
message (which may quote a name or a date of birth). The user's own screen keeps the words."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from timer_app.cli import main
from timer_app.clinic import open_local
from timer_app.errors import UserError
from timer_app.ui import crash_report

NAME, BIRTH = "Lopez, Maria", "03/02/1948"


Hooked = tuple[Path, list[str]]


@pytest.fixture
def hooked(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hooked]:  # type: ignore[no-untyped-def]
    """The crash hook installed on a log in `tmp_path`; what the message box would show."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    shown: list[str] = []
    monkeypatch.setattr(crash_report, "present", lambda _title, text: shown.append(text))
    log_file = tmp_path / "timer-app.log"
    before = os.umask(0o022)  # a file made without an explicit mode would be 0644
    try:
        crash_report.install(log_file)
    finally:
        os.umask(before)
    yield log_file, shown
    for handler in list(crash_report.log.handlers):
        handler.close()
        crash_report.log.removeHandler(handler)
    crash_report.log.setLevel(logging.NOTSET)


def _through_the_hook(error: BaseException) -> None:
    try:
        raise error
    except BaseException as raised:  # the hook is what is tested
        sys.excepthook(type(raised), raised, raised.__traceback__)


def _read_birth_date(text: str) -> None:
    try:
        int(text)
    except ValueError as error:  # its message quotes the value: "invalid literal ... '03/02/1948'"
        raise RuntimeError(f"{NAME} (visit 12, born {text}) cannot be billed") from error


def test_a_crash_naming_a_patient_and_a_birth_date_logs_neither(hooked: Hooked) -> None:
    log_file, shown = hooked
    try:
        _read_birth_date(BIRTH)
    except RuntimeError as error:
        _through_the_hook(error)
    _through_the_hook(UserError(f"{NAME} (visit 12, born {BIRTH}) has no diagnosis"))
    logged = log_file.read_text(encoding="utf-8")
    for secret in (NAME, "Lopez", "Maria", BIRTH, "1948", "born"):
        assert secret not in logged, (secret, logged)
    assert "RuntimeError" in logged and "ValueError" in logged and "UserError" in logged
    assert "direct cause" in logged and "_read_birth_date" in logged  # where, not what
    assert f"{NAME} (visit 12, born {BIRTH}) cannot be billed" in shown[0]  # the user's screen
    reference = shown[0].split("(reference ")[1][:8]
    assert f"reference {reference}" in logged
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_a_malformed_birth_date_read_from_the_file_leaves_no_date_in_the_log(
    hooked: Hooked, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file, _ = hooked
    folder = tmp_path / "clinic"
    assert main(["demo", "--data-dir", str(folder)]) == 0
    capsys.readouterr()
    raw = sqlite3.connect(folder / "clinic.sqlite3")
    raw.execute("UPDATE patient SET date_of_birth = ? WHERE id = 1", [BIRTH])
    name = str(raw.execute("SELECT name FROM patient WHERE id = 1").fetchone()[0])
    raw.commit()
    raw.close()
    clinic = open_local(data_dir=folder, daily_backup=False)
    try:
        with pytest.raises(UserError) as refused:
            clinic.setup.patient(1)
        assert BIRTH in refused.value.message  # what the user is told quotes it
        _through_the_hook(refused.value)
    finally:
        clinic.close()
    logged = log_file.read_text(encoding="utf-8")
    assert "StoredDataError" in logged
    for secret in (BIRTH, "1948", name):
        assert secret not in logged, (secret, logged)
