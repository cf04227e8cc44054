"""The store: one SQLite file, opened safely, migrated, and handed out as repositories.

store = Store.open(data_dir=args.data_dir)
store.write_visit(visit.id, visit.revision, decision.changes, who="Dana Reyes, PT")
store.visits.find(on=date.today())

It implements the clinic's store port (`timer_app.clinic.port.StorePort`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlite_utils import Database

from timer_app import outputs, paths
from timer_app.errors import UserError
from timer_app.records import Visit, VisitChange
from timer_app.records.people import Actor
from timer_app.session.clock import Clock, SystemClock
from timer_app.session.model import Interval
from timer_app.session.recovery import LastSign
from timer_app.store import backups
from timer_app.store.audit import AuditLog
from timer_app.store.changes import VisitWriter
from timer_app.store.codes import CodeSettingsRepository
from timer_app.store.episodes import EpisodeRepository
from timer_app.store.lock import WriterLock, holder
from timer_app.store.opening import BUSY_SECONDS, FileInUseError, inspect, trouble_words
from timer_app.store.outbox import VISIT_ITEM, OutboxRepository, signs
from timer_app.store.patients import PatientRepository
from timer_app.store.payers import PayerRepository
from timer_app.store.payments import PaymentRepository
from timer_app.store.people import ClinicianRepository, ClinicRepository
from timer_app.store.recovery import Heartbeat
from timer_app.store.rules import RuleTablesRepository
from timer_app.store.schema import MIGRATIONS
from timer_app.store.users import SettingRepository, UserRepository
from timer_app.store.visits import VisitRepository


class Store:
    """Everything the program keeps. Build it with `Store.open`; close it when done."""

    def __init__(
        self,
        db: Database,
        path: Path,
        backup_folder: Path,
        clock: Clock,
        claim: WriterLock | None = None,
        *,
        owns_claim: bool = True,
    ) -> None:
        self.db = db  # for the store's own modules and tests; others use the repositories
        self.path = path
        self.backup_folder = backup_folder
        self.clock = clock
        self._claim = claim  # None: opened to read while another program writes the file
        self._owns_claim = owns_claim  # False: a connection beside the store that claimed it
        self._identity = _identity(path)  # the file opened: a replaced one is noticed
        self._lost: str | None = None  # why nothing more may be written
        self.audit = AuditLog(db, clock)
        self.clinic = ClinicRepository(db)
        self.clinicians = ClinicianRepository(db)
        self.payers = PayerRepository(db)
        self.outbox = OutboxRepository(
            db, clock, self.audit, lambda key: self.visits.get(key),
            lambda key: self.patients.get(key), lambda key: self.episodes.get(key),
            lambda key: self.episodes.authorization(key),
        )  # fmt: skip
        self.patients = PatientRepository(db, clock, self.audit, self.outbox)
        self.episodes = EpisodeRepository(db, clock, self.outbox)
        self.codes = CodeSettingsRepository(db)
        self.rules = RuleTablesRepository(db)
        self.users = UserRepository(db, clock)
        self.settings = SettingRepository(db)
        self.visits = VisitRepository(db, clock, self.audit)
        self.payments = PaymentRepository(db, clock, self.audit)
        self._writer = VisitWriter(db, clock, self.audit, self.visits)
        self._heartbeat = Heartbeat(db, clock)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        data_dir: str | os.PathLike[str] | None = None,
        clock: Clock | None = None,
        daily_backup: bool = True,
        program: str = "Therapy Timer",
        read_only: bool = False,
    ) -> Store:
        """Open (or create) the database after the safety checks; migrate it; back it up.

        `path` defaults to the data folder's database (`--data-dir`, TIMER_APP_DATA_DIR or
        the user data folder). One program writes a file at a time: this one claims it as
        `program`, or is refused naming who holds it. With `read_only` a file another
        program writes is still opened, to read only (no migration, no backup). Raises
        UserError, leaving the file untouched, when it is damaged, locked, read-only, not
        ours, or from a newer version.
        """
        file = Path(path) if path is not None else paths.database_path(data_dir)
        clock = clock or SystemClock()
        if not file.exists() and not os.access(file.parent, os.W_OK):
            raise UserError(f"cannot create {file}: the folder is read-only or missing")
        claim = _claim(file, program, read_only)
        if claim is not None:  # what a killed restore or backup left holds patients' details
            outputs.clean_leftovers(file.parent)
            outputs.clean_leftovers(file.parent / paths.BACKUP_FOLDER)
        try:
            return cls._open_claimed(file, clock, claim, daily_backup)
        except BaseException:
            if claim is not None:
                claim.release()
            raise

    @classmethod
    def _open_claimed(
        cls, file: Path, clock: Clock, claim: WriterLock | None, daily_backup: bool
    ) -> Store:
        folder = file.parent / paths.BACKUP_FOLDER
        marker = _in_use_marker(file)
        # Every page is read after an unclean exit and on the first start of the day; a file
        # this program closed cleanly and checked today only has its header and schema read.
        # A reader leaves that to the program that writes the file.
        writing = claim is not None
        thorough = writing and (marker.exists() or not backups.has_backup_on(folder, clock.now()))
        existing = file.exists() and inspect(file, thorough=thorough, probe=writing)
        store = cls(_connect(file), file, folder, clock, claim)
        try:
            if writing:
                store._start(migrate_backup=existing, daily_backup=daily_backup)
            else:
                store._start_reading()
        except BaseException:
            store.db.close()
            raise
        if writing:
            marker.touch()
            paths.tighten(file.parent)  # the files SQLite just made: the owner's only
        return store

    def beside(self) -> Store:
        """A second connection to this file, for another thread of this program (the sender
        to the clinic server); call it on that thread. It writes under this store's claim,
        so it writes nothing once this store is closed, and closing it releases nothing.
        SQLite keeps the two connections' transactions apart; each write is short."""
        other = Store(_connect(self.path), self.path, self.backup_folder, self.clock,
                      self._claim, owns_claim=False)  # fmt: skip
        other._identity = self._identity
        _pragmas(other.db)
        return other

    def _start_reading(self) -> None:
        if MIGRATIONS.pending(self.db):
            raise FileInUseError(
                f"{self.path.name} needs an update this version makes, and {self._holder()} "
                "has it open: close that program first, then try again."
            )
        # no query_only: a reader still records what it read (`log_access`); every other
        # write is refused by _check_writable

    def _holder(self) -> str:
        found = holder(self.path)
        return found.words() if found else "another program"

    def _start(self, *, migrate_backup: bool, daily_backup: bool) -> None:
        _pragmas(self.db)
        if MIGRATIONS.pending(self.db):
            saved = None
            if migrate_backup:  # recorded once the log has today's columns
                saved = backups.make_backup(
                    self.db.conn, self.backup_folder, self.clock.now(), "before-migration"
                )
            MIGRATIONS.apply(self.db)
            if saved is not None:
                with self.db.atomic():
                    self.audit.record("Therapy Timer", "backup made", after={"file": saved.name})
        now = self.clock.now()
        if daily_backup and not backups.has_backup_on(self.backup_folder, now):
            self.backup("daily")

    def log_access(
        self,
        what: str,
        *,
        visit_id: int | None = None,
        patient_id: int | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Record that records were read or disclosed: allowed to a reader too (the one
        write it may make), in its own transaction."""
        if self._lost is not None:
            raise UserError(self._lost)
        with self._disk_errors(), self.db.atomic():
            self.audit.record("", what, visit_id=visit_id, patient_id=patient_id, after=after)

    def act_as(self, actor: Actor | None) -> None:
        """Record every change from now on under `actor` (a user at a workstation)."""
        self.audit.actor = actor

    # --- the port's writes -----------------------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One unit of work: everything inside is stored, or nothing (nests)."""
        self._check_writable()
        with self._disk_errors(), self.db.atomic():
            yield

    def write_visit(
        self, visit_id: int, revision: int, changes: Sequence[VisitChange], who: str
    ) -> Visit:
        """Store one visit's changes in one transaction if it is still at `revision`.

        Refused in words, with nothing kept: a stale revision (changed elsewhere), a
        locked or amended visit, an impossible change, or a file that cannot take the
        write (locked, disk full, gone). Every write counts as a heartbeat.
        """
        self._check_writable()
        with self._disk_errors(), self.db.atomic():
            visit = self._writer.write(visit_id, revision, changes, who)
            if signs(changes):  # the signature and its way to the server, together
                self.outbox.queue_if_joined(VISIT_ITEM, visit.id)
            return visit

    def amend(self, visit_id: int, revision: int, reason: str, who: str) -> Visit:
        """A new editable version of a signed visit, its intervals copied, the reason logged."""
        self._check_writable()
        with self._disk_errors():
            return self._writer.amend(visit_id, revision, reason, who)

    def discard(self, visit_id: int, revision: int, reason: str, who: str) -> None:
        """An empty visit started by mistake removed; the audit log keeps the reason."""
        self._check_writable()
        with self._disk_errors():
            self._writer.discard(visit_id, revision, reason, who)

    # --- crash recovery --------------------------------------------------------------------

    def beat(
        self, seen: Mapping[str, int] | None = None, held: Mapping[str, int] | None = None
    ) -> None:
        """Record that the program is alive and how long it has seen each running interval
        (ms by id; `held`: recoveries waiting for an answer). Call every BEAT_EVERY_SECONDS
        while anything runs."""
        self._check_writable()
        with self._disk_errors():
            self._heartbeat.beat(seen or {}, held or {})

    def last_heartbeat(self) -> datetime | None:
        return self._heartbeat.last_beat()

    def last_sign(self) -> LastSign | None:
        """The last sign of life the program left (None: never one)."""
        return self._heartbeat.last_sign()

    def running_intervals(self) -> list[Interval]:
        """Intervals with no end: what a stop of the program left running."""
        return self._heartbeat.running_intervals()

    def _check_writable(self) -> None:
        """Refuse a write this program must not make: opened to read, or the file it opened
        is no longer the one at its path (restored, copied over or deleted meanwhile)."""
        if self._claim is None:
            raise UserError(
                f"{self.path.name} was opened to read only: {self._holder()} writes it. "
                "Make changes there."
            )
        if not self._claim.held:
            raise UserError(f"{self.path.name} was closed by Therapy Timer: nothing more is "
                            "written to it from this connection.")  # fmt: skip
        if self._lost is None and _identity(self.path) != self._identity:
            self._lost = (
                f"The database file {self.path} was replaced or removed while Therapy Timer "
                "had it open (a restore, a copy, or another program), so this change and any "
                "later one are not written to it. Close Therapy Timer and start it again: it "
                "then opens the file that is there now."
            )
        if self._lost is not None:
            raise UserError(self._lost)

    @contextmanager
    def _disk_errors(self) -> Iterator[None]:
        """A file that cannot take a write is said in words; the transaction rolled back."""
        try:
            yield
        except sqlite3.DatabaseError as error:  # locked, read-only, full, gone, refused
            raise UserError(
                "The change could not be saved, so it was not made. "
                + trouble_words(self.path, error, "it was tried")
            ) from None

    # --- files -----------------------------------------------------------------------------

    def backup(self, why: str = "manual") -> Path:
        """A copy in the backups folder (each kind keeps its last few), recorded."""
        made = backups.make_backup(self.db.conn, self.backup_folder, self.clock.now(), why)
        with self._disk_errors(), self.db.atomic():
            self.audit.record("Therapy Timer", "backup made", after={"file": made.name})
        return made

    def backup_to(self, target: Path) -> Path:
        return backups.copy_database(self.db.conn, target)

    def close(self) -> None:
        """Close the file; a clean close spares the next start the full integrity check."""
        self.db.close()
        if self._claim is not None and self._owns_claim:
            if self._lost is None:
                _in_use_marker(self.path).unlink(missing_ok=True)
            self._claim.release()
            self._claim = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _in_use_marker(file: Path) -> Path:
    """Exists while the program has the file open: left behind, it means an unclean exit."""
    return file.with_name(file.name + ".in-use")


def _claim(file: Path, program: str, read_only: bool) -> WriterLock | None:
    """This program's claim to write the file; None for a reader while another writes."""
    try:
        return WriterLock.acquire(file, program)
    except FileInUseError:
        if read_only:
            return None
        raise


def _identity(file: Path) -> tuple[int, int] | None:
    """Which file is at the path (device, inode); None when there is none."""
    try:
        found = file.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


class _Database(Database):
    """sqlite-utils' Database whose outermost transaction takes the write lock at once
    (BEGIN IMMEDIATE). A transaction begun as a reader and writing after a read would find,
    when the sender's connection (`Store.beside`) committed meanwhile, that its snapshot is
    stale, and fail at once; taking the lock first it waits its turn (a mark is short)."""

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: sqlite-utils' savepoint
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def _connect(file: Path) -> Database:
    try:
        connection = sqlite3.connect(file, timeout=BUSY_SECONDS)
    except sqlite3.OperationalError as error:
        raise UserError(f"cannot open {file}: {error}") from None
    return _Database(connection, execute_plugins=False)


def _pragmas(db: Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")  # a committed interval survives a power cut
