"""Episodes of care with their diagnoses, and the payers' authorizations under them.

Master data: on a workstation joined to the clinic server they come down from it
(`store.master_data`); one added here while the server is away goes up later through the
outbox, as a patient does.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

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
from timer_app.store.convert import Row, inserted_id, reading, utc_text
from timer_app.store.outbox import AUTHORIZATION_ITEM, EPISODE_ITEM, OutboxRepository
from timer_app.store.schema import (
    AUTHORIZATION,
    EPISODE,
    EPISODE_DIAGNOSIS,
    PATIENT,
    PAYER,
    new_uuid,
)


class EpisodeRepository:
    def __init__(self, db: Database, clock: Clock, outbox: OutboxRepository) -> None:
        self._db = db
        self._clock = clock
        self._outbox = outbox

    # --- episodes ------------------------------------------------------------------------

    def add(self, episode: Episode) -> Episode:
        """Store a new episode (its id is ignored) with its diagnoses."""
        self._require(PATIENT, episode.patient_id, "patient")
        row = {"uuid": new_uuid(), "patient_id": episode.patient_id, **episode_values(episode),
               "created_at": utc_text(self._clock.now())}  # fmt: skip
        with self._db.atomic():
            new_id = inserted_id(self._db.table(EPISODE).insert(row))
            self._write_diagnoses(new_id, episode.diagnoses)
            self._outbox.queue_if_joined(EPISODE_ITEM, new_id)  # the server hears of it
        return self.get(new_id)

    def update(self, episode: Episode) -> Episode:
        """Every field, diagnoses included; the patient stays the episode's."""
        self.get(episode.id)
        with self._db.atomic():
            self._db.table(EPISODE).update(episode.id, episode_values(episode))
            self._write_diagnoses(episode.id, episode.diagnoses)
        return self.get(episode.id)

    def get(self, episode_id: int) -> Episode:
        try:
            row = self._db.table(EPISODE).get(episode_id)
        except NotFoundError:
            raise UserError(f"no episode of care with id {episode_id}") from None
        return _episode(row, self._diagnoses(episode_id))

    def for_patient(self, patient_id: int) -> list[Episode]:
        """The patient's episodes, the newest certification first."""
        return self._select("patient_id = ?", [patient_id])

    def current(self) -> list[Episode]:
        """Every episode not discharged, the newest certification first."""
        return self._select("discharged_on IS NULL", [])

    def _select(self, where: str, params: list[object]) -> list[Episode]:
        rows = list(self._db.query(
            f"SELECT * FROM {EPISODE} WHERE {where} ORDER BY certified_on DESC, id DESC", params
        ))  # fmt: skip
        return [_episode(row, self._diagnoses(row["id"])) for row in rows]

    def _diagnoses(self, episode_id: int) -> tuple[Diagnosis, ...]:
        rows = self._db.query(
            f"SELECT code, description FROM {EPISODE_DIAGNOSIS} WHERE episode_id = ? "
            "ORDER BY position",
            [episode_id],
        )
        return tuple(Diagnosis(row["code"], row["description"]) for row in rows)

    def _write_diagnoses(self, episode_id: int, diagnoses: Sequence[Diagnosis]) -> None:
        self._db.execute(f"DELETE FROM {EPISODE_DIAGNOSIS} WHERE episode_id = ?", [episode_id])
        self._db.table(EPISODE_DIAGNOSIS).insert_all(
            {"episode_id": episode_id, "position": slot, "code": d.code,
             "description": d.description}
            for slot, d in enumerate(diagnoses, start=1)
        )  # fmt: skip

    # --- authorizations ------------------------------------------------------------------

    def add_authorization(self, authorization: Authorization) -> Authorization:
        self.get(authorization.episode_id)
        self._require(PAYER, authorization.payer_id, "payer")
        row = {"uuid": new_uuid(), "episode_id": authorization.episode_id,
               "payer_id": authorization.payer_id, **authorization_values(authorization),
               "created_at": utc_text(self._clock.now())}  # fmt: skip
        with self._db.atomic():
            new_id = inserted_id(self._db.table(AUTHORIZATION).insert(row))
            self._outbox.queue_if_joined(AUTHORIZATION_ITEM, new_id)
        return self.authorization(new_id)

    def update_authorization(self, authorization: Authorization) -> Authorization:
        """Its payer, dates, counts and reference; it stays under its episode."""
        self.authorization(authorization.id)
        self._require(PAYER, authorization.payer_id, "payer")
        row = {"payer_id": authorization.payer_id, **authorization_values(authorization)}
        with self._db.atomic():
            self._db.table(AUTHORIZATION).update(authorization.id, row)
        return self.authorization(authorization.id)

    def authorization(self, authorization_id: int) -> Authorization:
        try:
            row = self._db.table(AUTHORIZATION).get(authorization_id)
        except NotFoundError:
            raise UserError(f"no authorization with id {authorization_id}") from None
        return _authorization(row)

    def authorizations(self, episode_id: int) -> list[Authorization]:
        """The episode's authorizations, the newest first."""
        rows = self._db.query(
            f"SELECT * FROM {AUTHORIZATION} WHERE episode_id = ? ORDER BY starts DESC, id DESC",
            [episode_id],
        )
        return [_authorization(row) for row in rows]

    def _require(self, table: str, key: int, what: str) -> None:
        if not self._db.table(table).count_where("id = ?", [key]):
            raise UserError(f"no {what} with id {key}")


def _episode(row: Row, diagnoses: tuple[Diagnosis, ...]) -> Episode:
    with reading("episode", row):
        return episode_from(row["id"], row["patient_id"], row, diagnoses)


def _authorization(row: Row) -> Authorization:
    with reading("authorization", row):
        return authorization_from(row["id"], row["episode_id"], row["payer_id"], row)
