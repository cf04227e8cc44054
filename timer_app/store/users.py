"""Users, their PIN hashes and failed tries; the owner's settings. No PIN is ever stored,
only its slow salted hash (`timer_app.clinic.pins`)."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from timer_app.errors import UserError
from timer_app.records.people import Access, User
from timer_app.session.clock import Clock
from timer_app.store.convert import Row, inserted_id, utc_from, utc_text
from timer_app.store.schema import SETTING, USER, new_uuid


class UserRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(
        self, name: str, access: Access, pin_hash: str, clinician_id: int | None = None
    ) -> User:
        row = {"uuid": new_uuid(), "name": name.strip(), "access": Access(access).value,
               "pin_hash": pin_hash, "clinician_id": clinician_id,
               "created_at": utc_text(self._clock.now())}  # fmt: skip
        with self._db.atomic():
            new_id = inserted_id(self._db.table(USER).insert(row))
        return self.get(new_id)

    def update(self, user: User) -> User:
        """Name, access, clinician and whether the person still works here."""
        self.get(user.id)
        row = {"name": user.name.strip(), "access": Access(user.access).value,
               "clinician_id": user.clinician_id, "active": int(user.active)}  # fmt: skip
        with self._db.atomic():
            self._db.table(USER).update(user.id, row)
        return self.get(user.id)

    def get(self, user_id: int) -> User:
        try:
            return _user(self._db.table(USER).get(user_id))
        except NotFoundError:
            raise UserError(f"no user with id {user_id}") from None

    def all(self, *, include_inactive: bool = False) -> list[User]:
        where = None if include_inactive else "active = 1"
        return [_user(row) for row in self._db.table(USER).rows_where(where, order_by="name")]

    def pin_hash(self, user_id: int) -> str:
        self.get(user_id)
        return str(self._db.table(USER).get(user_id)["pin_hash"])

    def set_pin_hash(self, user_id: int, pin_hash: str) -> None:
        self.get(user_id)
        with self._db.atomic():
            self._db.table(USER).update(user_id, {"pin_hash": pin_hash})

    def failures(self, user_id: int) -> tuple[int, datetime | None]:
        """Wrong PINs in a row, and until when the next try must wait."""
        row = self._db.table(USER).get(user_id)
        return row["failed"], utc_from(row["blocked_until"])

    def set_failures(self, user_id: int, failed: int, blocked_until: datetime | None) -> None:
        until = None if blocked_until is None else utc_text(blocked_until)
        with self._db.atomic():
            self._db.table(USER).update(user_id, {"failed": failed, "blocked_until": until})


class SettingRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> str | None:
        found = list(self._db.query(f"SELECT value FROM {SETTING} WHERE key = ?", [key]))
        return found[0]["value"] if found else None

    def set(self, key: str, value: str) -> None:
        with self._db.atomic():
            self._db.table(SETTING).upsert({"key": key, "value": value}, pk="key")


def _user(row: Row) -> User:
    return User(row["id"], row["name"], Access(row["access"]), row["clinician_id"],
                bool(row["active"]))  # fmt: skip
