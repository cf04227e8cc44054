"""NCCI procedure-to-procedure edit pairs (the starter list we ship)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from timer_app.billing.data_file import CatalogError
from timer_app.resources import read_text


@dataclass(frozen=True, slots=True)
class EditPair:
    column1: str  # the code that pays
    column2: str  # the code denied unless a modifier shows a distinct service
    modifier_indicator: int  # 1: 59/X{EPSU} may bypass; 0: never
    certainty: str


def parse_edit_pairs(text: str) -> tuple[EditPair, ...]:
    try:
        entries = json.loads(text)["pairs"]
        pairs = tuple(
            EditPair(
                column1=str(entry["column1"]),
                column2=str(entry["column2"]),
                modifier_indicator=int(entry["modifier_indicator"]),
                certainty=str(entry.get("certainty", "")),
            )
            for entry in entries
        )
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"ncci_pairs.json is malformed: {error}") from None
    for pair in pairs:
        if pair.modifier_indicator not in (0, 1):
            raise CatalogError(
                f"ncci_pairs.json: {pair.column1}/{pair.column2} indicator must be 0 or 1"
            )
    return pairs


@cache
def load_edit_pairs() -> tuple[EditPair, ...]:
    return parse_edit_pairs(read_text("ncci_pairs.json"))
