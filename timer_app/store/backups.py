"""Backups through SQLite's backup API: a consistent copy even while the file is in use.

Kept in the data folder's `backups/`: one before every migration and restore, one a day at
start-up, the last 30 in all.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from timer_app.errors import UserError

KEEP = 30
PREFIX = "clinic-"
SUFFIX = ".sqlite3"


def backup_name(moment: datetime, why: str) -> str:
    """`clinic-20261122T074500123456Z-daily.sqlite3`: names sort in time order."""
    return f"{PREFIX}{moment.strftime('%Y%m%dT%H%M%S%fZ')}-{why}{SUFFIX}"


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Write a complete copy to `target` (a new file), never a half-written one."""
    if target.exists():
        raise UserError(f"{target} already exists; choose a new file name")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"could not write the backup {target}: {error.strerror}") from None
    return target


def make_backup(source: sqlite3.Connection, folder: Path, moment: datetime, why: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    made = copy_database(source, folder / backup_name(moment, why))
    rotate(folder)
    return made


def backups(folder: Path) -> list[Path]:
    """Our backups, oldest first."""
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))


def rotate(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted."""
    old = backups(folder)[:-keep] if keep else backups(folder)
    for path in old:
        path.unlink()
    return old


def has_backup_on(folder: Path, moment: datetime) -> bool:
    day = f"{PREFIX}{moment.strftime('%Y%m%d')}T"
    return any(path.name.startswith(day) for path in backups(folder))
