"""Amendments the clinic server refused: the same signed version amended on two computers
while they were apart. The first to arrive is kept as the visit's next version; the other
is kept here, whole, until a person at the front desk has looked at both and settles it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from timer_app.store.postgres.database import Database


@dataclass(frozen=True, slots=True)
class RefusedAmendment:
    id: int
    patient: str
    visit_date: date
    refused_from: str  # the workstation whose amendment was refused
    refused_at: datetime  # UTC, when it reached the server
    kept_from: str  # the workstation whose amendment is the visit's version now


class RefusedAmendments:
    def __init__(self, db: Database) -> None:
        self._db = db

    def unsettled(self) -> list[RefusedAmendment]:
        rows = self._db.rows(
            "SELECT c.id, p.name AS patient, amended.date AS visit_date, c.received_at, "
            "coalesce(rw.name, c.workstation) AS refused_from, "
            "coalesce(kw.name, kept.workstation, '') AS kept_from "
            "FROM visit_conflict c "
            "JOIN visit amended ON amended.uuid = c.amends_uuid "
            "JOIN patient p ON p.id = amended.patient_id "
            "LEFT JOIN visit kept ON kept.amends_id = amended.id "
            "LEFT JOIN workstation_login rw ON rw.role_name = c.workstation "
            "LEFT JOIN workstation_login kw ON kw.role_name = kept.workstation "
            "WHERE c.settled_at IS NULL ORDER BY c.received_at"
        )
        return [
            RefusedAmendment(int(r["id"]), str(r["patient"]), r["visit_date"],
                             str(r["refused_from"]), r["received_at"], str(r["kept_from"]))
            for r in rows
        ]  # fmt: skip

    def settle(self, conflict_id: int, who: str) -> None:
        self._db.run("UPDATE visit_conflict SET settled_at = now(), settled_by = :who "
                     "WHERE id = :id AND settled_at IS NULL", id=conflict_id, who=who)  # fmt: skip
