"""The clinic's files are their owner's only (HIPAA): folders 0700, files 0600 on POSIX.

Every test runs under the usual umask (022), under which a file made without an explicit
mode is 0644: what an older version left, and what these tests must never find.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from timer_app.cli import main

Capture = pytest.CaptureFixture[str]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes; Windows: a no-op")


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """0644 files and 0755 folders unless the program says otherwise (restored after)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(folder: Path) -> dict[str, str]:
    """Every folder and file under `folder` (itself too) with its mode, in octal."""
    found = [folder, *sorted(folder.rglob("*"))]
    return {str(path.relative_to(folder.parent)): oct(_mode(path)) for path in found}


def _wrong(folder: Path) -> dict[str, str]:
    """What under `folder` is not owner-only: folders not 0700, files not 0600."""
    return {
        name: mode
        for name, mode in _modes(folder).items()
        if mode != (oct(0o700) if (folder.parent / name).is_dir() else oct(0o600))
    }


@pytest.fixture
def demo(tmp_path: Path, capsys: Capture) -> Path:
    folder = tmp_path / "clinic"
    assert main(["demo", "--data-dir", str(folder)]) == 0
    capsys.readouterr()
    return folder


def test_demo_leaves_every_folder_0700_and_every_file_0600(demo: Path) -> None:
    made = {path.name for path in demo.rglob("*")}
    assert {"clinic.sqlite3", "clinic.sqlite3.lock", "backups"} <= made
    assert any(name.endswith("-daily.sqlite3") for name in made)
    assert _wrong(demo) == {}, _modes(demo)


def test_the_folders_backups_and_lock_of_a_demo_are_owner_only(demo: Path) -> None:
    """What the data folder's opening and the backups make (the database aside: SQLite makes
    it, the store tightens it; see the test above)."""
    backups = demo / "backups"
    assert _mode(demo) == _mode(backups) == 0o700
    daily = list(backups.glob("clinic-*-daily.sqlite3"))
    assert daily and all(_mode(path) == 0o600 for path in daily)
    assert _mode(demo / "clinic.sqlite3.lock") == 0o600


def test_what_an_older_version_left_readable_is_owner_only_after_the_next_open(
    demo: Path, capsys: Capture
) -> None:
    older = [demo / "settings.ini", demo / "timer-app.log", demo / "backups" / "copy-to.txt"]
    for path in older:
        path.write_text("")  # 0644, as the older version made them
    for path in demo.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    demo.chmod(0o755)
    assert main(["visits", "--data-dir", str(demo), "--date", "2020-01-01"]) == 0
    capsys.readouterr()
    assert _wrong(demo) == {}, _modes(demo)


def test_a_file_of_the_user_in_a_data_folder_is_left_alone(demo: Path, capsys: Capture) -> None:
    """A portable data folder may hold the user's other files: only ours are tightened."""
    theirs = demo / "notes.txt"
    theirs.write_text("mine")
    assert main(["visits", "--data-dir", str(demo), "--date", "2020-01-01"]) == 0
    capsys.readouterr()
    assert _mode(theirs) == 0o644 and _mode(demo) == 0o700


def _a_signed_visit(folder: Path, capsys: Capture) -> int:
    assert main(["visits", "--data-dir", str(folder), "--status", "signed", "--json"]) == 0
    visits = json.loads(capsys.readouterr().out)["visits"]
    return int(visits[0]["id"])


@pytest.mark.usefixtures("qapp")  # the PDF loads Qt: the test application must exist first
def test_pdf_csv_and_backup_copies_are_0600_new_or_replacing_a_readable_file(
    demo: Path, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    visit = str(_a_signed_visit(demo, capsys))
    data = ["--data-dir", str(demo)]
    commands = {
        "bill.pdf": ["superbill", *data, "--visit", visit, "--pdf"],
        "claims.csv": ["export", *data, "--from", "2020-01-01", "--to", "2035-12-31", "--csv"],
        "copy.sqlite3": ["backup", *data, "--to"],
    }
    for name, command in commands.items():
        assert main([*command, str(out / name)]) == 0, capsys.readouterr().err
        assert _mode(out / name) == 0o600, name
        (out / name).chmod(0o644)  # a file others may read, replaced with --force
        assert main([*command, str(out / name), "--force"]) == 0, capsys.readouterr().err
        assert _mode(out / name) == 0o600, name
    assert main(["backup", *data]) == 0
    capsys.readouterr()
    manual = list((demo / "backups").glob("clinic-*-manual.sqlite3"))
    assert manual and all(_mode(path) == 0o600 for path in manual)


def test_the_window_writes_settings_and_log_owner_only(demo: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TIMER_APP_QUIT_AFTER_START": "1",
           "PYTHONPATH": str(Path(__file__).parents[2])}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "timer_app", "--data-dir", str(demo)], capture_output=True,
        text=True, env=env, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "started: window" in done.stdout, done.stdout
    settings = demo / "settings.ini"
    assert "geometry" in settings.read_text()  # written by the window as it closed
    assert _mode(settings) == 0o600
    assert _mode(demo / "timer-app.log") == 0o600
    assert _mode(demo) == 0o700
