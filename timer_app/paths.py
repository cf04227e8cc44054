"""Every file location of the program, in one place.

The data folder is the platform's user data folder unless `--data-dir` or the
`TIMER_APP_DATA_DIR` environment variable says otherwise (tests, portable installs).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

APP_NAME = "TherapyTimer"
ENV_DATA_DIR = "TIMER_APP_DATA_DIR"
DATABASE_NAME = "clinic.sqlite3"
BACKUP_FOLDER = "backups"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding the database and its backups, created when missing."""
    from platformdirs import user_data_dir  # only here: `timer-app units` never needs it

    chosen = override or os.environ.get(ENV_DATA_DIR) or user_data_dir(APP_NAME, appauthor=False)
    folder = Path(chosen).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(override) / DATABASE_NAME


def backup_dir(override: str | os.PathLike[str] | None = None) -> Path:
    folder = data_dir(override) / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    return folder


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The `--data-dir DIR` option every command shares."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding the database and backups (default: your user data folder; "
        f"also {ENV_DATA_DIR})",
    )
