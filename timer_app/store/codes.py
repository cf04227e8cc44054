"""The clinic's code settings: codes it turned off, ticked as favourites, or added.

Only what the clinic chose is stored; the clinic services lay it over the shipped catalog.
"""

from __future__ import annotations

from sqlite_utils import Database

from timer_app.billing import Kind
from timer_app.errors import UserError
from timer_app.records import CodeSetting
from timer_app.store.schema import CODE_SETTING


class CodeSettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> dict[str, CodeSetting]:
        """The stored settings by code (a code never touched has none)."""
        rows = self._db.table(CODE_SETTING).rows_where(order_by="code")
        return {row["code"]: _setting(row) for row in rows}

    def set_enabled(self, code: str, enabled: bool) -> CodeSetting:
        return self._save(code, enabled=int(enabled))

    def set_favourite(self, code: str, favourite: bool) -> CodeSetting:
        return self._save(code, favourite=int(favourite))

    def add_custom(self, code: str, label: str, kind: Kind) -> CodeSetting:
        """A code the shipped catalog lacks, e.g. a payer-specific HCPCS code."""
        if code in self.all():
            raise UserError(f"code {code} already exists; turn it on or off instead")
        row = {"code": code, "custom": 1, "label": label, "kind": Kind(kind).value}
        with self._db.atomic():
            self._db.table(CODE_SETTING).insert(row)
        return self.all()[code]

    def _save(self, code: str, **changes: int) -> CodeSetting:
        with self._db.atomic():
            self._db.table(CODE_SETTING).upsert({"code": code, **changes}, pk="code")
        return self.all()[code]


def _setting(row: dict[str, object]) -> CodeSetting:
    return CodeSetting(
        code=str(row["code"]),
        enabled=bool(row["enabled"]),
        favourite=bool(row["favourite"]),
        custom=bool(row["custom"]),
        label=str(row["label"]),
        kind=str(row["kind"]),
    )
