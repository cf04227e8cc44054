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
from timer_app.store import Store
from timer_app.store.files import backup_database, existing_database, restore_database


@dataclass(frozen=True, slots=True)
class RestoreReport:
    database: Path
    visits: int
    patients: int
    previous_saved_as: Path | None  # None when there was no current file


def back_up(data_dir: str | os.PathLike[str] | None, to: Path | None = None) -> tuple[Path, Path]:
    """Copy the data folder's database to `to`, or into its backups folder (last 30 kept).
    Returns (the database, the copy)."""
    database = existing_database(data_dir)
    folder = paths.backup_dir(data_dir)
    return database, backup_database(database, folder, datetime.now(UTC), to)


def restore(data_dir: str | os.PathLike[str] | None, backup: Path) -> RestoreReport:
    """Replace the data folder's database with `backup`, the current file saved first."""
    database = paths.database_path(data_dir)
    folder = paths.backup_dir(data_dir)
    restored = restore_database(database, backup, folder, datetime.now(UTC))
    with Store.open(database) as store:  # checks it again and brings an older one up to date
        visits, patients = store.visits.count(), len(store.patients.search("", limit=10**9))
    return RestoreReport(database, visits, patients, restored.previous_saved_as)
