"""Output files (PDF, CSV, backup copies): checked first, then written whole or not at all.

check_target(path, overwrite=False)     refuses, in words, what must not be written
with replacing(target) as pending:      write `pending.temp`; it replaces `target` at the end
clean_leftovers(folder)                 deletes what a killed write left in `folder`

A file is written to a temporary file in its own folder (`.timer-app-<random>.partial`),
flushed to the disk, then renamed over the target in one step: a kill, a crash or a cancel
leaves the old file as it was and the new one complete or absent, never half of it. The
temporary names let the next start find and delete what a killed write left behind: they
hold patients' details, so every file written here is its owner's only (0600 on POSIX, also
one that replaces a file others could read; `timer_app.file_modes`). A write in progress
holds a lock on its temporary file, so cleaning never deletes another process's file under
it. No Qt and no SQLite here.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from timer_app import file_modes, paths
from timer_app.errors import UserError

if sys.platform != "win32":
    import fcntl

TEMP_PREFIX = ".timer-app-"
TEMP_SUFFIX = ".partial"
SQLITE_HEADER = b"SQLite format 3\x00"
# Ours, by name: today's temporary files (and SQLite's journals beside them), and those of
# earlier versions (a backup's `.partial`, a PDF's `.part`, a restore's `.restoring`).
LEFTOVERS = (
    f"{TEMP_PREFIX}*{TEMP_SUFFIX}",
    f"{TEMP_PREFIX}*{TEMP_SUFFIX}-*",
    "clinic-*.sqlite3.partial*",
    ".*.pdf.part",
    f"{paths.DATABASE_NAME}.restoring*",
)


def check_target(
    path: Path,
    *,
    overwrite: bool,
    data_dir: Path | None = None,
    database_copy: bool = False,
) -> Path:
    """`path` made absolute, or a UserError saying why it must not be written and what to do.

    Refused: a folder; a missing, non-folder or read-only folder; the clinic's database and
    its own files (`clinic.sqlite3-wal`, `-shm`, `-journal`, its lock); anything in the
    backups folder; a file directly in `data_dir` (a user's output does not belong next to
    the database); an existing SQLite file unless `database_copy`; an existing file unless
    `overwrite`.
    """
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise UserError(f"{target} is a folder; give the name of a file inside it instead")
    _refuse_clinic_files(target, data_dir)
    check_folder(target.parent, target)
    if target.exists():
        if not database_copy and _is_sqlite(target):
            raise UserError(
                f"{target} holds a database, which this file must not replace (not even with "
                "--force); choose another file name"
            )
        if not overwrite:
            raise UserError(f"{target} already exists; add --force to replace it")
    return target


def check_folder(folder: Path, target: Path | None = None) -> None:
    """Refuse a folder that is missing, not a folder, or read-only, naming `target` if any."""
    what = f"cannot write {target}: " if target is not None else ""
    if not folder.exists():
        raise UserError(
            f"{what}the folder {folder} does not exist; create it first or choose another folder"
        )
    if not folder.is_dir():
        raise UserError(f"{what}{folder} is a file, not a folder; choose a folder")
    if not paths.writable(folder):
        raise UserError(
            f"{what}the folder {folder} is read-only for you; choose a folder you may save in"
        )


def data_folder_of(path: Path) -> Path | None:
    """The folder `path` would be written into, when that folder holds a clinic's database."""
    folder = Path(path).expanduser().absolute().parent
    return folder if (folder / paths.DATABASE_NAME).is_file() else None


def _refuse_clinic_files(target: Path, data_dir: Path | None) -> None:
    real = target.resolve()
    folder = real.parent
    known = [] if data_dir is None else [Path(data_dir).expanduser().resolve()]

    def is_data_folder(candidate: Path) -> bool:
        has_database = (candidate / paths.DATABASE_NAME).exists()
        return has_database or any(_same(candidate, known_dir) for known_dir in known)

    if real.name.startswith(paths.DATABASE_NAME) and is_data_folder(folder):
        raise UserError(
            f"{target} is the clinic's database (or one of its own files); writing there "
            "would destroy the clinic's records. Choose another file, outside the data folder"
        )
    for ancestor in (folder, *folder.parents):
        if ancestor.name == paths.BACKUP_FOLDER and is_data_folder(ancestor.parent):
            raise UserError(
                f"{target} is in the backups folder {ancestor}, where Therapy Timer deletes "
                "old files; save it somewhere else, e.g. your Documents folder"
            )
    if any(_same(folder, known_dir) for known_dir in known):
        raise UserError(
            f"{target} is in the data folder {folder}, next to the clinic's database; save it "
            "somewhere else, e.g. your Documents folder"
        )


