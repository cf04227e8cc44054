"""Episodes of care with their diagnoses, and the payers' authorizations under them, on
the clinic server: the front desk keeps them here, workstations copy them down."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from timer_app.errors import UserError
from timer_app.records import Diagnosis
from timer_app.records.plan_of_care import (
    Authorization,
    Episode,
    authorization_from,
    authorization_values,
    episode_from,
    episode_values,
)
from timer_app.session.clock import Clock
from timer_app.store.postgres.database import Database, Row
from timer_app.store.postgres.values import diagnoses_from, utc

# an episode with its diagnoses in slot order, in one row
_EPISODE = (
    "SELECT e.*, (SELECT coalesce(json_agg(json_build_array(d.code, d.description) "
    "ORDER BY d.position), '[]') FROM episode_diagnosis d WHERE d.episode_id = e.id) "
    "AS diagnosis_list FROM episode e"
)
_EPISODE_COLUMNS = ("discipline", "certified_on", "period_ends", "physician", "physician_npi",
                    "frequency", "duration_weeks", "last_progress_report",
                    "discharged_on")  # fmt: skip
_AUTHORIZATION_COLUMNS = ("payer_id", "starts", "ends", "visits", "units", "reference")


class Episodes:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # --- episodes ------------------------------------------------------------------------

    def add(self, episode: Episode) -> Episode:
        self._require("patient", episode.patient_id, "patient")
        with self._db.atomic():
            new_id = self._db.new_id(
                f"INSERT INTO episode (patient_id, {', '.join(_EPISODE_COLUMNS)}, created_at) "
                f"VALUES (:patient_id, {_marks(_EPISODE_COLUMNS)}, :created_at) RETURNING id",
                patient_id=episode.patient_id, **_episode_fields(episode),
                created_at=utc(self._clock.now()),
            )  # fmt: skip
            self._write_diagnoses(new_id, episode.diagnoses)
        return self.get(new_id)

    def update(self, episode: Episode) -> Episode:
        self.get(episode.id)
        with self._db.atomic():
            self._db.run(
                f"UPDATE episode SET {_sets(_EPISODE_COLUMNS)} WHERE id = :id",
                id=episode.id, **_episode_fields(episode),
            )  # fmt: skip
            self._write_diagnoses(episode.id, episode.diagnoses)
        return self.get(episode.id)

    def get(self, episode_id: int) -> Episode:
        row = self._db.one(f"{_EPISODE} WHERE e.id = :id", id=episode_id)
        if row is None:
            raise UserError(f"no episode of care with id {episode_id}")
        return _episode(row)

    def for_patient(self, patient_id: int) -> list[Episode]:
        """The patient's episodes, the newest certification first."""
        return self._select("e.patient_id = :patient", patient=patient_id)

    def current(self) -> list[Episode]:
        """Every episode not discharged, the newest certification first."""
        return self._select("e.discharged_on IS NULL")

    def _select(self, where: str, **params: Any) -> list[Episode]:
        rows = self._db.rows(
            f"{_EPISODE} WHERE {where} ORDER BY e.certified_on DESC, e.id DESC", **params
        )
        return [_episode(row) for row in rows]

    def _write_diagnoses(self, episode_id: int, diagnoses: Sequence[Diagnosis]) -> None:
        self._db.run("DELETE FROM episode_diagnosis WHERE episode_id = :id", id=episode_id)
        if not diagnoses:
            return
        self._db.run(
            "INSERT INTO episode_diagnosis (episode_id, position, code, description) "
            "SELECT :id, slot, code, description FROM unnest(CAST(:codes AS text[]), "
            "CAST(:descriptions AS text[])) WITH ORDINALITY AS d (code, description, slot)",
            id=episode_id, codes=[d.code for d in diagnoses],
            descriptions=[d.description for d in diagnoses],
        )  # fmt: skip

    # --- authorizations ------------------------------------------------------------------

    def add_authorization(self, authorization: Authorization) -> Authorization:
        self.get(authorization.episode_id)
        self._require("payer", authorization.payer_id, "payer")
        with self._db.atomic():
            new_id = self._db.new_id(
                f"INSERT INTO payer_authorization (episode_id, "
                f"{', '.join(_AUTHORIZATION_COLUMNS)}, created_at) VALUES (:episode_id, "
                f"{_marks(_AUTHORIZATION_COLUMNS)}, :created_at) RETURNING id",
                episode_id=authorization.episode_id, **_authorization_fields(authorization),
                created_at=utc(self._clock.now()),
            )  # fmt: skip
        return self.authorization(new_id)

    def update_authorization(self, authorization: Authorization) -> Authorization:
        self.authorization(authorization.id)
        self._require("payer", authorization.payer_id, "payer")
        with self._db.atomic():
            self._db.run(
                f"UPDATE payer_authorization SET {_sets(_AUTHORIZATION_COLUMNS)} WHERE id = :id",
                id=authorization.id, **_authorization_fields(authorization),
            )  # fmt: skip
        return self.authorization(authorization.id)

    def authorization(self, authorization_id: int) -> Authorization:
        row = self._db.one("SELECT * FROM payer_authorization WHERE id = :id", id=authorization_id)
        if row is None:
            raise UserError(f"no authorization with id {authorization_id}")
        return _authorization(row)

    def authorizations(self, episode_id: int) -> list[Authorization]:
        rows = self._db.rows(
            "SELECT * FROM payer_authorization WHERE episode_id = :id "
            "ORDER BY starts DESC, id DESC", id=episode_id,
        )  # fmt: skip
        return [_authorization(row) for row in rows]

    def _require(self, table: str, key: int, what: str) -> None:
        if self._db.one(f"SELECT id FROM {table} WHERE id = :id", id=key) is None:
            raise UserError(f"no {what} with id {key}")


def _marks(columns: Sequence[str]) -> str:
    return ", ".join(f":{column}" for column in columns)


def _sets(columns: Sequence[str]) -> str:
    return ", ".join(f"{column} = :{column}" for column in columns)


def _episode_fields(episode: Episode) -> dict[str, Any]:
    """The columns with the server's own types (dates as dates)."""
    return {
        **episode_values(episode), "certified_on": episode.certified_on,
        "period_ends": episode.period_ends, "last_progress_report": episode.last_progress_report,
        "discharged_on": episode.discharged_on,
    }  # fmt: skip


def _authorization_fields(authorization: Authorization) -> dict[str, Any]:
    return {**authorization_values(authorization), "payer_id": authorization.payer_id,
            "starts": authorization.starts, "ends": authorization.ends}  # fmt: skip


def _episode(row: Row) -> Episode:
    return episode_from(
        int(row["id"]), int(row["patient_id"]), row, diagnoses_from(row["diagnosis_list"])
    )


def _authorization(row: Row) -> Authorization:
    return authorization_from(int(row["id"]), int(row["episode_id"]), int(row["payer_id"]), row)
