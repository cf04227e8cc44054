"""Rule tables the clinic imported: CMS's NCCI practitioner edits, with where they came from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlite_utils import Database

from timer_app.billing.edits import EditPair
from timer_app.records import ImportedRules
from timer_app.store.convert import utc_from, utc_text
from timer_app.store.schema import NCCI_EDIT, RULES_IMPORT

_NCCI = "ncci"


class RuleTablesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def edit_pairs(self) -> ImportedRules | None:
        """The imported edit pairs and their source; None when none were imported."""
        found = next(iter(self._db.table(RULES_IMPORT).rows_where("kind = ?", [_NCCI])), None)
        if found is None:
            return None
        rows = self._db.table(NCCI_EDIT).rows_where(order_by="id")
        pairs = tuple(_pair(row) for row in rows)
        at = utc_from(found["imported_at"])
        assert at is not None  # NOT NULL column
        return ImportedRules(pairs, found["source"], found["quarter"], at)

    def replace_edit_pairs(
        self, pairs: Sequence[EditPair], source: str, quarter: str, at: datetime
    ) -> None:
        """The clinic's edit pairs from now on: the ones given, all earlier ones dropped."""
        with self._db.atomic():
            self._db.execute(f"DELETE FROM {NCCI_EDIT}")
            self._db.table(NCCI_EDIT).insert_all(
                {"column1": p.column1, "column2": p.column2, "effective": p.effective.isoformat(),
                 "deleted": None if p.deleted is None else p.deleted.isoformat(),
                 "indicator": p.modifier_indicator, "source": p.source}
                for p in pairs
            )  # fmt: skip
            self._db.table(RULES_IMPORT).upsert(
                {"kind": _NCCI, "source": source, "quarter": quarter, "imported_at": utc_text(at),
                 "count": len(pairs)},
                pk="kind",
            )  # fmt: skip


def _pair(row: dict[str, object]) -> EditPair:
    deleted = row["deleted"]
    return EditPair(
        str(row["column1"]),
        str(row["column2"]),
        int(str(row["indicator"])),
        date.fromisoformat(str(row["effective"])),
        None if deleted is None else date.fromisoformat(str(deleted)),
        str(row["source"]),
    )
