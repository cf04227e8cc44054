"""Who may read the clinic's files: their owner only (POSIX modes 0700 and 0600).

private_folder(folder)                  a folder for its owner only (0700)
private_file(path)                      an existing file for its owner only (0600)
create_private(path)                    the same, creating the file empty (0600) when missing
private_files(folder, patterns)         every regular file in `folder` named by `patterns`

The database, its backups, the settings, the log and every output file hold patients'
details (HIPAA's ePHI): nobody else on the computer may read them. Modes are set
explicitly, never through the process's umask, which belongs to the user's other files.
Tightening only takes away: the group's and others' bits go, the owner's stay as they are
(a folder or file the owner made read-only stays read-only, and is refused as such).
A symbolic link to a file is left alone (the file behind it is not ours to change); a
folder is the one the user chose, link or not. A file system without POSIX modes (FAT, a
network share) refuses or ignores the change: the program goes on, as it cannot do better
there. On Windows all of this does nothing: the user's profile folder, where the data
lives, already keeps other users out. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

FOLDER_MODE = 0o700  # for a new folder
FILE_MODE = 0o600  # for a new file
OTHERS = 0o077  # the group's and everyone else's bits: taken away
POSIX = sys.platform != "win32"


def private_folder(folder: Path) -> None:
    """`folder` (when it exists) for its owner only: the group's and others' bits taken away."""
    if POSIX:
        _owner_only(folder)


def private_file(path: Path) -> None:
    """`path` (when it exists, not a link) for its owner only, as `private_folder`."""
    if POSIX and not path.is_symlink():
        _owner_only(path)


def create_private(path: Path) -> None:
    """`path` created empty when missing, then owner-only: a program that writes it later
    (QSettings, logging) keeps the mode it finds instead of taking the umask's."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):  # not creatable: the writer says so in its own words
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, FILE_MODE))
    private_file(path)


def private_files(folder: Path, patterns: Iterable[str]) -> None:
    """Every regular file directly in `folder` whose name matches one of `patterns`."""
    if not POSIX:
        return
    for pattern in patterns:
        try:
            found = list(folder.glob(pattern))
        except OSError:  # an unreadable or missing folder: nothing of ours to tighten there
            continue
        for path in found:
            if path.is_file() and not path.is_symlink():
                _owner_only(path)


def _owner_only(path: Path) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & OTHERS:
            path.chmod(mode & ~OTHERS)
    except OSError:  # gone, not ours, or a file system without modes: see the docstring
        return
