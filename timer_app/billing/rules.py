"""Where the shipped rules come from, which version, and the dates they cover.

Every data file in resources/ names its source, version and effective dates. A visit dated
past them is warned: a threshold, a code or an edit may have changed since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from timer_app.billing.data_file import CatalogError
from timer_app.billing.result import BillingWarning, WarningKind
from timer_app.dates import show_date
from timer_app.resources import read_text

RULE_FILES = ("codes.json", "payers.json", "ncci_pairs.json")


@dataclass(frozen=True, slots=True)
class RuleSource:
    """One shipped data file: what it is drawn from and the dates it is good for."""

    file: str
    source: str
    version: str
    effective_from: date
    effective_to: date


def parse_source(text: str, file: str) -> RuleSource:
    try:
        document = json.loads(text)
        return RuleSource(
            file,
            str(document["source"]),
            str(document["version"]),
            date.fromisoformat(document["effective_from"]),
            date.fromisoformat(document["effective_to"]),
        )
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise CatalogError(
            f"{file} must name its source, version, effective_from and effective_to ({error})"
        ) from None


@cache
def shipped_sources() -> tuple[RuleSource, ...]:
    return tuple(parse_source(read_text(name), name) for name in RULE_FILES)


def rules_cover_until() -> date:
    """The last day every shipped rule file covers."""
    return min(source.effective_to for source in shipped_sources())


def rules_coverage_warning(on: date | None) -> BillingWarning | None:
    """A warning for a visit dated past the shipped rules (None when covered or undated)."""
    last = rules_cover_until()
    if on is None or on <= last:
        return None
    text = (
        f"This visit is on {show_date(on)}; the rules this program ships cover visits to "
        f"{show_date(last)}. Thresholds, codes and edit pairs may have changed since: check "
        f"the billing, and install a newer version of Therapy Timer."
    )
    return BillingWarning(WarningKind.RULES_OUT_OF_DATE, text)
