"""The audit log: who changed what, when, from what, to what, and why. Rows are never edited."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from timer_app.records import AuditEntry
from timer_app.records.visit_writes import AuditNote
from timer_app.session.clock import Clock
from timer_app.store.convert import Row, json_or_none, utc_from, utc_text
from timer_app.store.schema import AUDIT


class AuditLog:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def record(
        self,
        who: str,
        what: str,
        *,
        visit_id: int | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        reason: str = "",
    ) -> None:
        """Add one entry; the caller holds the transaction that made the change."""
        if not who.strip():
            raise ValueError("an audit entry needs to say who made the change")
        self._db.table(AUDIT).insert(
            {
                "at": utc_text(self._clock.now()),
                "who": who,
                "what": what,
                "visit_id": visit_id,
                "before": json_or_none(before),
                "after": json_or_none(after),
                "reason": reason,
            }
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
    )
