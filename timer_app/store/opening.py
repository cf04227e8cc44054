"""Opening a file safely: look before touching, refuse with a clear message, change nothing.

A file that is damaged, locked by another program, read-only, not ours, or written by a
newer version is refused before any write (no WAL switch, no migration, no backup).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from timer_app.errors import UserError, database_trouble
from timer_app.store.schema import MIGRATION_SET, SCHEMA_VERSION, known_migrations


class FileInUseError(UserError):
    """Another program holds the file's lock."""


HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 2.0  # how long a write waits for another connection before giving up
PROBE_SECONDS = 0.5  # how long the lock probe waits at opening


def inspect(path: Path, *, thorough: bool = True, probe: bool = True) -> bool:
    """Check an existing file before writing to it; True when it holds our schema.

    False means an empty file. Raises UserError (and writes nothing) for anything we must
    not open: read-only, damaged, not ours, newer, or locked by another program.
    `thorough` reads every page (PRAGMA quick_check); without it only the header and the
    schema are read, for a file the program closed cleanly and checked today already.
    """
    _check_writable(path)
    return _guarded(
        path, lambda: _check_content(path, thorough) and (not probe or _probe_lock(path))
    )


def inspect_copy(path: Path) -> None:
    """Check a file only to read it (a backup to restore): ours, whole, not newer."""
    if not path.is_file():
        raise UserError(f"{path} does not exist or is not a file; give the backup file's path")
    if not _guarded(path, lambda: _check_content(path)):
        raise UserError(f"{path} is an empty database, not a Therapy Timer backup")


def probe_lock(path: Path) -> None:
    """Refuse when another program (or a running Therapy Timer) is writing the file."""
    _guarded(path, lambda: _probe_lock(path))


def _guarded(path: Path, check: Callable[[], bool]) -> bool:
    _check_header(path)
    try:
        return check()
    except sqlite3.DatabaseError as error:
        if _is_lock(error):
            raise _locked(path) from None
        raise UserError(trouble_words(path, error, "it was opened")) from None


def trouble_words(path: Path, error: sqlite3.DatabaseError, doing: str) -> str:
    """`errors.database_trouble` for this file (damage names the whole path)."""
    text = database_trouble(path.name, error, doing)
    return _damaged(path, str(error)).message if " is damaged (" in text else text


def read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=PROBE_SECONDS)


def _check_writable(path: Path) -> None:
    mode = path.stat().st_mode
    no_write_bit = not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    folder = path.parent
    if no_write_bit or not os.access(path, os.W_OK):
        raise UserError(
            f"{path} is read-only; make it writable (or copy it somewhere writable and use "
            "--data-dir) and start again"
        )
    if not os.access(folder, os.W_OK):
        raise UserError(f"the folder {folder} is read-only; the database needs to write there")


def _check_header(path: Path) -> None:
    with path.open("rb") as file:
        head = file.read(len(HEADER))
    if head and head != HEADER:
        raise UserError(
            f"{path} is not a SQLite database (or its first page is damaged); restore a "
            "backup with 'timer-app restore FILE'"
        )


def _check_content(path: Path, thorough: bool = True) -> bool:
    connection = read_only_connection(path)
    try:
        if thorough:
            result = connection.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                raise _damaged(path, "; ".join(str(r[0]) for r in result[:3]))
        return _check_version(path, connection)
    finally:
        connection.close()


def _check_version(path: Path, connection: sqlite3.Connection) -> bool:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return False
    if "_sqlite_migrations" not in tables:
        raise UserError(f"{path} is a database, but not a Therapy Timer one; choose another file")
    applied = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )
    }
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    unknown = sorted(applied - known_migrations())
    if version > SCHEMA_VERSION or unknown:
        changes = f"changes this version does not know: {', '.join(unknown)}" if unknown else (
            f"file format {version}; this version reads up to {SCHEMA_VERSION}"
        )
        raise UserError(
            f"{path} was written by a newer version of Therapy Timer ({changes}); install "
            "that version (or newer) to open it. The file was left as it is."
        )
    if not applied:
        raise UserError(f"{path} is a database, but not a Therapy Timer one; choose another file")
    return True


def _probe_lock(path: Path) -> bool:
    """Take and drop a write lock: another program holding one means we must not start."""
    connection = sqlite3.connect(path, timeout=PROBE_SECONDS, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    finally:
        connection.close()
    return True


def _is_lock(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _locked(path: Path) -> UserError:
    return FileInUseError(
        f"{path} is in use by another program (another Therapy Timer or a database tool); "
        "close it and start again"
    )


def _damaged(path: Path, detail: str) -> UserError:
    return UserError(
        f"{path} is damaged ({detail}); it was left as it is. Restore the latest backup "
        "with 'timer-app restore FILE' (backups are in the 'backups' folder next to it)"
    )