def _same(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:  # one of them does not exist: then only equal paths are the same
        return one == other


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # unreadable: not ours to judge; replacing it is refused below if need be
        return False


@dataclass(slots=True)
class Pending:
    """A write under way: the caller fills `temp` (by name, or with `write`), or cancels."""

    temp: Path
    fd: int
    cancelled: bool = False

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def cancel(self) -> None:
        """Keep the target as it was; the temporary file is deleted."""
        self.cancelled = True


@contextlib.contextmanager
def replacing(target: Path, *, overwrite: bool = True) -> Iterator[Pending]:
    """A temporary file in `target`'s folder that replaces `target` when the block ends.

    On an error (or `cancel()`) the temporary file is deleted and `target` is untouched. The
    target is not checked here (see `check_target`), except that an existing one is kept
    when `overwrite` is False. Disk errors become a UserError naming `target`.
    """
    folder = target.parent
    clean_leftovers(folder)
    try:
        pending = _new_temp(folder)
    except OSError as error:
        raise _cannot_write(target, error) from None
    replaced = False
    try:
        yield pending
        if not pending.cancelled:
            os.fsync(pending.fd)
            if not overwrite and target.exists():
                raise UserError(f"{target} already exists; add --force to replace it")
            file_modes.private_file(pending.temp)  # still 0600 if a writer made it anew
            if sys.platform == "win32":  # Windows renames no open file
                os.close(pending.fd)
                pending.fd = -1
            pending.temp.replace(target)
            replaced = True
            _sync_folder(folder)
    except OSError as error:
        raise _cannot_write(target, error) from None
    finally:
        if pending.fd >= 0:
            os.close(pending.fd)
        if not replaced:
            _remove_temp(pending.temp)


def write_bytes(target: Path, data: bytes, *, overwrite: bool) -> None:
    """Write `data` to `target` whole or not at all (the target checked by the caller)."""
    with replacing(target, overwrite=overwrite) as pending:
        pending.write(data)


def clean_leftovers(folder: Path) -> list[Path]:
    """Delete what killed writes left in `folder` (ours by name, not in use); returns them."""
    try:
        found = {path for pattern in LEFTOVERS for path in folder.glob(pattern)}
    except OSError:  # an unreadable folder: nothing we can clean there
        return []
    removed = []
    for path in sorted(found):
        if not path.is_file() or _in_use(_owner(path)):
            continue
        try:
            path.unlink()
        except OSError:  # open elsewhere (Windows) or not ours to delete: the next start retries
            continue
        removed.append(path)
    return removed


def _new_temp(folder: Path) -> Pending:
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o600)  # patients' details: for this user only
    if sys.platform != "win32":
        # "in use", not a leftover; a share without locks goes on without the mark
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return Pending(temp, fd)


def _owner(path: Path) -> Path:
    """The temporary file a SQLite journal (`….partial-journal`) belongs to; else itself."""
    head, found, _ = path.name.partition(f"{TEMP_SUFFIX}-")
    return path.with_name(head + TEMP_SUFFIX) if found and head.startswith(TEMP_PREFIX) else path


def _in_use(path: Path) -> bool:
    """True while a running write holds the file's lock."""
    if sys.platform == "win32" or not path.exists():
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # no locks on this file system: nothing says it is in use
        return False
    finally:
        os.close(fd)
    return False


def _remove_temp(temp: Path) -> None:
    for path in (temp, *temp.parent.glob(f"{temp.name}-*")):  # SQLite's journal beside it
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX; Windows has no folder handles)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems (network shares) refuse; the file itself is synced
        return
    finally:
        os.close(fd)


def _cannot_write(target: Path, error: OSError) -> UserError:
    reason = error.strerror or str(error)
    return UserError(
        f"cannot write {target}: {reason}; check that the disk has room and that you may save "
        "in that folder, then try again"
    )
