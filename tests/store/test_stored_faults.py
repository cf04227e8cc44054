"""Faults in the file itself, met by a command: each said in words with exit status 2, no
traceback, and the file left as it was. One row per fault."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from timer_app.cli import main
from timer_app.store import backups

Capture = pytest.CaptureFixture[str]


def _sql(statement: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        raw = sqlite3.connect(folder / "clinic.sqlite3")
        raw.execute(statement)
        raw.commit()
        raw.close()

    return change


def _damage_a_page(folder: Path) -> None:
    """Overwrite a page in the middle of the interval table, as a failing disk would."""
    database = folder / "clinic.sqlite3"
    raw = sqlite3.connect(database)
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'interval'").fetchone()[0]
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    with database.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)


def _newer(folder: Path) -> None:
    _sql("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
         "VALUES ('therapy_timer', 'm099_from_the_future', '2027-01-01')")(folder)  # fmt: skip


FAULTS = [
    ("a date of birth another tool wrote as 03/02/1948",
     _sql("UPDATE patient SET date_of_birth = '03/02/1948' WHERE id = 1"),
     "patient 1 holds a value this program cannot read"),
    ("a start time written without its zone",
     _sql("UPDATE interval SET start = '2026-11-30 09:00:00' "
          "WHERE rowid = (SELECT min(rowid) FROM interval)"),
     "holds a value this program cannot read ('2026-11-30 09:00:00' has no time zone)"),
    ("a status no version writes",
     _sql("UPDATE visit SET status = 'approved' WHERE id = 1"),
     "visit 1 holds a value this program cannot read"),
    ("a damaged page found only by a quick start (checked fully earlier today)",
     _damage_a_page, "is damaged"),
    ("a file from a newer version with a change this one does not know",
     _newer, "written by a newer version of Therapy Timer (changes this version does not "
     "know: m099_from_the_future)"),
]  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path, capsys: Capture) -> Path:
    assert main(["demo", "--data-dir", str(tmp_path)]) == 0  # the day's full check is done
    capsys.readouterr()
    return tmp_path


@pytest.mark.parametrize(("fault", "make", "words"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_fault_in_the_file_is_said_with_exit_2(
    folder: Path, capsys: Capture, fault: str, make: Callable[[Path], None], words: str
) -> None:
    make(folder)
    before = (folder / "clinic.sqlite3").read_bytes()
    for command in (["visits"], ["export", "--from", "2020-01-01", "--to", "2030-12-31",
                                 "--csv", str(folder.parent / "out.csv")]):  # fmt: skip
        status = main([*command, "--data-dir", str(folder)])
        err = capsys.readouterr().err
        assert status == 2, (command, err)
        assert words in err and "Traceback" not in err, err
    assert (folder / "clinic.sqlite3").read_bytes() == before


def test_a_full_disk_at_the_first_start_of_the_day_is_said_as_full(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object, **__: object) -> Path:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "make_backup", full)  # the day's first backup meets it
    status = main(["demo", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2 and "is full" in err and "damaged" not in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("fault", ["data folder is a file", "a record in the wrong shape"])
def test_the_window_says_why_it_cannot_open_and_ends_with_status_2(
    tmp_path: Path, capsys: Capture, fault: str
) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "clinic"
    if fault == "data folder is a file":
        folder.write_text("not a folder")
        words = "is a file"
    else:
        assert main(["demo", "--data-dir", str(folder)]) == 0
        _sql("UPDATE patient SET date_of_birth = '03/02/1948' WHERE id = 1")(folder)
        words = "holds a value this program cannot read"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TIMER_APP_QUIT_AFTER_START": "1",
           "PYTHONPATH": str(Path(__file__).parents[2])}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "timer_app", "--data-dir", str(folder)], capture_output=True,
        text=True, env=env, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "cannot open:" in done.stdout and words in done.stdout, done.stdout
    assert "Traceback" not in done.stderr
