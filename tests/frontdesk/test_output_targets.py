"""Where the commands and the front desk write: refused in words (exit 2) with nothing
changed, a killed export never leaves half a CSV, backups kept per kind, a second folder.

One row per fault a hostile tester found; each states what the user reads.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog

from tests.frontdesk.conftest import SIGNED_DAY
from timer_app import outputs, paths
from timer_app.cli import main
from timer_app.store import Store
from timer_app.store.backups import backups
from timer_app.ui import front_desk_output, save_path
from timer_app.ui.front_desk import FrontDeskView

Capture = pytest.CaptureFixture[str]
ROOT = Path(__file__).resolve().parents[2]
OLD_CSV = "visit,patient\r\nold,kept\r\n"

pytestmark = pytest.mark.usefixtures("qapp")  # superbill loads Qt


def _run(args: list[str], capsys: Capture) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _kind(backup: Path) -> str:
    """`daily` from clinic-20261122T074500123456Z-daily.sqlite3."""
    return backup.name.removesuffix(".sqlite3").split("-", 2)[2]


def _files(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


@pytest.fixture
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user's own folder, with last week's claims already in it."""
    folder = tmp_path_factory.mktemp("out")
    (folder / "claims.csv").write_text(OLD_CSV, encoding="utf-8", newline="")
    return folder


DAY = SIGNED_DAY.isoformat()
EXPORT = ["export", "--from", DAY, "--to", DAY, "--csv"]
PDF = ["superbill", "--date", DAY, "--pdf"]

# (fault, command before the target, target from (data folder, out folder), words)
Target = Callable[[Path, Path], str]
REFUSED: list[tuple[str, list[str], Target, str]] = [
    ("export over the database", EXPORT, lambda d, _: f"{d}/clinic.sqlite3",
     "is the clinic's database (or one of its own files); writing there would destroy"),
    ("superbill over the database", PDF, lambda d, _: f"{d}/clinic.sqlite3",
     "is the clinic's database (or one of its own files); writing there would destroy"),
    ("--force over the database", [*PDF[:3], "--force", "--pdf"],
     lambda d, _: f"{d}/clinic.sqlite3", "is the clinic's database"),
    ("export over its WAL", EXPORT, lambda d, _: f"{d}/clinic.sqlite3-wal",
     "is the clinic's database"),
    ("export into the backups folder", EXPORT, lambda d, _: f"{d}/backups/claims.csv",
     "is in the backups folder"),
    ("export into the data folder", EXPORT, lambda d, _: f"{d}/claims.csv",
     "is in the data folder"),
    ("export over an existing CSV", EXPORT, lambda _, o: f"{o}/claims.csv",
     "claims.csv already exists; add --force to replace it"),
    ("superbill to a folder", PDF, lambda _, o: str(o),
     "is a folder; give the name of a file inside it instead"),
    ("superbill into a missing folder", PDF, lambda _, o: f"{o}/missing/day.pdf",
     "the folder " + "{o}/missing does not exist; create it first or choose another folder"),
    ("backup to a missing folder", ["backup", "--to"], lambda _, o: f"{o}/missing/copy.sqlite3",
     "the folder " + "{o}/missing does not exist; create it first"),
    ("backup over an existing file", ["backup", "--to"], lambda _, o: f"{o}/claims.csv",
     "claims.csv already exists; add --force to replace it"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fault", "command", "target", "words"), REFUSED, ids=[row[0] for row in REFUSED]
)
def test_a_target_that_must_not_be_written_is_refused_with_exit_2(
    store: Store, out: Path, capsys: Capture,
    fault: str, command: list[str], target: Target, words: str,
) -> None:  # fmt: skip
    data = store.path.parent
    visits, before, mine = store.visits.count(), _files(data), _files(out)
    args = [*command, target(data, out), "--data-dir", str(data)]
    status, _, err = _run(args, capsys)
    assert status == 2, err
    assert "Traceback" not in err
    assert err.startswith("timer-app: ") and err.count("\n") == 1
    assert words.replace("{o}", str(out)) in err
    assert _files(data) == before  # the database's bytes, its backups: all as they were
    assert store.visits.count() == visits
    assert _files(out) == mine  # the user's CSV too, and no hidden file left anywhere
    assert (out / "claims.csv").read_bytes() == OLD_CSV.encode()


def test_force_replaces_an_existing_csv_whole(store: Store, out: Path, capsys: Capture) -> None:
    args = [*EXPORT, str(out / "claims.csv"), "--force", "--data-dir", str(store.path.parent)]
    status, out_text, _ = _run(args, capsys)
    assert status == 0 and "claim lines" in out_text
    written = (out / "claims.csv").read_bytes().decode("utf-8")
    assert written.startswith("visit,patient,date_of_service") and written.endswith("\r\n")
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv"]


# --- a data folder that is not one ---------------------------------------------------------


def _a_file(tmp_path: Path) -> Path:
    (tmp_path / "data").write_text("not a folder")
    return tmp_path / "data"


def _database_a_folder(tmp_path: Path) -> Path:
    (tmp_path / "data" / "clinic.sqlite3").mkdir(parents=True)
    return tmp_path / "data"


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "file").write_text("not a folder")
    return tmp_path / "file" / "data"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_a_file, "is a file, not a folder; move that file away, or give another folder"),
        (_database_a_folder, "clinic.sqlite3 is a folder, but it must be the clinic's database"),
        (_under_a_file, "cannot create the data folder"),
    ],
    ids=["the data folder is a file", "the database is a folder", "its parent is a file"],
)
@pytest.mark.parametrize("command", ["visits", "backup", "restore x.sqlite3", "demo"])
def test_a_broken_data_folder_is_said_in_words(
    tmp_path: Path, capsys: Capture, make: Callable[[Path], Path], words: str, command: str
) -> None:
    data = make(tmp_path)
    before = _files(tmp_path)
    status, _, err = _run([*command.split(), "--data-dir", str(data)], capsys)
    assert status == 2 and "Traceback" not in err and words in err, err
    assert _files(tmp_path) == before


