"""The store port on the clinic server (PostgreSQL), for the front desk and the owner.

store = PostgresStore.open(ServerLink.load(data_dir), clock)
store.visits.find(on=date.today())

It implements `timer_app.clinic.port.StorePort` with the same answers as the workstation's
file (tests/contract holds both): the same records, the same refusals in the same words,
the same write rules (`records.visit_writes`), the audit log chained the same way. What the
server adds: rows carry the computer that sent them, a workstation role may do only what
its grants and row-level security allow (refused in words), and a write waits for another
computer's write to the same visit instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from timer_app.errors import UserError
from timer_app.records import Visit, VisitChange
from timer_app.records.people import Actor
from timer_app.server import schema
from timer_app.server.connection import ServerLink
from timer_app.session.clock import Clock
from timer_app.session.model import Interval
from timer_app.session.recovery import LastSign
from timer_app.store.postgres.audit import AuditLog
from timer_app.store.postgres.codes import CodeSettings, RuleTables
from timer_app.store.postgres.conflicts import RefusedAmendments
from timer_app.store.postgres.database import LOCK_WAIT, Database
from timer_app.store.postgres.episodes import Episodes
from timer_app.store.postgres.heartbeat import Heartbeat
from timer_app.store.postgres.outbox import ServerOutbox
from timer_app.store.postgres.patients import Patients
from timer_app.store.postgres.payers import Payers
from timer_app.store.postgres.payments import Payments
from timer_app.store.postgres.people import ClinicDetails, Clinicians
from timer_app.store.postgres.users import Settings, Users
from timer_app.store.postgres.visits import Visits
from timer_app.store.postgres.writes import VisitWriter


class PostgresStore:
    """Everything the clinic keeps, on its server. Build it with `open` (or hand it an open
    pg8000 connection to a migrated database); it closes that connection when closed."""

    def __init__(self, connection: Any, clock: Clock) -> None:
        self.db = Database(connection)
        self.clock = clock
        # times come back in UTC; a lock held by another computer is waited for, not forever
        self.db.run("SET TimeZone = 'UTC'")
        self.db.run(f"SET lock_timeout = '{LOCK_WAIT}'")
        origin = self.db.one("SELECT current_user AS role")
        self.audit = AuditLog(self.db, clock, str(origin["role"]) if origin else "")
        self.clinic = ClinicDetails(self.db)
        self.clinicians = Clinicians(self.db)
        self.payers = Payers(self.db)
        self.patients = Patients(self.db, clock, self.audit)
        self.episodes = Episodes(self.db, clock)
        self.codes = CodeSettings(self.db)
        self.rules = RuleTables(self.db)
        self.users = Users(self.db, clock)
        self.settings = Settings(self.db)
        self.visits = Visits(self.db, clock, self.audit)
        self.payments = Payments(self.db, clock, self.audit, self.visits)
        self.outbox = ServerOutbox()  # nothing to send up: this is the server
        self.refused_amendments = RefusedAmendments(self.db)
        self._heartbeat = Heartbeat(self.db, clock)
        self._writer = VisitWriter(self.db, clock, self.audit, self.visits, self._heartbeat)

    @classmethod
    def open(cls, link: ServerLink, clock: Clock) -> PostgresStore:
        """This workstation's store on the clinic server; refused in words when the server
        cannot be reached or its records are of another version than this program's."""
        connection = link.open()
        try:
            _require_version(connection)
            return cls(connection, clock)
        except BaseException:
            connection.close()
            raise

    def act_as(self, actor: Actor | None) -> None:
        """Record every change from now on under `actor` (a user at a workstation)."""
        self.audit.actor = actor

    def log_access(
        self,
        what: str,
        *,
        visit_id: int | None = None,
        patient_id: int | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Record that records were read or disclosed, in its own unit of work."""
        self.audit.record("", what, visit_id=visit_id, patient_id=patient_id, after=after)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One unit of work: a transaction on the server (inside another: a savepoint)."""
        with self.db.atomic():
            yield

    def write_visit(
        self, visit_id: int, revision: int, changes: Sequence[VisitChange], who: str
    ) -> Visit:
        """Apply the changes if the visit is still at `revision`, else refuse with
        `ChangedElsewhereError`; every write counts as a sign of life."""
        return self._writer.write(visit_id, revision, changes, who)

    def amend(self, visit_id: int, revision: int, reason: str, who: str) -> Visit:
        """A new editable version of a signed visit, its intervals copied, the reason logged."""
        return self._writer.amend(visit_id, revision, reason, who)

    def discard(self, visit_id: int, revision: int, reason: str, who: str) -> None:
        """An empty visit started by mistake removed; the audit log keeps the reason."""
        self._writer.discard(visit_id, revision, reason, who)

    def beat(
        self, seen: Mapping[str, int] | None = None, held: Mapping[str, int] | None = None
    ) -> None:
        self._heartbeat.beat(seen or {}, held or {})

    def last_heartbeat(self) -> datetime | None:
        sign = self._heartbeat.last_sign()
        return None if sign is None else sign.reading.wall

    def last_sign(self) -> LastSign | None:
        """This computer's last sign of life on the server (None: never one)."""
        return self._heartbeat.last_sign()

    def running_intervals(self) -> list[Interval]:
        """The intervals this computer started and nobody ended: what a stop left running."""
        return self._heartbeat.running_intervals()

    def close(self) -> None:
        self.db.close()


def _require_version(connection: Any) -> None:
    found = schema.applied_version(connection)
    if found < schema.SCHEMA_VERSION:
        raise UserError(
            f"The clinic server's records are at version {found}, older than this program "
            f"needs ({schema.SCHEMA_VERSION}): on the server computer, run 'timer-app server "
            "start' once with this version installed, then try again."
        )
    if found > schema.SCHEMA_VERSION:
        raise UserError(
            f"The clinic server's records are newer (version {found}) than this program "
            f"knows ({schema.SCHEMA_VERSION}): install the newer Therapy Timer on this computer."
        )
