"""The audit log: who changed what, when, where, from what, to what, and why.

Rows are never edited. Each names the signed-in user (or the OS account of a command) and
the workstation, the visit and the patient it concerns, and is a link of a hash chain
(`records.chain`) whose head is kept in its own table: a row edited or removed outside the
program shows at the next check.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlite_utils import Database

from timer_app.records import AuditEntry
from timer_app.records.chain import GENESIS, audit_hash, chain_problems
from timer_app.records.people import Actor
from timer_app.records.visit_writes import AuditNote
from timer_app.session.clock import Clock
from timer_app.store.convert import Row, json_or_none, utc_from, utc_text
from timer_app.store.schema import AUDIT, AUDIT_HEAD, VISIT

_HEAD = 1


class AuditLog:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
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
        """Add one entry; the caller holds the transaction that made the change."""
        actor = self.actor
        name = actor.name if actor else who
        if not name.strip():
            raise ValueError("an audit entry needs to say who made the change")
        if patient_id is None and visit_id is not None:
            found = list(self._db.query(f"SELECT patient_id FROM {VISIT} WHERE id = ?",
                                        [visit_id]))  # fmt: skip
            patient_id = found[0]["patient_id"] if found else None
        head_count, previous = self._head()
        row: Row = {
            "id": self._next_id(), "at": utc_text(self._clock.now()), "who": name,
            "what": what, "visit_id": visit_id, "before": json_or_none(before),
            "after": json_or_none(after), "reason": reason,
            "user_id": actor.user_id if actor else None,
            "workstation": actor.workstation if actor else "", "patient_id": patient_id,
        }  # fmt: skip
        row["hash"] = audit_hash(previous, row)
        self._db.table(AUDIT).insert(row)
        self._db.table(AUDIT_HEAD).upsert(
            {"id": _HEAD, "count": head_count + 1, "hash": row["hash"]}, pk="id"
        )

    def note(self, who: str, note: AuditNote, visit_id: int | None) -> None:
        """Record a note of the shared write rules (`records.visit_writes`)."""
        self.record(
            who, note.what, visit_id=visit_id, before=note.before, after=note.after,
            reason=note.reason,
        )  # fmt: skip

    def for_visit(self, visit_id: int) -> list[AuditEntry]:
        rows = self._db.query(f"SELECT * FROM {AUDIT} WHERE visit_id = ? ORDER BY id", [visit_id])
        return [_entry(row) for row in rows]

    def latest(self, limit: int = 100) -> list[AuditEntry]:
        rows = self._db.query(f"SELECT * FROM {AUDIT} ORDER BY id DESC LIMIT ?", [limit])
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
        """The newest first, filtered (dates are UTC days, inclusive)."""
        where: list[str] = ["1"]
        params: list[Any] = []
        if who:
            where.append("who = ?")
            params.append(who)
        if patient_id is not None:
            where.append("patient_id = ?")
            params.append(patient_id)
        if start is not None:
            where.append("at >= ?")
            params.append(utc_text(datetime.combine(start, time(0)).astimezone()))
        if end is not None:
            where.append("at < ?")
            params.append(utc_text(datetime.combine(end, time.max).astimezone()))
        sql = f"SELECT * FROM {AUDIT} WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?"
        return [_entry(row) for row in self._db.query(sql, [*params, limit])]

    def chain_problems(self) -> list[str]:
        """Rows edited or removed outside the program (empty: the chain holds)."""
        rows = list(self._db.query(f"SELECT * FROM {AUDIT} ORDER BY id"))
        found = list(self._db.query(f"SELECT count, hash FROM {AUDIT_HEAD} WHERE id = ?", [_HEAD]))
        head = (found[0]["count"], found[0]["hash"]) if found else None
        return chain_problems(rows, head)

    def _head(self) -> tuple[int, str]:
        found = list(self._db.query(f"SELECT count, hash FROM {AUDIT_HEAD} WHERE id = ?", [_HEAD]))
        return (found[0]["count"], found[0]["hash"]) if found else (0, GENESIS)

    def _next_id(self) -> int:
        """Ids follow on with no gap: a gap is a removed row."""
        found = list(self._db.query(f"SELECT max(id) AS last FROM {AUDIT}"))
        return (found[0]["last"] or 0) + 1


def _entry(row: Row) -> AuditEntry:
    at = utc_from(row["at"])
    assert at is not None  # NOT NULL column
    return AuditEntry(
        id=row["id"],
        at=at,
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