@pytest.mark.parametrize("command", ["visits", "backup", "export", "demo"])
def test_a_read_only_data_folder_is_said_in_words(
    store: Store, out: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    data = store.path.parent
    monkeypatch.setattr(paths, "writable", lambda folder: Path(folder) != data)  # root ignores
    args = {"export": [*EXPORT, str(out / "new.csv")]}.get(command, [command])
    before = _files(data)
    status, _, err = _run([*args, "--data-dir", str(data)], capsys)
    assert status == 2, err
    assert f"the data folder {data} is read-only; Therapy Timer writes the clinic's" in err
    assert _files(data) == before and not (out / "new.csv").exists()


def test_a_read_only_output_folder_is_said_in_words(
    store: Store, out: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "writable", lambda folder: Path(folder) != out)
    args = [*PDF, str(out / "day.pdf"), "--data-dir", str(store.path.parent)]
    status, _, err = _run(args, capsys)
    assert status == 2
    assert f"the folder {out} is read-only for you; choose a folder you may save in" in err
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv"]


# --- the front desk's save dialog ------------------------------------------------------------


def test_the_desk_refuses_the_database_before_the_batch_starts(
    desk: FrontDeskView, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = store.path
    before = _files(database.parent)
    answers = iter([str(database), str(database.parent / "backups" / "day.pdf"), ""])
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_: (next(answers), ""))
    )
    warnings: list[str] = []
    monkeypatch.setattr(save_path, "say_refused", lambda _parent, text: warnings.append(text))
    assert front_desk_output.choose_pdf_path(desk, database.parent / "day.pdf") is None
    assert "is the clinic's database" in warnings[0]  # (as clinic.sqlite3.pdf, beside it)
    assert "is in the backups folder" in warnings[1]
    monkeypatch.setattr(front_desk_output, "choose_pdf_path", lambda *_: database)
    day = QDate(SIGNED_DAY.year, SIGNED_DAY.month, SIGNED_DAY.day)
    desk.end.setDate(QDate(2100, 1, 1))
    desk.start.setDate(day)
    desk.end.setDate(day)
    desk.table.selectAll()
    desk.save_pdf()  # the dialog's answer checked again where the pages are written
    assert "is the clinic's database" in desk.problem.text()
    assert _files(database.parent) == before


# --- a killed export -------------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path, capsys: Capture) -> Iterator[Path]:
    """A demo clinic no process holds open (the child opens it)."""
    folder = tmp_path / "clinic"
    assert _run(["demo", "--data-dir", str(folder)], capsys)[0] == 0
    yield folder


