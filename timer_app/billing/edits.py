"""NCCI procedure-to-procedure edit pairs: the starter list we ship, or CMS's own table.

An edit is in force from its effective date until its deletion date. Its modifier
indicator says whether a distinct-service modifier may bypass it: 0 never, 1 yes, 9 the
edit does not apply (CMS marks deleted edits so). `parse_ptp_table` reads CMS's quarterly
practitioner PTP file (tab-separated: Column 1, Column 2, in existence before 1996,
Effective Date, Deletion Date, Modifier Indicator, PTP Edit Rationale).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from timer_app.billing.data_file import CatalogError
from timer_app.resources import read_text

INDICATORS = (0, 1, 9)
_CODE = re.compile(r"[0-9A-Z]{5}")
_CMS_DATE = re.compile(r"\d{8}")


@dataclass(frozen=True, slots=True)
class EditPair:
    column1: str  # the code that pays
    column2: str  # the code denied unless a modifier shows a distinct service
    modifier_indicator: int  # 1: 59/X{EPSU} may bypass; 0: never; 9: does not apply
    effective: date = date(1996, 1, 1)
    deleted: date | None = None  # the edit no longer applies from this day
    source: str = ""  # where it comes from, as a warning names it

    @property
    def always_in_force_since(self) -> date:
        """From when on the edit applies for good (never, when deleted or not applicable)."""
        if self.modifier_indicator == 9 or self.deleted is not None:
            return date.max
        return self.effective

    def in_force(self, on: date) -> bool:
        """Whether the edit applies to a visit on `on`."""
        if self.modifier_indicator == 9:
            return False
        return self.effective <= on and (self.deleted is None or on < self.deleted)


def among(pairs: Sequence[EditPair], codes: Collection[str]) -> list[EditPair]:
    """The pairs of which the visit has both codes: an imported CMS table holds hundreds."""
    return [pair for pair in pairs if pair.column1 in codes and pair.column2 in codes]


def in_force(pairs: Sequence[EditPair], on: date | None) -> Sequence[EditPair]:
    """The pairs that apply to a visit on `on` (undated: today)."""
    when = on or date.today()
    if all(pair.always_in_force_since <= when for pair in pairs):
        return pairs  # the usual case, checked quickly: every edit current, none deleted
    return [pair for pair in pairs if pair.in_force(when)]


def parse_edit_pairs(text: str) -> tuple[EditPair, ...]:
    """The shipped starter list (ncci_pairs.json)."""
    try:
        entries = json.loads(text)["pairs"]
        pairs = tuple(_json_pair(entry) for entry in entries)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"ncci_pairs.json is malformed: {error}") from None
    for pair in pairs:
        if pair.modifier_indicator not in INDICATORS:
            raise CatalogError(
                f"ncci_pairs.json: {pair.column1}/{pair.column2} indicator must be 0, 1 or 9"
            )
    return pairs


def _json_pair(entry: dict[str, object]) -> EditPair:
    deleted = entry.get("deleted")
    return EditPair(
        column1=str(entry["column1"]),
        column2=str(entry["column2"]),
        modifier_indicator=int(str(entry["modifier_indicator"])),
        effective=date.fromisoformat(str(entry.get("effective", "1996-01-01"))),
        deleted=None if deleted is None else date.fromisoformat(str(deleted)),
        source=f"starter list, {entry.get('certainty') or 'unsure'}",
    )


@cache
def load_edit_pairs() -> tuple[EditPair, ...]:
    return parse_edit_pairs(read_text("ncci_pairs.json"))


def parse_ptp_table(
    lines: Iterable[str], codes: Collection[str], source: str
) -> tuple[EditPair, ...]:
    """CMS's practitioner PTP table, the pairs among `codes` only. Heading and note lines
    (anything not starting with two codes) are passed over; a data line that cannot be read
    is refused with its number."""
    pairs = []
    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in line.rstrip("\r\n").split("\t")]
        if len(cells) < 6 or not (_CODE.fullmatch(cells[0]) and _CODE.fullmatch(cells[1])):
            continue
        if cells[0] in codes and cells[1] in codes:
            pairs.append(_ptp_pair(cells, number, source))
    if not pairs:
        raise CatalogError(
            "no edit pair among this clinic's codes was found: is this CMS's practitioner "
            "PTP table, saved as tab-separated text?"
        )
    return tuple(pairs)


def _ptp_pair(cells: list[str], number: int, source: str) -> EditPair:
    effective, deleted, indicator = cells[3], cells[4], cells[5]
    if not _CMS_DATE.fullmatch(effective) or not (deleted == "*" or _CMS_DATE.fullmatch(deleted)):
        raise CatalogError(f"line {number}: dates must be YYYYMMDD (deletion: * for none)")
    if indicator not in ("0", "1", "9"):
        raise CatalogError(f"line {number}: the modifier indicator must be 0, 1 or 9")
    return EditPair(
        cells[0], cells[1], int(indicator), _cms_date(effective),
        None if deleted == "*" else _cms_date(deleted), source,
    )  # fmt: skip


def _cms_date(text: str) -> date:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise CatalogError(f"'{text}' is not a date (YYYYMMDD)") from None
