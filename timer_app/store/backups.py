"""Backups through SQLite's backup API: a consistent copy even while the file is in use.

Kept in the data folder's `backups/`: one before every migration and restore, one a day at
start-up, and those the owner asks for; each kind keeps its own last few (`KEEP`), so many
manual backups never push out the daily ones. Every copy is written to a temporary file
beside its target (`timer_app.outputs`), checked (`PRAGMA quick_check`, and the row count of
every table equal to the database's at the moment of copying), and only then renamed into
place. The owner may name a second folder (a USB disk, a network share) that gets a copy of
every backup too (`copy-to.txt` in the backups folder). The backups folder is its owner's
only (0700) and so is every copy (0600, written by `timer_app.outputs`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from timer_app import file_modes, outputs
from timer_app.errors import UserError

PREFIX = "clinic-"
SUFFIX = ".sqlite3"
# How many of each kind (the `why` in the name) are kept; any other kind keeps KEEP_OTHER.
KEEP = {"daily": 30, "manual": 30, "before-restore": 10, "before-migration": 10}
KEEP_OTHER = 10  # e.g. before-restore-as-found: a damaged file kept byte for byte
COPY_TO = "copy-to.txt"  # in the backups folder: the second folder's path, one line


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    copy: Path | None = None  # the second folder's copy, when one was made
    warning: str | None = None  # why the second folder has no copy, in words


def backup_name(moment: datetime, why: str) -> str:
    """`clinic-20261122T074500123456Z-daily.sqlite3`: names sort in time order."""
    return f"{PREFIX}{moment.strftime('%Y%m%dT%H%M%S%fZ')}-{why}{SUFFIX}"


def kind_of(path: Path) -> str:
    """The `why` of a backup's name: daily, manual, before-restore, before-migration..."""
    stem = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    return stem.partition("-")[2]


def copy_database(
    source: sqlite3.Connection,
    target: Path,
    *,
    overwrite: bool = False,
    data_dir: Path | None = None,
) -> Path:
    """Write a checked copy to a file the user chose (`timer-app backup --to FILE`).

    Refused in words: the database itself, a file in the data or backups folder, a folder,
    a missing or read-only folder, an existing file unless `overwrite`.
    """
    target = outputs.check_target(
        target, overwrite=overwrite, data_dir=data_dir, database_copy=True
    )
    return write_copy(source, target, overwrite=overwrite)


def write_copy(source: sqlite3.Connection, target: Path, *, overwrite: bool = False) -> Path:
    """Copy the database into a temporary file beside `target`, check it, rename it in."""
    try:
        with outputs.replacing(target, overwrite=overwrite) as pending:
            counts = copy_pages(source, pending.temp)
            check_copy(pending.temp, counts, target)
    except sqlite3.Error as error:
        raise UserError(
            f"could not write the backup {target}: {error}; check that the disk has room, "
            "then try again"
        ) from None
    return target


def copy_pages(source: sqlite3.Connection, target: Path) -> dict[str, int]:
    """Copy every page into `target`; returns the row counts the copy must have.

    Counted and copied inside one read transaction, so both see the same moment even while
    the program writes the file.
    """
    began = not source.in_transaction
    if began:
        source.execute("BEGIN")
    try:
        counts = table_counts(source)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
            # One self-contained file: read later, it makes no -wal or -shm beside itself.
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
    finally:
        if began:
            source.execute("ROLLBACK")  # it only read
    return counts