def _export(data: Path, csv_file: Path, pause: float = 0.0) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.frontdesk.export_child", str(data), str(csv_file),
               str(REPEAT), str(pause)]  # fmt: skip
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def _ended(child: subprocess.Popen[str]) -> int:
    status = child.wait(timeout=120)
    assert child.stdout is not None
    child.stdout.close()
    return status


REPEAT = 800  # every claim line 800 times: about 9 MB, made over a second or so


def test_a_killed_export_leaves_the_old_csv_or_the_new_one_never_half(
    demo: Path, out: Path
) -> None:
    reference = out / "reference.csv"
    child = _export(demo, reference)
    began = time.monotonic()
    assert _ended(child) == 0
    took = time.monotonic() - began  # from the first claim line to the file in place
    complete = reference.read_bytes()
    assert len(complete) > 5_000_000
    target = out / "claims.csv"
    seen, kills = set(), 0
    # spread over the export, thick near its end (the file is written last), then after it
    for fraction in (0.1, 0.4, 0.7, 0.9, 1.0, 1.1, 3.0):
        target.write_text(OLD_CSV, encoding="utf-8", newline="")
        child = _export(demo, target)
        time.sleep(took * fraction)
        child.send_signal(signal.SIGKILL)
        status = _ended(child)
        assert status in (0, -signal.SIGKILL)
        kills += status == -signal.SIGKILL
        found = target.read_bytes()
        assert found in (OLD_CSV.encode(), complete), f"half a CSV after a kill at {fraction}"
        seen.add("old" if found == OLD_CSV.encode() else "new")
    # timing on a shared machine decides how many kills land mid-export; never half a file
    assert kills >= 2 and "old" in seen
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv", "reference.csv"]


def test_a_kill_while_the_file_is_written_leaves_the_old_csv_and_a_leftover_to_clean(
    demo: Path, out: Path
) -> None:
    target = out / "claims.csv"
    for pause in (0.01, 0.02, 0.03):  # written in 20 slices: killed after a few of them
        child = _export(demo, target, pause)
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        time.sleep(pause * 4)
        child.send_signal(signal.SIGKILL)
        assert _ended(child) == -signal.SIGKILL
        assert target.read_bytes() == OLD_CSV.encode()
        [leftover] = [p for p in out.iterdir() if p.name != "claims.csv"]
        assert leftover.name.startswith(".timer-app-") and leftover.name.endswith(".partial")
        assert 0 < leftover.stat().st_size < 5_000_000  # part of the claims: to be deleted
        assert outputs.clean_leftovers(out) == [leftover]
        assert sorted(p.name for p in out.iterdir()) == ["claims.csv"]


# --- backups per kind, and the second folder, through the command ----------------------------


def test_many_manual_backups_leave_the_daily_ones(store: Store, capsys: Capture) -> None:
    data = str(store.path.parent)
    store.backup("daily")  # as the window makes one on the first start of a day
    for _ in range(35):
        assert _run(["backup", "--data-dir", data], capsys)[0] == 0
    kinds = [_kind(p) for p in backups(store.backup_folder)]
    assert kinds.count("manual") == 30
    assert kinds.count("daily") == 1  # 35 manual backups left it


def test_the_second_folder_gets_every_backup_and_a_missing_one_is_a_warning(
    store: Store, tmp_path_factory: pytest.TempPathFactory, capsys: Capture
) -> None:
    data = str(store.path.parent)
    usb = tmp_path_factory.mktemp("usb")
    status, said, _ = _run(["backup", "--data-dir", data, "--copy-folder", str(usb)], capsys)
    assert status == 0 and f"Every backup is now also copied to {usb}" in said
    assert [p.name for p in backups(usb)] == [p.name for p in backups(store.backup_folder)][-1:]
    usb.rename(usb.with_name("usb-unplugged"))
    status, said, err = _run(["backup", "--data-dir", data], capsys)
    assert status == 0 and "Backed up" in said
    assert err.startswith("timer-app: warning: the backup was made, but not copied to ")
    assert err.count("\n") == 1 and "does not exist" in err
    status, said, err = _run(["backup", "--data-dir", data, "--copy-folder", "none"], capsys)
    assert status == 0 and "no longer copied" in said and err == ""
    status, _, err = _run(["backup", "--data-dir", data, "--copy-folder", data], capsys)
    assert status == 2 and "is inside the data folder" in err
