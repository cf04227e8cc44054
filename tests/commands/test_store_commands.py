"""`timer-app demo`, `visits`, `backup`, `restore`: everything stays in --data-dir."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from timer_app.cli import main
from timer_app.store import Store
from timer_app.store.backups import backups

Capture = pytest.CaptureFixture[str]


def _run(args: list[str], capsys: Capture) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the environment names: --data-dir must win over it."""
    folder = tmp_path / "environment"
    folder.mkdir()
    monkeypatch.setenv("TIMER_APP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def demo(tmp_path: Path, elsewhere: Path, capsys: Capture) -> Path:
    folder = tmp_path / "clinic"
    status, out, _ = _run(["demo", "--data-dir", str(folder)], capsys)
    assert status == 0
    assert "3 clinicians, 20 patients" in out
    return folder


def _visits(folder: Path, capsys: Capture, *extra: str) -> dict[str, Any]:
    status, out, err = _run(["visits", "--data-dir", str(folder), "--json", *extra], capsys)
    assert status == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def test_demo_then_visits_shows_the_week(demo: Path, elsewhere: Path, capsys: Capture) -> None:
    listed = _visits(demo, capsys)
    visits = listed["visits"]
    assert listed["count"] == len(visits) >= 40
    assert len({v["date"] for v in visits}) == 5
    statuses = [v["status"] for v in visits]
    assert statuses.count("open") == 1 and "signed" in statuses and "billed" in statuses
    roles = {v["clinician"]["role"] for v in visits}
    assert roles == {"PT", "PTA", "SLP"}
    kinds = {(line["code"], line["units"]) for v in visits for line in v["lines"]}
    assert ("92507", 1) in kinds and any(code == "97110" for code, _ in kinds)
    first = visits[0]
    assert first["total_timed_minutes"] > 0 and first["lines"][0]["modifiers"][0] == "GP"
    assert all(line["charge_cents"] > 0 for v in visits for line in v["lines"] if line["units"])
    kept = sorted(p.name for p in demo.iterdir())
    assert kept == ["backups", "clinic.sqlite3", "clinic.sqlite3.lock"]  # the lock, released
    assert list(elsewhere.iterdir()) == []


def test_filters_and_table(demo: Path, capsys: Capture) -> None:
    week = _visits(demo, capsys)["visits"]
    day = week[0]["date"]
    on_day = _visits(demo, capsys, "--date", day)["visits"]
    assert on_day and all(v["date"] == day for v in on_day)
    assert len(on_day) == sum(v["date"] == day for v in week)
    [still_open] = _visits(demo, capsys, "--status", "OPEN")["visits"]
    assert still_open["status"] == "open"
    status, out, _ = _run(["visits", "--data-dir", str(demo), "--date", day], capsys)
    assert status == 0
    assert out.splitlines()[0].split()[:3] == ["Date", "Visit", "Patient"]
    assert len(out.splitlines()) == len(on_day) + 1
    status, out, _ = _run(["visits", "--data-dir", str(demo), "--date", "1999-01-01"], capsys)
    assert (status, out.strip()) == (0, "No visits match.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "is not a date; use YYYY-MM-DD"),
        (["--status", "done"], "unknown status 'done'; use one of open, finished"),
    ],
)
def test_bad_input_is_one_line(demo: Path, capsys: Capture, args: list[str], message: str) -> None:
    status, out, err = _run(["visits", "--data-dir", str(demo), *args], capsys)
    assert status == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_demo_refuses_a_database_with_visits(demo: Path, capsys: Capture) -> None:
    before = (demo / "clinic.sqlite3").read_bytes()
    status, _, err = _run(["demo", "--data-dir", str(demo)], capsys)
    assert status == 2
    assert "already has 50 visits; the demo only fills an empty database" in err
    assert "Traceback" not in err
    assert _visits(demo, capsys)["count"] == 50
    assert len(before) > 0


def test_no_database_yet(tmp_path: Path, capsys: Capture) -> None:
    for command in ("visits", "backup"):
        status, _, err = _run([command, "--data-dir", str(tmp_path)], capsys)
        assert status == 2 and "no database in" in err and "timer-app demo" in err
    assert not (tmp_path / "clinic.sqlite3").exists()


def test_backup_into_the_folder_and_to_a_file(demo: Path, tmp_path: Path, capsys: Capture) -> None:
    status, out, _ = _run(["backup", "--data-dir", str(demo)], capsys)
    assert status == 0 and "-manual.sqlite3" in out
    assert any(p.name.endswith("-manual.sqlite3") for p in backups(demo / "backups"))
    target = tmp_path / "copy.sqlite3"
    status, _, _ = _run(["backup", "--data-dir", str(demo), "--to", str(target)], capsys)
    assert status == 0
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM visit").fetchone() == (50,)
    connection.close()
    status, _, err = _run(["backup", "--data-dir", str(demo), "--to", str(target)], capsys)
    assert status == 2 and "already exists" in err


def test_restore_puts_a_backup_back(demo: Path, tmp_path: Path, capsys: Capture) -> None:
    saved = tmp_path / "friday.sqlite3"
    assert _run(["backup", "--data-dir", str(demo), "--to", str(saved)], capsys)[0] == 0
    with Store.open(data_dir=demo) as store:
        store.db.execute("DELETE FROM audit_log")
        store.db.conn.commit()
    status, out, _ = _run(["restore", "--data-dir", str(demo), str(saved)], capsys)
    assert status == 0 and "50 visits, 20 patients" in out
    assert "-before-restore.sqlite3" in out
    with Store.open(data_dir=demo) as store:
        assert store.audit.latest()  # the deleted history is back
    before_restore = [p for p in backups(demo / "backups") if "before-restore" in p.name]
    assert len(before_restore) == 1


def test_restore_refuses_what_is_not_ours(demo: Path, tmp_path: Path, capsys: Capture) -> None:
    current = (demo / "clinic.sqlite3").read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    for path, message in (
        (notes, "not a SQLite database"),
        (other, "not a Therapy Timer one"),
        (tmp_path / "missing.sqlite3", "does not exist"),
        (demo / "clinic.sqlite3", "is the database in use"),
    ):
        status, _, err = _run(["restore", "--data-dir", str(demo), str(path)], capsys)
        assert status == 2 and message in err, err
    assert (demo / "clinic.sqlite3").read_bytes() == current
    assert not [p for p in backups(demo / "backups") if "before-restore" in p.name]


def test_restore_over_a_damaged_file_keeps_it(demo: Path, tmp_path: Path, capsys: Capture) -> None:
    saved = tmp_path / "good.sqlite3"
    assert _run(["backup", "--data-dir", str(demo), "--to", str(saved)], capsys)[0] == 0
    database = demo / "clinic.sqlite3"
    database.write_bytes(b"\x00" * 4096)
    status, out, _ = _run(["restore", "--data-dir", str(demo), str(saved)], capsys)
    assert status == 0 and "before-restore-as-found" in out
    kept = [p for p in backups(demo / "backups") if "as-found" in p.name]
    assert kept[0].read_bytes() == b"\x00" * 4096
    assert _visits(demo, capsys)["count"] == 50
