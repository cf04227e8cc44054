"""The clinic's code settings (only what it chose) and the rule tables it imported."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from timer_app.billing import Kind
from timer_app.billing.edits import EditPair
from timer_app.errors import UserError
from timer_app.records import CodeSetting, ImportedRules
from timer_app.store.postgres.database import Database, Row
from timer_app.store.postgres.values import utc

_NCCI = "ncci"
_SETTING = "SELECT code, enabled, favourite, custom, label, kind FROM code_setting"


class CodeSettings:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> dict[str, CodeSetting]:
        """What the clinic chose, by code; a code it never touched has no setting."""
        rows = self._db.rows(f'{_SETTING} ORDER BY code COLLATE "C"')
        return {row["code"]: CodeSetting(**row) for row in rows}

    def set_enabled(self, code: str, enabled: bool) -> CodeSetting:
        return self._save(code, "enabled", enabled)

    def set_favourite(self, code: str, favourite: bool) -> CodeSetting:
        return self._save(code, "favourite", favourite)

    def add_custom(self, code: str, label: str, kind: Kind) -> CodeSetting:
        """Refused when the code already has a setting."""
        with self._db.atomic():
            added = self._db.run(
                "INSERT INTO code_setting (code, custom, label, kind) "
                "VALUES (:code, true, :label, :kind) ON CONFLICT (code) DO NOTHING",
                code=code, label=label, kind=Kind(kind).value,
            )  # fmt: skip
        if not added:
            raise UserError(f"code {code} already exists; turn it on or off instead")
        return self._get(code)

    def _save(self, code: str, column: str, value: bool) -> CodeSetting:
        """One choice for one code (`column` is one of ours, never typed by anyone)."""
        with self._db.atomic():
            self._db.run(
                f"INSERT INTO code_setting (code, {column}) VALUES (:code, :value) "
                f"ON CONFLICT (code) DO UPDATE SET {column} = excluded.{column}",
                code=code, value=value,
            )  # fmt: skip
        return self._get(code)

    def _get(self, code: str) -> CodeSetting:
        row = self._db.one(f"{_SETTING} WHERE code = :code", code=code)
        assert row is not None  # just written
        return CodeSetting(**row)


class RuleTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def edit_pairs(self) -> ImportedRules | None:
        """The NCCI edits the clinic imported, with their source; None: the shipped list."""
        found = self._db.one(
            "SELECT source, quarter, imported_at FROM rules_import WHERE kind = :kind",
            kind=_NCCI,
        )  # fmt: skip
        if found is None:
            return None
        rows = self._db.rows("SELECT * FROM ncci_edit ORDER BY id")
        pairs = tuple(_pair(row) for row in rows)
        return ImportedRules(pairs, found["source"], found["quarter"], utc(found["imported_at"]))

    def replace_edit_pairs(
        self, pairs: Sequence[EditPair], source: str, quarter: str, at: datetime
    ) -> None:
        """The clinic's edit pairs from now on: the ones given, all earlier ones dropped
        (a few statements however long the table: the rows go up as arrays)."""
        with self._db.atomic():
            self._db.run("DELETE FROM ncci_edit")
            self._db.run(
                "INSERT INTO ncci_edit (column1, column2, effective, deleted, indicator, source) "
                "SELECT c1, c2, effective, deleted, indicator, source FROM unnest("
                "CAST(:c1 AS text[]), CAST(:c2 AS text[]), CAST(:effective AS text[]), "
                "CAST(:deleted AS text[]), CAST(:indicator AS integer[]), "
                "CAST(:source AS text[])) WITH ORDINALITY "
                "AS pair (c1, c2, effective, deleted, indicator, source, n) ORDER BY n",
                c1=[p.column1 for p in pairs], c2=[p.column2 for p in pairs],
                effective=[p.effective.isoformat() for p in pairs],
                deleted=[None if p.deleted is None else p.deleted.isoformat() for p in pairs],
                indicator=[p.modifier_indicator for p in pairs],
                source=[p.source for p in pairs],
            )  # fmt: skip
            self._db.run(
                "INSERT INTO rules_import (kind, source, quarter, imported_at, count) "
                "VALUES (:kind, :source, :quarter, :at, :count) ON CONFLICT (kind) DO UPDATE "
                "SET source = excluded.source, quarter = excluded.quarter, "
                "imported_at = excluded.imported_at, count = excluded.count",
                kind=_NCCI, source=source, quarter=quarter, at=utc(at), count=len(pairs),
            )  # fmt: skip


def _pair(row: Row) -> EditPair:
    deleted = row["deleted"]
    return EditPair(
        row["column1"],
        row["column2"],
        int(row["indicator"]),
        date.fromisoformat(row["effective"]),
        None if deleted is None else date.fromisoformat(deleted),
        row["source"],
    )
