"""One program writes one database file: a second writer is refused naming the first,
readers still read, and a file replaced under a running program is noticed at its next
write. The holder is a real second process, as a second window would be."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from timer_app.cli import main
from timer_app.clinic import open_local
from timer_app.errors import UserError
from timer_app.store import Store
from timer_app.store.lock import holder

Capture = pytest.CaptureFixture[str]

HOLD = """
import sys, time
from timer_app.clinic import open_local
clinic = open_local(data_dir=sys.argv[1], program="the Therapy Timer window")
print("ready", flush=True)
time.sleep(120)
"""


@pytest.fixture
def folder(tmp_path: Path, capsys: Capture) -> Path:
    assert main(["demo", "--data-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    return tmp_path


@pytest.fixture
def window(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with the file open for writing, as the window has it."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    yield process
    process.kill()
    process.wait()
    process.stdout.close()


def test_a_second_writer_is_refused_naming_the_first(
    folder: Path, window: subprocess.Popen[str]
) -> None:
    database = folder / "clinic.sqlite3"
    before = database.read_bytes()
    with pytest.raises(UserError) as refused:
        open_local(data_dir=folder, program="the Therapy Timer window")
    words = refused.value.message
    assert "is in use by the Therapy Timer window on this computer" in words
    assert f"process {window.pid}" in words and "close that one first" in words
    assert database.read_bytes() == before
    found = holder(database)
    assert found is not None and found.process == window.pid


def test_commands_that_read_run_beside_the_window_and_writers_are_refused(
    folder: Path, window: subprocess.Popen[str], capsys: Capture
) -> None:
    assert main(["visits", "--data-dir", str(folder), "--date", "2026-01-05"]) == 0
    marker = folder / "clinic.sqlite3.in-use"
    assert marker.exists()  # the reader left the window's marker alone
    for command in (["demo"], ["rules", "import-ncci", str(folder / "none.txt")]):
        capsys.readouterr()
        assert main([*command, "--data-dir", str(folder)]) == 2
        err = capsys.readouterr().err
        assert "in use by the Therapy Timer window" in err, err
        assert "Traceback" not in err


def test_a_reader_cannot_write(folder: Path, window: subprocess.Popen[str]) -> None:
    with Store.open(data_dir=folder, read_only=True) as reader:
        assert reader.visits.count() > 0
        with pytest.raises(UserError, match="opened to read only: the Therapy Timer window"):
            reader.beat()
        with pytest.raises(UserError, match="opened to read only"), reader.atomic():
            pass


def test_a_killed_writer_leaves_no_claim(folder: Path, window: subprocess.Popen[str]) -> None:
    window.send_signal(signal.SIGKILL)
    window.wait()
    assert holder(folder / "clinic.sqlite3") is None
    open_local(data_dir=folder, daily_backup=False).close()  # the next start just opens


@pytest.mark.parametrize("how", ["replaced", "removed"])
def test_a_file_replaced_or_removed_under_the_program_stops_its_writes(
    folder: Path, how: str
) -> None:
    database = folder / "clinic.sqlite3"
    clinic = open_local(data_dir=folder, daily_backup=False)
    visit = clinic.store.visits.find()[0]
    if how == "replaced":  # what a restore by another program does: a new file in its place
        copy = folder / "copy.sqlite3"
        clinic.store.backup_to(copy)
        copy.replace(database)
    else:
        database.unlink()
    for write in (lambda: clinic.store.beat(),
                  lambda: clinic.front_desk.record_payment(clinic.front_desk.visit(visit.id), 5)):
        with pytest.raises(UserError, match="was replaced or removed while Therapy Timer had"):
            write()  # fmt: skip
    clinic.close()
    if how == "replaced":
        with Store.open(database, daily_backup=False) as store:
            assert store.visits.get(visit.id).amount_paid_cents == visit.amount_paid_cents


def test_a_second_window_says_who_has_the_file_and_ends_with_status_2(
    folder: Path, window: subprocess.Popen[str]
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TIMER_APP_QUIT_AFTER_START": "1",
           "PYTHONPATH": str(Path(__file__).parents[2])}  # fmt: skip
    second = subprocess.run(
        [sys.executable, "-m", "timer_app", "--data-dir", str(folder)],
        capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert second.returncode == 2, second.stderr
    assert "cannot open: The clinic's database" in second.stdout
    assert f"in use by the Therapy Timer window on this computer (process {window.pid}" in (
        second.stdout
    )


def test_restore_is_refused_while_the_window_has_the_file(
    folder: Path, window: subprocess.Popen[str], capsys: Capture
) -> None:
    database = folder / "clinic.sqlite3"
    backup = folder.parent / "copy.sqlite3"
    assert main(["backup", "--to", str(backup), "--data-dir", str(folder)]) == 0
    capsys.readouterr()
    before = database.read_bytes()
    assert main(["restore", str(backup), "--data-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "in use by the Therapy Timer window" in err and "Traceback" not in err
    assert database.read_bytes() == before
    window.kill()
    window.wait()
    assert main(["restore", str(backup), "--data-dir", str(folder)]) == 0  # now it may


def test_the_next_start_deletes_what_killed_writes_left(folder: Path) -> None:
    left = [folder / ".timer-app-0123456789abcdef.partial",
            folder / "backups" / "clinic-20261201T000000000000Z-daily.sqlite3.partial"]  # fmt: skip
    for path in left:
        path.write_bytes(b"patients' details")
    open_local(data_dir=folder, daily_backup=False).close()
    assert not any(path.exists() for path in left)
