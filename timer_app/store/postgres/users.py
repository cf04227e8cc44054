"""Users, their PIN hashes and failed tries; the owner's settings. No PIN is ever stored,
only its slow salted hash (`timer_app.clinic.pins`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from timer_app.errors import UserError
from timer_app.records.people import Access, User
from timer_app.session.clock import Clock
from timer_app.store.postgres.database import Database, Row
from timer_app.store.postgres.values import utc, utc_or_none


class Users:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(
        self, name: str, access: Access, pin_hash: str, clinician_id: int | None = None
    ) -> User:
        with self._db.atomic():
            new_id = self._db.new_id(
                "INSERT INTO app_user (name, access, pin_hash, clinician_id, created_at) "
                "VALUES (:name, :access, :pin_hash, :clinician, :now) RETURNING id",
                name=name.strip(), access=Access(access).value, pin_hash=pin_hash,
                clinician=clinician_id, now=utc(self._clock.now()),
            )  # fmt: skip
        return self.get(new_id)

    def update(self, user: User) -> User:
        """Name, access, clinician and whether the person still works here."""
        self._update(
            user.id, "name = :name, access = :access, clinician_id = :clinician, "
            "active = :active",
            name=user.name.strip(), access=Access(user.access).value,
            clinician=user.clinician_id, active=user.active,
        )  # fmt: skip
        return self.get(user.id)

    def get(self, user_id: int) -> User:
        return _user(self._row(user_id))

    def all(self, *, include_inactive: bool = False) -> list[User]:
        """By name; former users only when asked."""
        where = "true" if include_inactive else "active"
        rows = self._db.rows(f'SELECT * FROM app_user WHERE {where} ORDER BY name COLLATE "C", id')
        return [_user(row) for row in rows]

    def pin_hash(self, user_id: int) -> str:
        return str(self._row(user_id)["pin_hash"])

    def set_pin_hash(self, user_id: int, pin_hash: str) -> None:
        self._update(user_id, "pin_hash = :pin_hash", pin_hash=pin_hash)

    def failures(self, user_id: int) -> tuple[int, datetime | None]:
        """Wrong PINs in a row, and until when the next try must wait."""
        row = self._row(user_id)
        return int(row["failed"]), utc_or_none(row["blocked_until"])

    def set_failures(self, user_id: int, failed: int, blocked_until: datetime | None) -> None:
        self._update(user_id, "failed = :failed, blocked_until = :until", failed=failed,
                     until=utc_or_none(blocked_until))  # fmt: skip

    def _update(self, user_id: int, assignments: str, **values: Any) -> None:
        """Change one user's row (`assignments` are ours); an unknown id is said."""
        with self._db.atomic():
            if not self._db.run(f"UPDATE app_user SET {assignments} WHERE id = :id",
                                id=user_id, **values):  # fmt: skip
                raise UserError(f"no user with id {user_id}")

    def _row(self, user_id: int) -> Row:
        row = self._db.one("SELECT * FROM app_user WHERE id = :id", id=user_id)
        if row is None:
            raise UserError(f"no user with id {user_id}")
        return row


class Settings:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> str | None:
        found = self._db.one("SELECT value FROM setting WHERE key = :key", key=key)
        return None if found is None else str(found["value"])

    def set(self, key: str, value: str) -> None:
        with self._db.atomic():
            self._db.run(
                "INSERT INTO setting (key, value) VALUES (:key, :value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                key=key, value=value,
            )  # fmt: skip


def _user(row: Row) -> User:
    return User(row["id"], row["name"], Access(row["access"]), row["clinician_id"],
                bool(row["active"]))  # fmt: skip
