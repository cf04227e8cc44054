"""Visits with their intervals: created, read and listed (they change through `VisitWriter`).

A list of visits costs two queries however many it holds: the visits with their diagnoses
(gathered per visit on the server), then all their intervals at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from timer_app.billing import Discipline
from timer_app.errors import UserError
from timer_app.records import DEFAULT_PLACE_OF_SERVICE, Visit
from timer_app.records.summary import VisitSummary, summary_of
from timer_app.session.clock import Clock
from timer_app.session.model import Interval, VisitStatus
from timer_app.store.postgres.audit import AuditLog
from timer_app.store.postgres.database import Database
from timer_app.store.postgres.values import interval_from, utc, visit_from

# a version that a later amendment replaced is history, not a visit to list
CURRENT = "NOT EXISTS (SELECT 1 FROM visit newer WHERE newer.amends_id = v.id)"
_VISIT = (
    "SELECT v.*, (SELECT coalesce(json_agg(json_build_array(d.code, d.description) "
    "ORDER BY d.position), '[]') FROM visit_diagnosis d WHERE d.visit_id = v.id) "
    "AS diagnosis_list FROM visit v"
)
# by date, then the first start (a visit with none last), then id: as every store lists
_ORDER = (
    'ORDER BY v.date, (SELECT min(i.start) FROM "interval" i WHERE i.visit_id = v.id) '
    "NULLS LAST, v.id"
)
_INTERVALS = (
    'SELECT id, visit_id, code, clinician_id, start, "end", duration_ms FROM "interval" '
    'WHERE visit_id = ANY(CAST(:ids AS bigint[])) ORDER BY visit_id, start, "end", id'
)


class Visits:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def create(
        self,
        patient_id: int,
        clinician_id: int,
        on: date,
        *,
        payer_id: int | None = None,
        discipline: Discipline | None = None,
    ) -> Visit:
        """An open visit; payer, discipline and diagnoses from the patient and clinician."""
        patient = self._db.one("SELECT payer_id FROM patient WHERE id = :id", id=patient_id)
        if patient is None:
            raise UserError(f"no patient with id {patient_id}")
        clinician = self._db.one("SELECT discipline FROM clinician WHERE id = :id", id=clinician_id)
        if clinician is None:
            raise UserError(f"no clinician with id {clinician_id}")
        chosen = Discipline(discipline or clinician["discipline"]).value
        with self._db.atomic():
            new_id = self._db.new_id(
                "INSERT INTO visit (patient_id, clinician_id, date, payer_id, discipline, "
                "status, created_at, episode_id, place_of_service) VALUES (:patient, "
                ":clinician, :on, :payer, :discipline, :status, :now, (SELECT id FROM episode "
                "WHERE patient_id = :patient AND discipline = :discipline AND discharged_on IS "
                "NULL AND certified_on <= :on ORDER BY certified_on DESC, id DESC LIMIT 1), "
                "coalesce((SELECT place_of_service FROM clinic WHERE id = 1), :place)) "
                "RETURNING id",
                patient=patient_id, clinician=clinician_id, on=on,
                payer=payer_id if payer_id is not None else patient["payer_id"],
                discipline=chosen, status=VisitStatus.OPEN.value, now=utc(self._clock.now()),
                place=DEFAULT_PLACE_OF_SERVICE,
            )  # fmt: skip
            self._db.run(
                "INSERT INTO visit_diagnosis (visit_id, position, code, description) "
                "SELECT :visit, position, code, description FROM patient_diagnosis "
                "WHERE patient_id = :patient",
                visit=new_id, patient=patient_id,
            )  # fmt: skip
        return self.get(new_id)

    def get(self, visit_id: int) -> Visit:
        found = self._select("v.id = :id", {"id": visit_id})
        if not found:
            raise UserError(f"no visit with id {visit_id}")
        return found[0]

    def find(
        self,
        *,
        on: date | None = None,
        start: date | None = None,
        end: date | None = None,
        clinician_id: int | None = None,
        patient_id: int | None = None,
        status: VisitStatus | None = None,
        include_history: bool = False,
    ) -> list[Visit]:
        """Current versions matching every filter (dates inclusive), by date then start."""
        clauses = [] if include_history else [CURRENT]
        params: dict[str, Any] = {}
        for clause, name, value in (
            ("v.date = :on", "on", on),
            ("v.date >= :start", "start", start),
            ("v.date <= :end", "end", end),
            ("v.clinician_id = :clinician", "clinician", clinician_id),
            ("v.patient_id = :patient", "patient", patient_id),
            ("v.status = :status", "status", None if status is None else VisitStatus(status).value),
        ):
            if value is not None:
                clauses.append(clause)
                params[name] = value
        return self._select(" AND ".join(clauses) or "true", params)

    def history(self, visit_id: int) -> list[Visit]:
        """Every version of a visit, oldest first, ending with the given one."""
        versions = [self.get(visit_id)]
        while versions[0].amends_id is not None:
            versions.insert(0, self.get(versions[0].amends_id))
        return versions

    def summaries(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        clinician_id: int | None = None,
        statuses: Collection[VisitStatus] | None = None,
    ) -> list[VisitSummary]:
        """The range summed up for the reports (read whole here, then summed up)."""
        found = self.find(start=start, end=end, clinician_id=clinician_id)
        chosen = [v for v in found if statuses is None or v.status in statuses]
        return [summary_of(v) for v in sorted(chosen, key=lambda v: (v.date, v.id))]

    def count(self) -> int:
        found = self._db.one("SELECT count(*) AS n FROM visit")
        return int(found["n"]) if found else 0

    def lock(self, visit_id: int) -> Mapping[str, Any]:
        """Hold the visit's row until the unit of work ends: a write from another computer
        waits, then sees what this one did. Its amount paid."""
        row = self._db.one(
            "SELECT amount_paid_cents FROM visit WHERE id = :id FOR UPDATE", id=visit_id
        )
        if row is None:
            raise UserError(f"no visit with id {visit_id}")
        return row

    def current(self, visit_id: int) -> bool:
        """No amendment has replaced it. Asked after `lock`, in a statement of its own: one
        statement sees the server as it was when it began, even after waiting for a lock."""
        found = self._db.one(f"SELECT {CURRENT} AS current FROM visit v WHERE v.id = :id",
                             id=visit_id)  # fmt: skip
        return bool(found and found["current"])

    def _select(self, where: str, params: Mapping[str, Any]) -> list[Visit]:
        rows = self._db.rows(f"{_VISIT} WHERE {where} {_ORDER}", **params)
        intervals = self._intervals([row["id"] for row in rows])
        return [visit_from(row, intervals[row["id"]]) for row in rows]

    def _intervals(self, visit_ids: Sequence[int]) -> Mapping[int, tuple[Interval, ...]]:
        """Every interval of these visits in one query, by visit, each in start order (a
        running one after the ended ones that started with it)."""
        found: dict[int, list[Interval]] = defaultdict(list)
        if visit_ids:
            for row in self._db.rows(_INTERVALS, ids=list(visit_ids)):
                found[row["visit_id"]].append(interval_from(row))
        return defaultdict(tuple, {key: tuple(value) for key, value in found.items()})
