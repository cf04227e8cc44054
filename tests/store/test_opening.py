"""Opening refuses what it must not touch, with a clear message, and leaves it byte-for-byte."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.helpers import seed
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.store import Store


@pytest.fixture
def clinic_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite3"
    with Store.open(path, clock=FakeClock(), daily_backup=False) as store:
        seed(store)
        for n in range(200):  # a few pages, so damage can land past the first one
            store.patients.add(f"Patient {n:03d}", seed_date(n))
    return path


def seed_date(n: int) -> object:
    from datetime import date

    return date(1940 + n % 60, 1 + n % 12, 1 + n % 28)


def _refused(path: Path, match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(UserError, match=match):
        Store.open(path, clock=FakeClock())
    assert path.read_bytes() == before
    assert not (path.parent / "backups").exists()


def test_a_damaged_page_is_refused(clinic_file: Path) -> None:
    data = bytearray(clinic_file.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 600] = b"\xa5" * 600
    clinic_file.write_bytes(bytes(data))
    _refused(clinic_file, "is damaged .* left as it is. Restore the latest backup")


def test_a_damaged_header_is_refused(clinic_file: Path) -> None:
    data = bytearray(clinic_file.read_bytes())
    data[:16] = b"not a database!!"
    clinic_file.write_bytes(bytes(data))
    _refused(clinic_file, "not a SQLite database")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    path.write_text("patient list\nAnn Lee\n")
    _refused(path, "not a SQLite database")


def test_a_newer_version_is_refused(clinic_file: Path) -> None:
    connection = sqlite3.connect(clinic_file)
    connection.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('therapy_timer', 'm099_from_the_future', '2030-01-01')"
    )
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    _refused(clinic_file, "newer version of Therapy Timer .* install that version")


def test_a_newer_migration_name_alone_is_enough(clinic_file: Path) -> None:
    connection = sqlite3.connect(clinic_file)
    connection.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('therapy_timer', 'm099_from_the_future', '2030-01-01')"
    )
    connection.commit()
    connection.close()
    _refused(clinic_file, "newer version")


def test_a_read_only_file_is_refused(clinic_file: Path) -> None:
    mode = clinic_file.stat().st_mode
    clinic_file.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        _refused(clinic_file, "is read-only; make it writable")
    finally:
        clinic_file.chmod(mode)


@pytest.fixture
def held(clinic_file: Path) -> Iterator[sqlite3.Connection]:
    other = sqlite3.connect(clinic_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_file_locked_by_another_program_is_refused(
    clinic_file: Path, held: sqlite3.Connection
) -> None:
    _refused(clinic_file, "in use by another program")


def test_someone_elses_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    _refused(path, "not a Therapy Timer one")


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    path.touch()
    with Store.open(path, clock=FakeClock()) as store:
        assert store.visits.count() == 0


def test_a_good_file_opens_again_with_its_data(clinic_file: Path) -> None:
    with Store.open(clinic_file, clock=FakeClock()) as store:
        assert len(store.patients.search("Patient", limit=500)) == 200
