"""One program writes one database file: the writer's claim, held while the file is open.

The claim is an operating-system lock on `<file>.lock` beside the database (fcntl on Unix,
msvcrt on Windows). The system drops it when the holder exits, crashed or not, so a killed
program never leaves a stale claim. The lock file also says who holds it (program, process,
computer, since when) so a refusal can name them. SQLite's own locks stay: they keep
readers and the writer consistent; this one keeps two writers from taking turns.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from timer_app.errors import UserError
from timer_app.store.opening import FileInUseError

LOCK_SUFFIX = ".lock"
_LOCKED_BYTE = 1 << 20  # Windows locks a byte range: one far past the holder's words


@dataclass(frozen=True, slots=True)
class Holder:
    program: str
    process: int
    computer: str
    since: datetime  # UTC

    def words(self) -> str:
        here = "this computer" if self.computer == socket.gethostname() else self.computer
        since = self.since.astimezone().strftime("%H:%M on %Y-%m-%d")
        return f"{self.program} on {here} (process {self.process}, open since {since})"


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


class WriterLock:
    """The claim of this process; `release` (or exiting) gives it up."""

    def __init__(self, path: Path, handle: int) -> None:
        self.path = path
        self._handle: int | None = handle

    @classmethod
    def acquire(cls, database: Path, program: str) -> WriterLock:
        """Claim the file for `program`, or FileInUseError naming who has it."""
        path = lock_path(database)
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise UserError(
                f"cannot claim {database.name} for writing ({error.strerror}): check that the "
                f"folder {database.parent} is writable"
            ) from None
        if not _try_lock(handle):
            os.close(handle)
            raise FileInUseError(in_use_words(database, holder(database)))
        holder_now = Holder(program, os.getpid(), socket.gethostname(), datetime.now(UTC))
        _write_holder(handle, holder_now)
        return cls(path, handle)

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        with contextlib.suppress(OSError):
            os.ftruncate(handle, 0)
        _unlock(handle)
        os.close(handle)

    @property
    def held(self) -> bool:
        return self._handle is not None


def holder(database: Path) -> Holder | None:
    """Who writes the file now; None when nobody does (or the file names nobody)."""
    path = lock_path(database)
    try:
        handle = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        if _try_lock(handle):  # free: whatever it says is left from a clean exit
            _unlock(handle)
            return None
        return _read_holder(handle) or Holder("another program", 0, "an unknown computer",
                                               datetime.now(UTC))  # fmt: skip
    finally:
        os.close(handle)


def in_use_words(database: Path, found: Holder | None) -> str:
    who = found.words() if found else "another program"
    return (
        f"The clinic's database {database} is in use by {who}. One program writes it at a "
        f"time: close that one first (or use it), then try again."
    )


def _write_holder(handle: int, found: Holder) -> None:
    text = json.dumps(
        {"program": found.program, "process": found.process, "computer": found.computer,
         "since": found.since.isoformat()}
    ).encode()  # fmt: skip
    os.ftruncate(handle, 0)
    os.lseek(handle, 0, os.SEEK_SET)
    os.write(handle, text)


def _read_holder(handle: int) -> Holder | None:
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        data = json.loads(os.read(handle, 4096) or b"null")
        return Holder(
            str(data["program"]), int(data["process"]), str(data["computer"]),
            datetime.fromisoformat(data["since"]),
        )  # fmt: skip
    except (OSError, ValueError, TypeError, KeyError):
        return None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        os.lseek(handle, _LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        os.lseek(handle, _LOCKED_BYTE, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
