"""The clinic's own details and its clinicians."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from timer_app.billing import Discipline
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Role
from timer_app.store.postgres.database import Database
from timer_app.store.postgres.values import clinician_from

_CLINIC_COLUMNS = ("name", "address", "phone", "tax_id", "billing_npi", "place_of_service",
                   "date_style")  # fmt: skip


class ClinicDetails:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self) -> Clinic | None:
        row = self._db.one(f"SELECT {', '.join(_CLINIC_COLUMNS)} FROM clinic WHERE id = 1")
        return None if row is None else Clinic(**row)

    def save(self, clinic: Clinic) -> Clinic:
        names = ", ".join(_CLINIC_COLUMNS)
        values = ", ".join(f":{name}" for name in _CLINIC_COLUMNS)
        updates = ", ".join(f"{name} = excluded.{name}" for name in _CLINIC_COLUMNS)
        with self._db.atomic():
            self._db.run(
                f"INSERT INTO clinic (id, {names}) VALUES (1, {values}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                **asdict(clinic),
            )
        return clinic


class Clinicians:
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
        with self._db.atomic():
            new_id = self._db.new_id(
                "INSERT INTO clinician (name, credentials, npi, discipline, role, "
                "favourite_codes) VALUES (:name, :credentials, :npi, :discipline, :role, "
                ":favourites) RETURNING id",
                name=name.strip(), credentials=credentials, npi=npi,
                discipline=Discipline(discipline).value, role=Role(role).value,
                favourites=json.dumps(list(favourite_codes)),
            )  # fmt: skip
        return self.get(new_id)

    def update(self, clinician: Clinician) -> Clinician:
        self.get(clinician.id)  # an unknown id is refused in words
        with self._db.atomic():
            self._db.run(
                "UPDATE clinician SET name = :name, credentials = :credentials, npi = :npi, "
                "discipline = :discipline, role = :role, favourite_codes = :favourites, "
                "active = :active WHERE id = :id",
                id=clinician.id, name=clinician.name, credentials=clinician.credentials,
                npi=clinician.npi, discipline=clinician.discipline.value,
                role=clinician.role.value,
                favourites=json.dumps(list(clinician.favourite_codes)), active=clinician.active,
            )  # fmt: skip
        return self.get(clinician.id)

    def get(self, clinician_id: int) -> Clinician:
        row = self._db.one("SELECT * FROM clinician WHERE id = :id", id=clinician_id)
        if row is None:
            raise UserError(f"no clinician with id {clinician_id}")
        return clinician_from(row)

    def all(self, *, include_inactive: bool = False) -> list[Clinician]:
        """By name (byte order, as the workstation's file sorts); former ones when asked."""
        where = "true" if include_inactive else "active"
        rows = self._db.rows(f'SELECT * FROM clinician WHERE {where} ORDER BY name COLLATE "C", id')
        return [clinician_from(row) for row in rows]