def check_copy(copy: Path, expected: dict[str, int], target: Path) -> None:
    """Refuse a copy that is damaged or holds other rows than the database had."""
    connection = sqlite3.connect(copy)
    try:
        found = [str(row[0]) for row in connection.execute("PRAGMA quick_check").fetchall()]
        counts = table_counts(connection) if found == ["ok"] else {}
    except sqlite3.DatabaseError as error:
        found, counts = [str(error)], {}
    finally:
        connection.close()
    if found != ["ok"]:
        raise UserError(
            f"the copy for {target} came out damaged ({'; '.join(found[:2])}), so it was "
            "deleted and nothing was replaced. Check the disk (room, errors), then try again"
        )
    if counts != expected:
        tables = sorted(expected.keys() | counts.keys())
        name = next(n for n in tables if expected.get(n) != counts.get(n))
        raise UserError(
            f"the copy for {target} does not hold what the database holds ({name}: "
            f"{expected.get(name, 0)} rows, the copy {counts.get(name, 0)}), so it was deleted "
            "and nothing was replaced. Try again; if it happens again, check the disk"
        )


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table of the file."""
    names = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    counts: dict[str, int] = {}
    for name in names:
        quoted = name.replace('"', '""')
        counts[name] = int(connection.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0])
    return counts


def make_backup(source: sqlite3.Connection, folder: Path, moment: datetime, why: str) -> Path:
    """A checked backup in `folder` (and the second folder); returns its path."""
    return back_up(source, folder, moment, why).path


def back_up(source: sqlite3.Connection, folder: Path, moment: datetime, why: str) -> Backup:
    """A checked backup in `folder`, its kind rotated; copied to the second folder if one is
    set. A second folder that cannot take it is a warning, never a failed backup."""
    try:
        folder.mkdir(file_modes.FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            f"cannot create the backups folder {folder} ({error.strerror or error}); check that "
            "the data folder is writable"
        ) from None
    file_modes.private_folder(folder)
    outputs.clean_leftovers(folder)
    made = write_copy(source, folder / backup_name(moment, why))
    rotate(folder)
    try:
        second = copy_folder(folder)
        copy = None if second is None else _second_copy(source, second, made.name)
    except UserError as error:
        return Backup(made, None, _not_copied(second_words(folder), error.message))
    return Backup(made, copy)


def _second_copy(source: sqlite3.Connection, second: Path, name: str) -> Path:
    outputs.check_folder(second)
    outputs.clean_leftovers(second)
    copy = write_copy(source, second / name)
    rotate(second)
    return copy


def second_words(folder: Path) -> str:
    """The second folder as the owner set it, for a message (even when unreadable)."""
    try:
        return (folder / COPY_TO).read_text(encoding="utf-8").strip() or "the second folder"
    except (OSError, UnicodeDecodeError):
        return "the second folder"


def _not_copied(second: str, why: str) -> str:
    return (
        f"the backup was made, but not copied to {second}: {why}. Connect that disk or "
        "share, or choose another folder with 'timer-app backup --copy-folder PATH' ('none' "
        "stops the copies)"
    )


def copy_folder(folder: Path) -> Path | None:
    """The second folder every backup is also copied to, or None when none is set."""
    file = folder / COPY_TO
    try:
        text = file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read {file} ({error}); set the folder again") from None
    return Path(text) if text else None


def set_copy_folder(folder: Path, chosen: Path | None) -> Path | None:
    """Copy every backup to `chosen` from now on (None: stop). The folder must exist, be
    writable and lie outside the data folder (a copy on the same disk saves nothing)."""
    file = folder / COPY_TO
    if chosen is None:
        file.unlink(missing_ok=True)
        return None
    chosen = chosen.expanduser().resolve()  # a command may run from any folder
    outputs.check_folder(chosen)
    data = folder.resolve().parent
    if chosen == data or data in chosen.parents:
        raise UserError(
            f"{chosen} is inside the data folder {data}; choose a folder on another disk or a "
            "network share, so a copy survives when this disk fails"
        )
    folder.mkdir(file_modes.FOLDER_MODE, parents=True, exist_ok=True)
    file_modes.private_folder(folder)
    outputs.write_bytes(file, f"{chosen}\n".encode(), overwrite=True)
    return chosen


def backups(folder: Path) -> list[Path]:
    """Our backups, oldest first."""
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))


def rotate(folder: Path) -> list[Path]:
    """Delete all but the newest few of each kind (`KEEP`); returns what was deleted."""
    by_kind: dict[str, list[Path]] = {}
    for path in backups(folder):
        by_kind.setdefault(kind_of(path), []).append(path)
    old = []
    for kind, found in by_kind.items():
        keep = KEEP.get(kind, KEEP_OTHER)
        old.extend(found[:-keep] if keep else found)
    for path in old:
        path.unlink()
    return sorted(old)


def has_backup_on(folder: Path, moment: datetime) -> bool:
    day = f"{PREFIX}{moment.strftime('%Y%m%d')}T"
    return any(path.name.startswith(day) for path in backups(folder))
