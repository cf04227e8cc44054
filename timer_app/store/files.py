"""Whole-file operations without opening the store: back up and restore.

A backup reads the file through SQLite's backup API (consistent, WAL included) and never
migrates it. A restore checks the replacement first, saves the current file, then swaps.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from timer_app import paths
from timer_app.errors import UserError
from timer_app.outputs import check_target, clean_leftovers, replacing
from timer_app.store import backups
from timer_app.store.lock import WriterLock
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
    warning: str | None = None  # why the second backup folder got no copy of it


def existing_database(data_dir: str | os.PathLike[str] | None) -> Path:
    """The data folder's database, or a UserError saying how to make one."""
    database = paths.database_path(data_dir)
    if not database.exists():
        raise UserError(
            f"there is no database in {database.parent} yet; start the program once, or try "
            f"'timer-app demo --data-dir {database.parent}' for a demo clinic"
        )
    return database


def backup_database(
    database: Path, folder: Path, moment: datetime, to: Path | None, *, overwrite: bool = False
) -> backups.Backup:
    """Copy `database` to `to` (replacing it only with `overwrite`), or into `folder` (each
    kind of backup keeps its last few) and the second folder if one is set."""
    if not database.exists():
        raise UserError(f"there is no database at {database} yet; nothing to back up")
    if to is not None:  # refused before anything is read
        to = check_target(to, overwrite=overwrite, data_dir=database.parent, database_copy=True)
    inspect(database)
    source = read_only_connection(database)
    try:
        if to is not None:
            return backups.Backup(backups.write_copy(source, to, overwrite=overwrite))
        return backups.back_up(source, folder, moment, "manual")
    finally:
        source.close()


def restore_database(database: Path, replacement: Path, folder: Path, moment: datetime) -> Restored:
    """Replace `database` with a checked copy of `replacement`, saving the current file.

    Refused while another program has the database open (it would go on writing into the
    file it opened, and everything it did afterwards would be lost); the restore holds the
    file's claim meanwhile, so nothing opens it halfway.
    """
    claim = WriterLock.acquire(database, "the command 'timer-app restore'")
    try:
        return _restore(database, replacement, folder, moment)
    finally:
        claim.release()


def _restore(database: Path, replacement: Path, folder: Path, moment: datetime) -> Restored:
    replacement = replacement.expanduser()
    if database.exists() and replacement.resolve() == database.resolve():
        raise UserError(f"{replacement} is the database in use; give a backup file instead")
    inspect_copy(replacement)  # whole and ours, before anything is touched
    saved = _save_current(database, folder, moment) if database.exists() else None
    source = read_only_connection(replacement)
    try:
        # A checked copy beside the database, renamed over it in one step.
        with replacing(database) as pending:
            counts = backups.copy_pages(source, pending.temp)
            backups.check_copy(pending.temp, counts, database)
            for suffix in _SIDE_FILES:  # the old file's journal must never meet the new file
                database.with_name(database.name + suffix).unlink(missing_ok=True)
    except sqlite3.Error as error:
        raise UserError(f"could not restore {replacement}: {error}; nothing was replaced") from None
    finally:
        source.close()
    if saved is None:
        return Restored(database, None)
    return Restored(database, saved.path, saved.warning)


def _save_current(database: Path, folder: Path, moment: datetime) -> backups.Backup:
    """Back up the current file; a damaged or foreign one is kept byte for byte instead."""
    try:
        inspect_copy(database)
    except FileInUseError:
        raise
    except UserError:
        return backups.Backup(_keep_as_found(database, folder, moment))
    probe_lock(database)  # the program must not be writing it while we swap
    source = read_only_connection(database)
    try:
        return backups.back_up(source, folder, moment, "before-restore")
    finally:
        source.close()


def _keep_as_found(database: Path, folder: Path, moment: datetime) -> Path:
    """The current file byte for byte (it cannot be read as a database), written whole."""
    folder.mkdir(parents=True, exist_ok=True)
    clean_leftovers(folder)
    kept = folder / backups.backup_name(moment, "before-restore-as-found")
    with replacing(kept, overwrite=False) as pending, database.open("rb") as current:
        shutil.copyfileobj(current, pending)
    backups.rotate(folder)
    return kept
