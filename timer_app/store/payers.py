"""Payers, the profile each follows, and their fee per code in cents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from timer_app.errors import UserError
from timer_app.records import Payer
from timer_app.records.model import check_fees, refuse_secondary
from timer_app.store.convert import Row, inserted_id
from timer_app.store.schema import FEE, PATIENT, PAYER, VISIT, new_uuid


class PayerRepository:
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
        """A payer following a shipped profile (e.g. "Medicare"), with its fees in cents."""
        self._refuse_clash(name, None)
        with self._db.atomic():
            row = {"uuid": new_uuid(), "name": name.strip(), "profile": profile,
                   "assistant_modifiers": assistant_modifiers}  # fmt: skip
            new_id = inserted_id(self._db.table(PAYER).insert(row))
            self._write_fees(new_id, fees or {})
        return self.get(new_id)

    def update(self, payer: Payer) -> Payer:
        """Rename it, change its profile or its CQ/CO choice; fees change with `set_fees`."""
        self.get(payer.id)
        self._refuse_clash(payer.name, payer.id)
        row = {"name": payer.name.strip(), "profile": payer.profile,
               "assistant_modifiers": payer.assistant_modifiers}  # fmt: skip
        with self._db.atomic():
            self._db.table(PAYER).update(payer.id, row)
        return self.get(payer.id)

    def set_fees(self, payer_id: int, fees: Mapping[str, int]) -> Payer:
        """Set these codes' fees (cents); codes not named keep theirs."""
        self.get(payer_id)
        with self._db.atomic():
            self._write_fees(payer_id, fees)
        return self.get(payer_id)

    def remove_fees(self, payer_id: int, codes: Iterable[str]) -> Payer:
        """Forget these codes' fees (they then bill at no charge until set again)."""
        self.get(payer_id)
        with self._db.atomic():
            for code in codes:
                self._db.execute(
                    f"DELETE FROM {FEE} WHERE payer_id = ? AND code = ?", [payer_id, code]
                )
        return self.get(payer_id)

    def delete(self, payer_id: int) -> None:
        """Remove a payer nobody uses; one on a patient or a visit stays."""
        payer = self.get(payer_id)
        for table, what, where in (
            (PATIENT, "patients", "payer_id = ?"),
            (VISIT, "visits", "? IN (payer_id, billing_payer_id)"),
        ):
            count = self._db.table(table).count_where(where, [payer_id])
            if count:
                raise UserError(
                    f"{payer.name} is the payer of {count} {what}; change theirs first, or keep it"
                )
        refuse_secondary(
            payer.name, self._db.table(PATIENT).count_where("secondary_payer_id = ?", [payer_id])
        )
        with self._db.atomic():
            self._db.execute(f"DELETE FROM {FEE} WHERE payer_id = ?", [payer_id])
            self._db.table(PAYER).delete(payer_id)

    def get(self, payer_id: int) -> Payer:
        try:
            row = self._db.table(PAYER).get(payer_id)
        except NotFoundError:
            raise UserError(f"no payer with id {payer_id}") from None
        return self._payer(row)

    def find(self, name: str) -> Payer | None:
        rows = list(self._db.table(PAYER).rows_where("name = ? COLLATE NOCASE", [name.strip()]))
        return self._payer(rows[0]) if rows else None

    def all(self) -> list[Payer]:
        return [self._payer(row) for row in self._db.table(PAYER).rows_where(order_by="name")]

    def _refuse_clash(self, name: str, payer_id: int | None) -> None:
        """Payer names are unique, whatever their case."""
        clash = self.find(name)
        if clash is not None and clash.id != payer_id:
            raise UserError(f"a payer named '{name.strip()}' already exists; pick another name")

    def _payer(self, row: Row) -> Payer:
        fees = self._db.query(f"SELECT code, cents FROM {FEE} WHERE payer_id = ?", [row["id"]])
        assistants = row["assistant_modifiers"]
        return Payer(
            row["id"],
            row["name"],
            row["profile"],
            {f["code"]: f["cents"] for f in fees},
            None if assistants is None else bool(assistants),
        )

    def _write_fees(self, payer_id: int, fees: Mapping[str, int]) -> None:
        check_fees(fees)
        self._db.table(FEE).upsert_all(
            ({"payer_id": payer_id, "code": code, "cents": cents} for code, cents in fees.items()),
            pk=("payer_id", "code"),
        )
