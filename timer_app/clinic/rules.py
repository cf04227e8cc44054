"""The rules in force for this clinic, and where each comes from; CMS's edit table imported.

The shipped data files name their source, version and dates; the NCCI edits are CMS's
quarterly practitioner PTP table once the clinic imports it (only the pairs among its own
codes are kept), the shipped starter list until then.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from timer_app.billing.edits import load_edit_pairs, parse_ptp_table
from timer_app.billing.profiles import load_profiles
from timer_app.billing.rules import RuleSource, rules_cover_until, shipped_sources
from timer_app.clinic.access import AccessControl
from timer_app.clinic.catalog import ClinicCodes
from timer_app.clinic.events import Events, Records
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records.people import Permission

_QUARTER = re.compile(r"(20\d\d)[ _-]?Q([1-4])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EditTable:
    """The NCCI edits in use: how many, from where, of which quarter, since when."""

    pairs: int
    in_force_today: int
    source: str
    quarter: str
    imported_at: datetime | None  # None: the shipped starter list


@dataclass(frozen=True, slots=True)
class RulesReport:
    files: tuple[RuleSource, ...]
    edits: EditTable
    kx_years: tuple[int, ...]  # the years Medicare's KX threshold is known for
    covered_until: date


class ClinicRules:
    def __init__(
        self,
        store: StorePort,
        codes: ClinicCodes,
        events: Events,
        today: Callable[[], date],
        access: AccessControl,
    ) -> None:
        self._access = access
        self._store = store
        self._codes = codes
        self._events = events
        self._today = today

    def report(self) -> RulesReport:
        imported = self._store.rules.edit_pairs()
        pairs = imported.pairs if imported is not None else load_edit_pairs()
        edits = EditTable(
            len(pairs),
            sum(1 for pair in pairs if pair.in_force(self._today())),
            imported.source if imported else "the shipped starter list (ncci_pairs.json)",
            imported.quarter if imported else "-",
            imported.imported_at if imported else None,
        )
        years = sorted({y for p in load_profiles().values() for y in p.kx_thresholds_cents})
        return RulesReport(shipped_sources(), edits, tuple(years), rules_cover_until())

    def import_ncci(
        self, lines: Iterable[str], file: Path, at: datetime, quarter: str | None = None
    ) -> EditTable:
        """Keep the table's pairs among this clinic's codes, in place of any earlier ones."""
        self._access.require(Permission.CODES)
        found = quarter or _quarter(file.name)
        if not _QUARTER.fullmatch(found):
            raise UserError(f"'{found}' is not a quarter; write it like 2026Q4")
        source = f"CMS practitioner PTP edits {found.upper()} ({file.name})"
        pairs = parse_ptp_table(lines, set(self._codes.catalog()), source)
        with self._store.atomic():
            self._store.rules.replace_edit_pairs(pairs, file.name, found.upper(), at)
            self._store.audit.record("", "NCCI edits imported", after={
                "file": file.name, "quarter": found.upper(), "pairs": len(pairs)})
        self._codes.forget()
        self._events.records(Records.CODES)
        return self.report().edits


def _quarter(name: str) -> str:
    found = _QUARTER.search(name)
    if found is None:
        raise UserError(
            f"the file name '{name}' does not say its quarter; give it with --quarter 2026Q4"
        )
    return f"{found.group(1)}Q{found.group(2)}"
