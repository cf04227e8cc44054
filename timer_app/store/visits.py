"""Visits with their intervals: created and listed (they change through `VisitWriter`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from timer_app.billing import Discipline
from timer_app.errors import UserError
from timer_app.records import DEFAULT_PLACE_OF_SERVICE, Diagnosis, Visit
from timer_app.records.summary import VisitSummary
from timer_app.session.clock import Clock
from timer_app.session.model import Interval, VisitStatus
from timer_app.store.audit import AuditLog
from timer_app.store.convert import inserted_id, interval_from, utc_text, visit_from
from timer_app.store.schema import (
    CLINIC,
    CLINICIAN,
    EPISODE,
    INTERVAL,
    PATIENT,
    PATIENT_DIAGNOSIS,
    VISIT,
    VISIT_DIAGNOSIS,
    new_uuid,
)
from timer_app.store.summaries import visit_summaries

# a version that a later amendment replaced is history, not a visit to list
CURRENT = f"NOT EXISTS (SELECT 1 FROM {VISIT} newer WHERE newer.amends_id = v.id)"


class VisitRepository:
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
        """Open a visit; payer and discipline default to the patient's and the clinician's."""
        patient = _one(self._db, f"SELECT payer_id FROM {PATIENT} WHERE id = ?", patient_id)
        clinician = _one(self._db, f"SELECT discipline FROM {CLINICIAN} WHERE id = ?", clinician_id)
        if patient is None:
            raise UserError(f"no patient with id {patient_id}")
        if clinician is None:
            raise UserError(f"no clinician with id {clinician_id}")
        row = {
            "uuid": new_uuid(),
            "patient_id": patient_id,
            "clinician_id": clinician_id,
            "date": on.isoformat(),
            "payer_id": payer_id if payer_id is not None else patient["payer_id"],
            "discipline": Discipline(discipline or clinician["discipline"]).value,
            "status": VisitStatus.OPEN.value,
            "created_at": utc_text(self._clock.now()),
        }
        row["episode_id"] = self._open_episode(patient_id, str(row["discipline"]), on)
        row["place_of_service"] = self._clinic_place()
        with self._db.atomic():
            visit_id = inserted_id(self._db.table(VISIT).insert(row))
            self._db.execute(
                f"INSERT INTO {VISIT_DIAGNOSIS} (visit_id, position, code, description) "
                f"SELECT ?, position, code, description FROM {PATIENT_DIAGNOSIS} "
                "WHERE patient_id = ?",
                [visit_id, patient_id],
            )
        return self.get(visit_id)

    def _open_episode(self, patient_id: int, discipline: str, on: date) -> int | None:
        """The patient's newest episode of the discipline, not discharged, certified on or
        before the day (`records.plan_of_care.open_episode`)."""
        found = _one(
            self._db, f"SELECT id FROM {EPISODE} WHERE patient_id = ? AND discipline = ? "
            "AND discharged_on IS NULL AND certified_on <= ? "
            "ORDER BY certified_on DESC, id DESC LIMIT 1", patient_id, discipline, on.isoformat(),
        )  # fmt: skip
        return None if found is None else int(found["id"])

    def _clinic_place(self) -> str:
        found = _one(self._db, f"SELECT place_of_service FROM {CLINIC} WHERE id = ?", 1)
        return str(found["place_of_service"]) if found else DEFAULT_PLACE_OF_SERVICE

    def get(self, visit_id: int) -> Visit:
        visits = self._select("v.id = ?", [visit_id])
        if not visits:
            raise UserError(f"no visit with id {visit_id}")
        return visits[0]

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
        """Visits matching every filter given (dates inclusive), by date then start time."""
        clauses: list[str] = [] if include_history else [CURRENT]
        params: list[Any] = []
        for clause, value in (
            ("v.date = ?", None if on is None else on.isoformat()),
            ("v.date >= ?", None if start is None else start.isoformat()),
            ("v.date <= ?", None if end is None else end.isoformat()),
            ("v.clinician_id = ?", clinician_id),
            ("v.patient_id = ?", patient_id),
            ("v.status = ?", None if status is None else VisitStatus(status).value),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        return self._select(" AND ".join(clauses) or "1", params)

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
        """The range summed up for the reports (`timer_app.store.summaries`)."""
        return visit_summaries(self._db, start, end, clinician_id, statuses)

    def count(self) -> int:
        return self._db.table(VISIT).count

    def _select(self, where: str, params: Sequence[Any]) -> list[Visit]:
        rows = list(
            self._db.query(f"SELECT v.* FROM {VISIT} v WHERE {where} ORDER BY v.date, v.id", params)
        )
        ids = [row["id"] for row in rows]
        intervals = self._intervals(ids)
        diagnoses = self._diagnoses(ids)
        visits = [visit_from(r, diagnoses[r["id"]], intervals[r["id"]]) for r in rows]
        return sorted(visits, key=lambda v: (v.date, _first_start(v), v.id))

    def _intervals(self, visit_ids: list[int]) -> dict[int, tuple[Interval, ...]]:
        found: dict[int, list[Interval]] = defaultdict(list)
        for row in _rows_for(self._db, INTERVAL, visit_ids, 'ORDER BY visit_id, start, "end"'):
            found[row["visit_id"]].append(interval_from(row))
        return defaultdict(tuple, {k: tuple(v) for k, v in found.items()})

    def _diagnoses(self, visit_ids: list[int]) -> dict[int, tuple[Diagnosis, ...]]:
        found: dict[int, list[Diagnosis]] = defaultdict(list)
        for row in _rows_for(self._db, VISIT_DIAGNOSIS, visit_ids, "ORDER BY visit_id, position"):
            found[row["visit_id"]].append(Diagnosis(row["code"], row["description"]))
        return defaultdict(tuple, {k: tuple(v) for k, v in found.items()})


def _first_start(visit: Visit) -> str:
    return utc_text(visit.intervals[0].start) if visit.intervals else "~"


def _one(db: Database, sql: str, *keys: object) -> dict[str, Any] | None:
    return next(iter(db.query(sql, list(keys))), None)


def _rows_for(
    db: Database, table: str, visit_ids: Iterable[int], order: str
) -> Iterable[dict[str, Any]]:
    ids = list(visit_ids)
    for chunk_start in range(0, len(ids), 500):  # stay under SQLite's variable limit
        chunk = ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        yield from db.query(f"SELECT * FROM {table} WHERE visit_id IN ({marks}) {order}", chunk)
