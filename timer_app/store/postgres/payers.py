"""Payers, the profile each follows, and their fee per code in cents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from timer_app.errors import UserError
from timer_app.records import Payer
from timer_app.records.model import check_fees, refuse_secondary
from timer_app.store.postgres.database import Database, Row

# a payer with its fees, in one row
_PAYER = (
    "SELECT p.id, p.name, p.profile, p.assistant_modifiers, "
    "(SELECT coalesce(json_object_agg(f.code, f.cents), '{}') FROM payer_fee f "
    "WHERE f.payer_id = p.id) AS fees FROM payer p"
)


class Payers:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        name: str,
        profile: str,
        fees: Mapping[str, int] | None = None,
        *,
        assistant_modifiers: bool | None = None,
    ) -> Payer:
        """Refused when a payer of that name (any case) exists."""
        self._refuse_clash(name, None)
        check_fees(fees or {})
        with self._db.atomic():
            new_id = self._db.new_id(
                "INSERT INTO payer (name, profile, assistant_modifiers) "
                "VALUES (:name, :profile, :assistants) RETURNING id",
                name=name.strip(), profile=profile, assistants=assistant_modifiers,
            )  # fmt: skip
            self._write_fees(new_id, fees or {})
        return self.get(new_id)

    def update(self, payer: Payer) -> Payer:
        """Its name, profile and CQ/CO choice; fees change with `set_fees`, `remove_fees`."""
        self.get(payer.id)
        self._refuse_clash(payer.name, payer.id)
        with self._db.atomic():
            self._db.run(
                "UPDATE payer SET name = :name, profile = :profile, "
                "assistant_modifiers = :assistants WHERE id = :id",
                id=payer.id, name=payer.name.strip(), profile=payer.profile,
                assistants=payer.assistant_modifiers,
            )  # fmt: skip
        return self.get(payer.id)

    def set_fees(self, payer_id: int, fees: Mapping[str, int]) -> Payer:
        """Set these codes' fees (cents); codes not named keep theirs."""
        self.get(payer_id)
        check_fees(fees)
        with self._db.atomic():
            self._write_fees(payer_id, fees)
        return self.get(payer_id)

    def remove_fees(self, payer_id: int, codes: Iterable[str]) -> Payer:
        """Forget these codes' fees (they then bill at no charge until set again)."""
        self.get(payer_id)
        with self._db.atomic():
            self._db.run(
                "DELETE FROM payer_fee WHERE payer_id = :id AND code = ANY(CAST(:codes AS text[]))",
                id=payer_id, codes=list(codes),
            )  # fmt: skip
        return self.get(payer_id)

    def delete(self, payer_id: int) -> None:
        """Refused while a patient or a visit has the payer (its fees go with it)."""
        payer = self.get(payer_id)
        with self._db.atomic():
            for table, what, where in (
                ("patient", "patients", "payer_id = :id"),
                ("visit", "visits", ":id IN (payer_id, billing_payer_id)"),
            ):
                sql = f"SELECT count(*) AS n FROM {table} WHERE {where}"
                found = self._db.one(sql, id=payer_id)
                if found and found["n"]:
                    raise UserError(
                        f"{payer.name} is the payer of {found['n']} {what}; change theirs "
                        "first, or keep it"
                    )
            second = self._db.one(
                "SELECT count(*) AS n FROM patient WHERE secondary_payer_id = :id", id=payer_id
            )
            refuse_secondary(payer.name, second["n"] if second else 0)
            self._db.run("DELETE FROM payer WHERE id = :id", id=payer_id)

    def get(self, payer_id: int) -> Payer:
        row = self._db.one(f"{_PAYER} WHERE p.id = :id", id=payer_id)
        if row is None:
            raise UserError(f"no payer with id {payer_id}")
        return _payer(row)

    def find(self, name: str) -> Payer | None:
        """By name, whatever its case."""
        row = self._db.one(f"{_PAYER} WHERE lower(p.name) = lower(:name)", name=name.strip())
        return None if row is None else _payer(row)

    def all(self) -> list[Payer]:
        """By name."""
        return [_payer(row) for row in self._db.rows(f'{_PAYER} ORDER BY p.name COLLATE "C"')]

    def _refuse_clash(self, name: str, payer_id: int | None) -> None:
        """Payer names are unique, whatever their case (the server's index says so too)."""
        clash = self.find(name)
        if clash is not None and clash.id != payer_id:
            raise UserError(f"a payer named '{name.strip()}' already exists; pick another name")

    def _write_fees(self, payer_id: int, fees: Mapping[str, int]) -> None:
        if not fees:
            return
        self._db.run(
            "INSERT INTO payer_fee (payer_id, code, cents) "
            "SELECT :id, code, cents FROM unnest(CAST(:codes AS text[]), "
            "CAST(:cents AS bigint[])) AS fee (code, cents) "
            "ON CONFLICT (payer_id, code) DO UPDATE SET cents = excluded.cents",
            id=payer_id, codes=list(fees), cents=list(fees.values()),
        )  # fmt: skip


def _payer(row: Row) -> Payer:
    fees = {str(code): int(cents) for code, cents in row["fees"].items()}
    return Payer(row["id"], row["name"], row["profile"], fees, row["assistant_modifiers"])
