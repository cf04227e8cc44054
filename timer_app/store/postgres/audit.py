"""The clinic server's audit log: who changed what, when, where, from what, to what, why.

As in the workstation's file it is a hash chain (`records.chain`) with its head kept apart
in `audit_head`. Several computers write to it, so a new entry first locks the head row
(one writer at a time, in the order they commit) and takes the next id after the last row:
ids follow on with no gap (a sequence would leave one at every rollback, and a gap reads
as a removed row). The hash covers every column a row is written with, the server's own
`origin` columns included, so who sent a row cannot be changed quietly either.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from timer_app.records import AuditEntry
from timer_app.records.chain import audit_hash, chain_problems
from timer_app.records.people import Actor
from timer_app.records.visit_writes import AuditNote
from timer_app.session.clock import Clock
from timer_app.store.postgres.database import Database, Row
from timer_app.store.postgres.values import json_or_none, utc, utc_text

# the columns a link of the chain covers, in the row's own words
CHAINED = (
    "id", "at", "who", "what", "visit_id", "before", "after", "reason", "user_id",
    "workstation", "patient_id", "origin", "origin_id", "origin_hash",
)  # fmt: skip

_INSERT = (
    f"INSERT INTO audit_log ({', '.join(CHAINED)}, hash) "
    f"VALUES ({', '.join(':' + name for name in CHAINED)}, :hash)"
)
# creates the head on the first entry, and in every case locks it until the commit
_LOCK_HEAD = (
    "INSERT INTO audit_head (id, count, hash) VALUES (1, 0, '') "
    "ON CONFLICT (id) DO UPDATE SET count = audit_head.count RETURNING count, hash"
)


class AuditLog:
    def __init__(self, db: Database, clock: Clock, origin: str) -> None:
        self._db = db
        self._clock = clock
        self._origin = origin  # this connection's role: who sent the rows
        self.actor: Actor | None = None  # set by the services when someone signs in

    def record(
        self,
        who: str,
        what: str,
        *,
        visit_id: int | None = None,
        patient_id: int | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        reason: str = "",
    ) -> None:
        """One entry under the actor (when set; else `who`), in its own unit of work."""
        note = AuditNote(what, before, after, reason)
        with self._db.atomic():
            self.notes(who, [note], visit_id=visit_id, patient_id=patient_id)

    def notes(
        self,
        who: str,
        notes: Sequence[AuditNote],
        *,
        visit_id: int | None = None,
        patient_id: int | None = None,
    ) -> None:
        """Entries for one change, chained in order; the caller holds the transaction."""
        if not notes:
            return
        name = self.actor.name if self.actor else who
        if not name.strip():
            raise ValueError("an audit entry needs to say who made the change")
        if patient_id is None and visit_id is not None:
            patient_id = self._patient_of(visit_id)
        head = self._db.one(_LOCK_HEAD)
        assert head is not None  # RETURNING gives the row
        count, previous = int(head["count"]), str(head["hash"])
        # read after the lock: what the writer before this one committed is seen
        last = self._db.one("SELECT coalesce(max(id), 0) AS last FROM audit_log")
        next_id = int(last["last"] if last else 0) + 1
        for offset, note in enumerate(notes):
            row = self._row(next_id + offset, name, note, visit_id, patient_id)
            row["hash"] = audit_hash(previous, {**row, "at": utc_text(row["at"])})
            self._db.run(_INSERT, **row)
            previous = row["hash"]
        self._db.run(
            "UPDATE audit_head SET count = :count, hash = :hash WHERE id = 1",
            count=count + len(notes), hash=previous,
        )  # fmt: skip

    def for_visit(self, visit_id: int) -> list[AuditEntry]:
        rows = self._db.rows("SELECT * FROM audit_log WHERE visit_id = :v ORDER BY id", v=visit_id)
        return [_entry(row) for row in rows]

    def latest(self, limit: int = 100) -> list[AuditEntry]:
        rows = self._db.rows("SELECT * FROM audit_log ORDER BY id DESC LIMIT :n", n=limit)
        return [_entry(row) for row in rows]

    def find(
        self,
        *,
        who: str | None = None,
        patient_id: int | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """The newest first, filtered (dates are this computer's days, inclusive)."""
        where: list[str] = ["true"]
        params: dict[str, Any] = {"limit": limit}
        for clause, name, value in (
            ("who = :who", "who", who or None),
            ("patient_id = :patient", "patient", patient_id),
            ("at >= :start", "start", None if start is None else _midnight(start)),
            ("at < :end", "end", None if end is None else _midnight(end + timedelta(days=1))),
        ):
            if value is not None:
                where.append(clause)
                params[name] = value
        sql = f"SELECT * FROM audit_log WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT :limit"
        return [_entry(row) for row in self._db.rows(sql, **params)]

    def chain_problems(self) -> list[str]:
        """Rows edited or removed outside the program (empty: the chain holds)."""
        rows = self._db.rows(f"SELECT {', '.join(CHAINED)}, hash FROM audit_log ORDER BY id")
        for row in rows:
            row["at"] = utc_text(row["at"])
        found = self._db.one("SELECT count, hash FROM audit_head WHERE id = 1")
        head = None if found is None else (int(found["count"]), str(found["hash"]))
        return chain_problems(rows, head)

    def _row(
        self, entry_id: int, name: str, note: AuditNote, visit_id: int | None,
        patient_id: int | None,
    ) -> Row:  # fmt: skip
        actor = self.actor
        return {
            "id": entry_id, "at": utc(self._clock.now()), "who": name, "what": note.what,
            "visit_id": visit_id, "before": json_or_none(note.before),
            "after": json_or_none(note.after), "reason": note.reason,
            "user_id": actor.user_id if actor else None,
            "workstation": actor.workstation if actor else "", "patient_id": patient_id,
            "origin": self._origin, "origin_id": None, "origin_hash": None,
        }  # fmt: skip

    def _patient_of(self, visit_id: int) -> int | None:
        found = self._db.one("SELECT patient_id FROM visit WHERE id = :v", v=visit_id)
        return None if found is None else int(found["patient_id"])


def _midnight(day: date) -> datetime:
    """The start of a day on this computer's clock."""
    return utc(datetime.combine(day, time(0)).astimezone())


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=utc(row["at"]),
        who=row["who"],
        what=row["what"],
        visit_id=row["visit_id"],
        before=None if row["before"] is None else json.loads(row["before"]),
        after=None if row["after"] is None else json.loads(row["after"]),
        reason=row["reason"],
        user_id=row["user_id"],
        workstation=row["workstation"],
        patient_id=row["patient_id"],
    )
