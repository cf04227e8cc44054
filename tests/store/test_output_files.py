"""Output files and backups: refused targets, whole-or-nothing writes, leftovers, kinds kept,
checked copies, the second folder, restore's order. One row or test per fault found."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.helpers import Seed
from timer_app import outputs, paths
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.store import Store, backups
from timer_app.store.files import restore_database


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ours(folder: Path) -> list[str]:
    """Temporary files, or what a killed write would leave, in `folder`."""
    return sorted(
        p.name for p in folder.iterdir()
        if p.name.startswith(".") or p.name.endswith((".partial", ".part", ".restoring"))
    )  # fmt: skip


# --- targets refused in words, before anything is written -----------------------------------

Layout = Callable[[Path, Path], Path]  # (data folder, another folder) -> the target


def _existing_csv(_data: Path, out: Path) -> Path:
    target = out / "claims.csv"
    target.write_text("old,claims\r\n", encoding="utf-8")
    return target


def _other_database(_data: Path, out: Path) -> Path:
    target = out / "kept.sqlite3"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    return target


def _under_a_file(_data: Path, out: Path) -> Path:
    (out / "notes.txt").write_text("a file")
    return out / "notes.txt" / "claims.csv"


TARGETS: list[tuple[str, Layout, bool, str]] = [
    # (case, target, overwrite, words)
    ("the database", lambda d, _: d / "clinic.sqlite3", True, "is the clinic's database"),
    ("its WAL", lambda d, _: d / "clinic.sqlite3-wal", True, "is the clinic's database"),
    ("its shared memory", lambda d, _: d / "clinic.sqlite3-shm", True, "is the clinic's database"),
    ("its journal", lambda d, _: d / "clinic.sqlite3-journal", True, "is the clinic's database"),
    ("in the backups folder", lambda d, _: d / "backups" / "x.csv", True, "in the backups folder"),
    ("in the data folder", lambda d, _: d / "claims.csv", True, "is in the data folder"),
    ("a folder", lambda _, out: out, True, "is a folder; give the name of a file"),
    ("a missing folder", lambda _, out: out / "nowhere" / "x.csv", True, "does not exist"),
    ("a file as the folder", _under_a_file, True, "is a file, not a folder"),
    ("an existing file", _existing_csv, False, "already exists; add --force to replace it"),
    ("another database", _other_database, True, "holds a database, which this file must not"),
]


@pytest.mark.parametrize(
    ("case", "layout", "overwrite", "words"), TARGETS, ids=[row[0] for row in TARGETS]
)
def test_a_target_that_must_not_be_written_is_refused_in_words(
    store: Store, seeded: Seed, tmp_path_factory: pytest.TempPathFactory,
    case: str, layout: Layout, overwrite: bool, words: str,
) -> None:  # fmt: skip
    data = store.path.parent
    target = layout(data, tmp_path_factory.mktemp("out"))
    before = {p: _digest(p) for p in data.rglob("*") if p.is_file()}
    old = _digest(target) if target.is_file() else None
    with pytest.raises(UserError, match=words):
        outputs.check_target(target, overwrite=overwrite, data_dir=data)
    if case != "another database":  # a backup copy may replace an older copy, with --force
        with pytest.raises(UserError, match=words):  # the write itself checks the same way
            backups.copy_database(store.db.conn, target, overwrite=overwrite, data_dir=data)
    assert {p: _digest(p) for p in data.rglob("*") if p.is_file()} == before
    assert (_digest(target) if target.is_file() else None) == old
    assert store.patients.get(seeded.patient.id).name == "Ann Lee"


def test_a_read_only_folder_is_refused_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "writable", lambda _folder: False)  # tests may run as root
    with pytest.raises(UserError, match="is read-only for you; choose a folder you may save in"):
        outputs.check_target(tmp_path / "x.csv", overwrite=False)


# --- whole or nothing ------------------------------------------------------------------------


def test_a_failed_or_cancelled_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"
    target.write_bytes(b"old")
    with pytest.raises(ZeroDivisionError), outputs.replacing(target) as pending:
        pending.write(b"half of the new")
        assert pending.temp.parent == tmp_path and pending.temp.name.startswith(".timer-app-")
        _ = 1 / 0
    with outputs.replacing(target) as pending:
        pending.write(b"the new one, cancelled")
        pending.cancel()
    assert target.read_bytes() == b"old"
    outputs.write_bytes(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]


def test_leftovers_of_killed_writes_are_deleted_but_not_a_write_under_way(tmp_path: Path) -> None:
    killed = [
        ".timer-app-0123456789abcdef.partial",  # a killed PDF, CSV or backup copy
        ".timer-app-0123456789abcdef.partial-journal",  # SQLite's journal beside it
        "clinic-20261101T000000000000Z-daily.sqlite3.partial",  # earlier versions' names
        ".day.pdf.part",
        "clinic.sqlite3.restoring",
    ]
    (tmp_path / "claims.csv").write_text("the user's own file")
    with outputs.replacing(tmp_path / "day.pdf") as pending:
        for name in killed:
            (tmp_path / name).write_text("Ann Lee, 1950-01-02, M54.50")
        removed = outputs.clean_leftovers(tmp_path)  # as another process would, meanwhile
        assert pending.temp.exists()
        pending.write(b"%PDF")
    assert sorted(p.name for p in removed) == sorted(killed)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv", "day.pdf"]


def test_a_backup_deletes_what_a_killed_backup_left(store: Store) -> None:
    leftover = store.backup_folder / ".timer-app-00000000000000aa.partial"
    old_style = store.backup_folder / "clinic-20261101T000000000000Z-manual.sqlite3.partial"
    for path in (leftover, old_style):
        path.write_bytes(store.path.read_bytes()[:4096])
    store.backup("manual")
    assert not leftover.exists() and not old_style.exists()


# --- kinds kept apart ------------------------------------------------------------------------


def test_each_kind_keeps_its_own_last_few(store: Store, clock: FakeClock) -> None:
    made = {"daily": 3, "before-migration": 12, "before-restore": 12, "manual": 35}
    for why, count in made.items():
        for _ in range(count):
            clock.advance(60)
            store.backup(why)
    kinds = Counter(backups.kind_of(p) for p in backups.backups(store.backup_folder))
    # the start-up's own daily backup, plus the three
    assert kinds == {"daily": 4, "before-migration": 10, "before-restore": 10, "manual": 30}
    assert backups.KEEP == {
        "daily": 30, "manual": 30, "before-restore": 10, "before-migration": 10,
    }  # fmt: skip


# --- every copy checked ----------------------------------------------------------------------


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: 3 * 4096])


def _a_row_lost(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM patient")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (_truncated, "came out damaged"),
        (_a_row_lost, r"does not hold what the database holds \(patient: 1 rows, the copy 0\)"),
    ],
)
def test_a_copy_that_does_not_check_out_is_deleted_and_refused(
    store: Store, seeded: Seed, monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[Path], None], words: str,
) -> None:  # fmt: skip
    real = backups.copy_pages

    def damaged(source: sqlite3.Connection, target: Path) -> dict[str, int]:
        counts = real(source, target)
        damage(target)  # as a failing disk or an interrupted copy would leave it
        return counts

    monkeypatch.setattr(backups, "copy_pages", damaged)
    before = backups.backups(store.backup_folder)
    with pytest.raises(UserError, match=words):
        store.backup("manual")
    with pytest.raises(UserError, match=words):
        store.backup_to(store.path.parent / "copy.sqlite3")
    assert backups.backups(store.backup_folder) == before
    assert not (store.path.parent / "copy.sqlite3").exists()
    assert _ours(store.path.parent) == []
    assert _ours(store.backup_folder) == []


def test_a_copy_holds_the_rows_of_its_moment(
    store: Store, seeded: Seed, tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("copies") / "copy.sqlite3"
    store.backup_to(target)
    copy = sqlite3.connect(target)
    assert backups.table_counts(copy) == backups.table_counts(store.db.conn)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file alone
    copy.close()


# --- the second folder -----------------------------------------------------------------------


def test_every_backup_is_also_copied_to_the_chosen_folder(
    store: Store, clock: FakeClock, tmp_path_factory: pytest.TempPathFactory
) -> None:
    usb = tmp_path_factory.mktemp("usb")
    assert backups.set_copy_folder(store.backup_folder, usb) == usb.resolve()
    clock.advance(60)
    made = backups.back_up(store.db.conn, store.backup_folder, store.clock.now(), "manual")
    assert made.copy == usb.resolve() / made.path.name and made.warning is None
    copy = sqlite3.connect(made.copy)
    assert backups.table_counts(copy) == backups.table_counts(store.db.conn)
    copy.close()
    for child in usb.iterdir():
        child.unlink()
    usb.rmdir()  # the disk was taken out
    clock.advance(24 * 3600)
    later = backups.back_up(store.db.conn, store.backup_folder, store.clock.now(), "daily")
    assert later.path.exists() and later.copy is None
    assert later.warning is not None and "the backup was made, but not copied to" in later.warning
    assert "does not exist" in later.warning
    assert backups.set_copy_folder(store.backup_folder, None) is None
    assert backups.copy_folder(store.backup_folder) is None


def test_the_second_folder_must_not_be_in_the_data_folder(store: Store) -> None:
    inside = store.path.parent / "copies"
    inside.mkdir()
    with pytest.raises(UserError, match="is inside the data folder"):
        backups.set_copy_folder(store.backup_folder, inside)
    assert backups.copy_folder(store.backup_folder) is None


# --- restore: checked before anything is replaced, its own kind kept -------------------------


def test_restore_refuses_a_copy_that_does_not_check_out(
    store: Store, seeded: Seed, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    saved = tmp_path_factory.mktemp("saved") / "friday.sqlite3"
    store.backup_to(saved)
    database, folder = store.path, store.backup_folder
    store.close()
    before = _digest(database)
    real = backups.copy_pages

    def damaged(source: sqlite3.Connection, target: Path) -> dict[str, int]:
        counts = real(source, target)
        if target.parent == database.parent:  # the incoming copy, not the before-restore one
            _truncated(target)
        return counts

    monkeypatch.setattr(backups, "copy_pages", damaged)
    with pytest.raises(UserError, match="came out damaged"):
        restore_database(database, saved, folder, datetime.now(UTC))
    assert _digest(database) == before
    assert _ours(database.parent) == []


def test_restore_keeps_its_own_last_ten(
    store: Store, seeded: Seed, tmp_path_factory: pytest.TempPathFactory
) -> None:
    saved = tmp_path_factory.mktemp("saved") / "friday.sqlite3"
    store.backup_to(saved)
    database, folder = store.path, store.backup_folder
    store.close()
    for minute in range(12):
        restore_database(database, saved, folder, datetime(2026, 11, 9, 8, minute, tzinfo=UTC))
    kinds = Counter(backups.kind_of(p) for p in backups.backups(folder))
    assert kinds["before-restore"] == 10 and kinds["daily"] == 1
