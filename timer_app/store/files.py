"""Whole-file operations without opening the store: back up and restore.

A backup reads the file through SQLite's backup API (consistent, WAL included) and never
migrates it. A restore checks the replacement first, saves the current file, then swaps.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from timer_app import paths
from timer_app.errors import UserError
from timer_app.store import backups
from timer_app.store.opening import (
    FileInUseError,
    inspect,
    inspect_copy,
    probe_lock,
    read_only_connection,
)

_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    previous_saved_as: Path | None  # None when there was no current file


def existing_database(data_dir: str | os.PathLike[str] | None) -> Path:
    """The data folder's database, or a UserError saying how to make one."""
    database = paths.database_path(data_dir)
    if not database.exists():
        raise UserError(
            f"there is no database in {database.parent} yet; start the program once, or try "
            f"'timer-app demo --data-dir {database.parent}' for a demo clinic"
        )
    return database


def backup_database(database: Path, folder: Path, moment: datetime, to: Path | None) -> Path:
    """Copy `database` to `to`, or into `folder` (keeping the last 30)."""
    if not database.exists():
        raise UserError(f"there is no database at {database} yet; nothing to back up")
    inspect(database)
    source = read_only_connection(database)
    try:
        if to is not None:
            return backups.copy_database(source, to)
        return backups.make_backup(source, folder, moment, "manual")
    finally:
        source.close()


def restore_database(database: Path, replacement: Path, folder: Path, moment: datetime) -> Restored:
    """Replace `database` with a checked copy of `replacement`, saving the current file."""
    replacement = replacement.expanduser()
    if database.exists() and replacement.resolve() == database.resolve():
        raise UserError(f"{replacement} is the database in use; give a backup file instead")
    inspect_copy(replacement)
    saved = _save_current(database, folder, moment) if database.exists() else None
    incoming = database.with_name(database.name + ".restoring")
    incoming.unlink(missing_ok=True)
    source = read_only_connection(replacement)
    try:
        backups.copy_database(source, incoming)
    finally:
        source.close()
    for suffix in _SIDE_FILES:  # the old file's journal must never meet the new file
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    incoming.replace(database)
    return Restored(database, saved)


def _save_current(database: Path, folder: Path, moment: datetime) -> Path:
    """Back up the current file; a damaged or foreign one is kept byte for byte instead."""
    try:
        inspect_copy(database)
    except FileInUseError:
        raise
    except UserError:
        folder.mkdir(parents=True, exist_ok=True)
        kept = folder / backups.backup_name(moment, "before-restore-as-found")
        shutil.copy2(database, kept)
        return kept
    probe_lock(database)  # the program must not be writing it while we swap
    source = read_only_connection(database)
    try:
        return backups.make_backup(source, folder, moment, "before-restore")
    finally:
        source.close()
