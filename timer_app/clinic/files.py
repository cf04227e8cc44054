"""The clinic's file as a whole: back it up, restore it, find it. For the commands.

A backup is a consistent copy made while the program may be using the file; a restore
checks the replacement, saves the current file first, then swaps (`timer_app.store.files`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from timer_app import paths
from timer_app.clinic.access import os_actor
from timer_app.store import Store
from timer_app.store.backups import set_copy_folder
from timer_app.store.files import backup_database, existing_database, restore_database


@dataclass(frozen=True, slots=True)
class RestoreReport:
    database: Path
    visits: int
    patients: int
    previous_saved_as: Path | None  # None when there was no current file
    warning: str | None = None  # why the second backup folder got no copy of that file


@dataclass(frozen=True, slots=True)
class BackupReport:
    database: Path
    made: Path
    copy: Path | None  # the copy in the second folder, when one is set and took it
    warning: str | None  # why the second folder got no copy, in words


def back_up(
    data_dir: str | os.PathLike[str] | None, to: Path | None = None, *, overwrite: bool = False
) -> BackupReport:
    """Copy the data folder's database to `to` (an existing file replaced only with
    `overwrite`), or into its backups folder (each kind keeps its last few) and the second
    folder if one is set."""
    database = existing_database(data_dir)
    folder = paths.backup_dir(data_dir)
    made = backup_database(database, folder, datetime.now(UTC), to, overwrite=overwrite)
    _log(database, "backup made", {"file": made.path.name, "second copy": bool(made.copy)})
    return BackupReport(database, made.path, made.copy, made.warning)


def _log(database: Path, what: str, after: dict[str, object]) -> None:
    """A whole-file operation in the file's own audit log, under the OS account."""
    with Store.open(database, daily_backup=False, read_only=True,
                    program="the command 'timer-app backup'") as store:  # fmt: skip
        store.act_as(os_actor())
        store.log_access(what, after=after)


def set_backup_copy_folder(
    data_dir: str | os.PathLike[str] | None, chosen: Path | None
) -> Path | None:
    """Copy every backup to `chosen` too from now on (a USB disk, a network share); None
    stops. Returns the folder as remembered (absolute)."""
    existing_database(data_dir)
    return set_copy_folder(paths.backup_dir(data_dir), chosen)


def restore(data_dir: str | os.PathLike[str] | None, backup: Path) -> RestoreReport:
    """Replace the data folder's database with `backup`, the current file saved first."""
    database = paths.database_path(data_dir)
    folder = paths.backup_dir(data_dir)
    restored = restore_database(database, backup, folder, datetime.now(UTC))
    with Store.open(database) as store:  # checks it again and brings an older one up to date
        visits, patients = store.visits.count(), len(store.patients.search("", limit=10**9))
        store.act_as(os_actor())
        saved = restored.previous_saved_as
        store.log_access("database restored", after={
            "from": backup.name, "replaced file saved as": saved.name if saved else None})
    return RestoreReport(
        database, visits, patients, restored.previous_saved_as, restored.warning
    )
