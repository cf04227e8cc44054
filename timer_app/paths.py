"""Every file location of the program, in one place.

The data folder is the platform's user data folder unless `--data-dir` or the
`TIMER_APP_DATA_DIR` environment variable says otherwise (tests, portable installs). It and
what the program keeps in it are its owner's only (`tighten`, `timer_app.file_modes`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from timer_app import file_modes
from timer_app.errors import UserError

APP_NAME = "TherapyTimer"
ENV_DATA_DIR = "TIMER_APP_DATA_DIR"
DATABASE_NAME = "clinic.sqlite3"
BACKUP_FOLDER = "backups"
SETTINGS_NAME = "settings.ini"
LOG_NAME = "timer-app.log"
SERVER_LINK_NAME = "clinic-server.json"  # how this workstation reaches the clinic server
# Ours, by name (a data folder may be a folder the user keeps other files in): the database
# and its own files (-wal, -shm, -journal, .lock, .in-use, .restoring), the settings (and
# Qt's lock beside them), the log, temporary files (`timer_app.outputs`); in the backups
# folder, the backups and the second folder's name.
OWN_FILES = (f"{DATABASE_NAME}*", f"{SETTINGS_NAME}*", f"{LOG_NAME}*", ".timer-app-*")
OWN_BACKUP_FILES = ("clinic-*", "copy-to.txt", ".timer-app-*")


def chosen_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder asked for, without looking at the disk."""
    from platformdirs import user_data_dir  # only here: `timer-app units` never needs it

    chosen = override or os.environ.get(ENV_DATA_DIR) or user_data_dir(APP_NAME, appauthor=False)
    return Path(chosen).expanduser()


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding the database and its backups, created when missing.

    A UserError says what is wrong and what to do when it is a file, cannot be created,
    or is read-only (the database writes its journal beside itself). The folder and the
    files of ours in it are made owner-only (`tighten`), files an older version left too.
    """
    folder = chosen_data_dir(override)
    _make_folder(folder, "data folder")
    tighten(folder)
    if not writable(folder):
        raise UserError(
            f"the data folder {folder} is read-only; Therapy Timer writes the clinic's database "
            "and its backups there. Make it writable, or copy it somewhere writable and give "
            "that folder with --data-dir"
        )
    return folder


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    path = data_dir(override) / DATABASE_NAME
    if path.is_dir():
        raise UserError(
            f"{path} is a folder, but it must be the clinic's database file; move or rename "
            "that folder (or give another folder with --data-dir) and start again"
        )
    return path


def backup_dir(override: str | os.PathLike[str] | None = None) -> Path:
    folder = data_dir(override) / BACKUP_FOLDER
    _make_folder(folder, "backups folder")
    file_modes.private_folder(folder)
    return folder


def tighten(folder: Path) -> None:
    """The data folder `folder`, its backups folder and the files of ours in both (`OWN_FILES`,
    `OWN_BACKUP_FILES`) made owner-only: folders 0700, files 0600 (POSIX; Windows: nothing).

    Called when a data folder is opened, and by the store once SQLite has made its files.
    """
    file_modes.private_folder(folder)
    file_modes.private_files(folder, OWN_FILES)
    backups = folder / BACKUP_FOLDER
    if backups.is_dir():
        file_modes.private_folder(backups)
        file_modes.private_files(backups, OWN_BACKUP_FILES)


def writable(folder: Path) -> bool:
    """Whether this user may create files in `folder`."""
    return os.access(folder, os.W_OK | os.X_OK)


def _make_folder(folder: Path, what: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise UserError(
            f"the {what} {folder} is a file, not a folder; move that file away, or give "
            "another folder with --data-dir"
        )
    try:
        folder.mkdir(file_modes.FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            f"cannot create the {what} {folder} ({error.strerror or error}); create it "
            "yourself, make its parent writable, or give another folder with --data-dir"
        ) from None


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The `--data-dir DIR` option every command shares."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding the database and backups (default: your user data folder; "
        f"also {ENV_DATA_DIR})",
    )
