"""The clinic's code settings: which codes show, which are favourites, which it added."""

from __future__ import annotations

from sqlite_utils import Database

from timer_app.billing import Kind, load_catalog
from timer_app.errors import UserError
from timer_app.store.records import CodeSetting
from timer_app.store.schema import CODE_SETTING


class CodeSettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> dict[str, CodeSetting]:
        """Every catalog code (enabled unless turned off) and every custom code, in order."""
        stored = {
            row["code"]: _setting(row)
            for row in self._db.table(CODE_SETTING).rows_where(order_by="code")
        }
        settings = {code: stored.pop(code, CodeSetting(code)) for code in load_catalog()}
        return settings | stored

    def get(self, code: str) -> CodeSetting:
        setting = self.all().get(code.strip().upper())
        if setting is None:
            raise UserError(f"unknown code '{code}'; add it as a custom code first")
        return setting

    def set_enabled(self, code: str, enabled: bool) -> CodeSetting:
        return self._save(code, enabled=int(enabled))

    def set_favourite(self, code: str, favourite: bool) -> CodeSetting:
        return self._save(code, favourite=int(favourite))

    def add_custom(self, code: str, label: str, kind: Kind) -> CodeSetting:
        """A code the shipped catalog lacks, e.g. a payer-specific HCPCS code."""
        code = code.strip().upper()
        if not code or not label.strip():
            raise UserError("a custom code needs a code and a label")
        if code in self.all():
            raise UserError(f"code {code} already exists; turn it on or off instead")
        row = {"code": code, "custom": 1, "label": label.strip(), "kind": Kind(kind).value}
        with self._db.atomic():
            self._db.table(CODE_SETTING).insert(row)
        return self.get(code)

    def _save(self, code: str, **changes: int) -> CodeSetting:
        code = self.get(code).code
        with self._db.atomic():
            self._db.table(CODE_SETTING).upsert({"code": code, **changes}, pk="code")
        return self.get(code)


def _setting(row: dict[str, object]) -> CodeSetting:
    return CodeSetting(
        code=str(row["code"]),
        enabled=bool(row["enabled"]),
        favourite=bool(row["favourite"]),
        custom=bool(row["custom"]),
        label=str(row["label"]),
        kind=str(row["kind"]),
    )
