"""Payer profiles: which unit rule a payer uses and its other billing habits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from timer_app.billing.data_file import CatalogError, choice, entries
from timer_app.errors import UserError
from timer_app.resources import read_text


class Rule(StrEnum):
    CMS = "cms"  # Medicare's 8-minute rule: timed minutes pooled, then units assigned
    AMA = "ama"  # each timed code counted on its own

    @property
    def description(self) -> str:
        return _RULE_TITLES[self]


_RULE_TITLES = {
    Rule.CMS: "the CMS 8-minute rule (timed minutes pooled)",
    Rule.AMA: "the AMA rule (each timed code on its own)",
}


class MinutesPolicy(StrEnum):
    FLOOR = "floor"  # never bill time that was not spent
    NEAREST = "nearest"  # round half up


class TieBreak(StrEnum):
    FEE = "fee"  # the higher fee in the payer's fee schedule
    MINUTES = "minutes"  # more total minutes on the code
    FIRST_STARTED = "first_started"  # the code that was started (or listed) first


TIE_BREAK_WORDS = {
    TieBreak.FEE: "higher fee",
    TieBreak.MINUTES: "more minutes",
    TieBreak.FIRST_STARTED: "started first",
}

DEFAULT_TIE_BREAK = (TieBreak.FEE, TieBreak.MINUTES, TieBreak.FIRST_STARTED)
DISTINCT_SERVICE_MODIFIERS = ("59", "XE", "XS", "XP", "XU")
# The profile of the clinic's own prices: a visit with no payer is billed at the fees of the
# clinic's payer that follows it (one per clinic), under the CMS rule as it always was.
SELF_PAY = "Self-pay"
# Medicare's profile: MBIs as member IDs, the referring physician on every therapy claim
MEDICARE = "Medicare"


@dataclass(frozen=True, slots=True)
class PayerProfile:
    name: str
    rule: Rule
    minutes_policy: MinutesPolicy = MinutesPolicy.FLOOR
    tie_break: tuple[TieBreak, ...] = DEFAULT_TIE_BREAK
    print_zero_unit_lines: bool = True
    bundled_codes: frozenset[str] = frozenset()  # listed, never separately paid
    refused_codes: Mapping[str, str] = field(default_factory=dict)  # code -> the one to use
    requires_therapy_modifier: bool = True
    # Medicare's yearly therapy thresholds (year -> cents) above which lines need KX
    kx_thresholds_cents: Mapping[int, int] = field(default_factory=dict)
    # year -> cents: Medicare's targeted medical review amount, not a KX threshold
    medical_review_cents: Mapping[int, int] = field(default_factory=dict)
    assistant_modifiers: bool = False  # CQ/CO on an assistant's units (Medicare: yes)
    distinct_service_modifier: str = "59"  # or XU, XE, XS, XP when the payer wants those
    generic: bool = False  # a rule alone, no payer's habits
    # plan of care (billing/plan_of_care.py): None where the payer asks for none
    progress_report_every: int | None = None  # treatment days between progress reports
    certification_max_days: int | None = None  # longest plan-of-care certification period
    telehealth_modifier: str = "95"  # on telehealth lines with video
    audio_only_modifier: str = "93"  # on telehealth lines by telephone
    daily_unit_cap: int | None = None  # units a day the payer pays at most

    def tie_break_words(self) -> str:
        return ", then ".join(TIE_BREAK_WORDS[step] for step in self.tie_break)


def profile_for_rule(rule: Rule | str) -> PayerProfile:
    """A plain profile for a rule alone, with no payer's habits (bundling and so on)."""
    chosen = parse_rule(rule)
    return PayerProfile(name=f"{chosen.value.upper()} rule", rule=chosen, generic=True)


def parse_rule(value: Rule | str) -> Rule:
    try:
        return Rule(str(value).strip().lower())
    except ValueError:
        raise UserError(f"unknown rule '{value}'; use cms or ama") from None


def _parse_profile(entry: Mapping[str, Any]) -> PayerProfile:
    name = str(entry.get("name", "")).strip()
    if not name:
        raise CatalogError("payers.json: a profile has no name")
    where = f"payers.json profile '{name}'"
    tie_break = tuple(choice(TieBreak, step, where) for step in entry.get("tie_break", []))
    kx = _by_year(entry.get("kx_thresholds_cents", {}), where)
    review = _by_year(entry.get("medical_review_cents", {}), where)
    distinct = str(entry.get("distinct_service_modifier", "59"))
    if distinct not in DISTINCT_SERVICE_MODIFIERS:
        raise CatalogError(f"{where}: distinct_service_modifier must be one of 59, XE, XS, XP, XU")
    return PayerProfile(
        name=name,
        rule=choice(Rule, entry.get("rule"), where),
        minutes_policy=choice(MinutesPolicy, entry.get("minutes_policy", "floor"), where),
        tie_break=tie_break or DEFAULT_TIE_BREAK,
        print_zero_unit_lines=bool(entry.get("print_zero_unit_lines", True)),
        bundled_codes=frozenset(entry.get("bundled_codes", [])),
        refused_codes=dict(entry.get("refused_codes", {})),
        requires_therapy_modifier=bool(entry.get("requires_therapy_modifier", True)),
        kx_thresholds_cents=kx,
        medical_review_cents=review,
        assistant_modifiers=entry.get("assistant_modifiers", False) is True,
        distinct_service_modifier=distinct,
        progress_report_every=_count(entry, "progress_report_every", where),
        certification_max_days=_count(entry, "certification_max_days", where),
        telehealth_modifier=str(entry.get("telehealth_modifier", "95")),
        audio_only_modifier=str(entry.get("audio_only_modifier", "93")),
        daily_unit_cap=_count(entry, "daily_unit_cap", where),
    )


def _count(entry: Mapping[str, Any], key: str, where: str) -> int | None:
    """A whole number of 1 or more, or None when the profile leaves it out."""
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise CatalogError(f"{where}: {key} must be a whole number of 1 or more")
    return value


def _by_year(amounts: object, where: str) -> dict[int, int]:
    """{"2026": cents, ...} as {2026: cents}, every amount whole, non-negative cents."""
    if not isinstance(amounts, Mapping):
        raise CatalogError(f"{where}: amounts by year must be an object of year: cents")
    found = {}
    for year, cents in amounts.items():
        if not str(year).isdigit() or not isinstance(cents, int) or cents < 0:
            raise CatalogError(f"{where}: '{year}': {cents!r} is not a year with whole cents")
        found[int(year)] = cents
    return found


def parse_profiles(text: str) -> dict[str, PayerProfile]:
    profiles = [_parse_profile(entry) for entry in entries(text, "payers.json", "profiles")]
    return {profile.name: profile for profile in profiles}


@cache
def load_profiles() -> dict[str, PayerProfile]:
    """The shipped payer profiles by name (read once)."""
    return parse_profiles(read_text("payers.json"))


def find_profile(name: str) -> PayerProfile:
    """A shipped profile by name, ignoring case, or a UserError that lists them."""
    profiles = load_profiles()
    wanted = name.strip().casefold()
    for profile in profiles.values():
        if profile.name.casefold() == wanted:
            return profile
    known = ", ".join(f"'{n}'" for n in profiles)
    raise UserError(f"unknown payer '{name}'; known payers: {known}")
