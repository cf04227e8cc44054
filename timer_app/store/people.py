"""The clinic and its clinicians."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from timer_app.billing import Discipline
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Role
from timer_app.store.convert import clinician_from, inserted_id
from timer_app.store.schema import CLINIC, CLINICIAN, new_uuid

_CLINIC_ROW = 1  # one clinic per file


class ClinicRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self) -> Clinic | None:
        try:
            row = self._db.table(CLINIC).get(_CLINIC_ROW)
        except NotFoundError:
            return None
        row.pop("id")
        return Clinic(**row)

    def save(self, clinic: Clinic) -> Clinic:
        with self._db.atomic():
            self._db.table(CLINIC).upsert({"id": _CLINIC_ROW, **asdict(clinic)}, pk="id")
        return clinic


class ClinicianRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        name: str,
        *,
        discipline: Discipline,
        role: Role,
        credentials: str = "",
        npi: str = "",
        favourite_codes: Sequence[str] = (),
    ) -> Clinician:
        row = {
            "uuid": new_uuid(),
            "name": name.strip(),
            "credentials": credentials,
            "npi": npi,
            "discipline": Discipline(discipline).value,
            "role": Role(role).value,
            "favourite_codes": json.dumps(list(favourite_codes)),
            "active": 1,
        }
        with self._db.atomic():
            new_id = inserted_id(self._db.table(CLINICIAN).insert(row))
        return self.get(new_id)

    def update(self, clinician: Clinician) -> Clinician:
        self.get(clinician.id)  # refuse an unknown id with a clear message
        row = {
            "name": clinician.name,
            "credentials": clinician.credentials,
            "npi": clinician.npi,
            "discipline": clinician.discipline.value,
            "role": clinician.role.value,
            "favourite_codes": json.dumps(list(clinician.favourite_codes)),
            "active": int(clinician.active),
        }
        with self._db.atomic():
            self._db.table(CLINICIAN).update(clinician.id, row)
        return self.get(clinician.id)

    def get(self, clinician_id: int) -> Clinician:
        try:
            return clinician_from(self._db.table(CLINICIAN).get(clinician_id))
        except NotFoundError:
            raise UserError(f"no clinician with id {clinician_id}") from None

    def all(self, *, include_inactive: bool = False) -> list[Clinician]:
        where = None if include_inactive else "active = 1"
        rows = self._db.table(CLINICIAN).rows_where(where, order_by="name")
        return [clinician_from(row) for row in rows]
