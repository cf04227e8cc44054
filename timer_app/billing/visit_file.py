"""A visit file: one visit's intervals as JSON, billed without the program's database.

    {"payer": "Medicare", "discipline": "PT", "date": "2026-03-02",
     "year_to_date_cents": 0, "other_providers_cents": 0, "fees": {"97110": 3150},
     "intervals": [{"code": "97110", "start": "09:00", "end": "09:23",
                    "clinician": "PTA", "id": "b"}]}

`payer` is a shipped payer profile; `rule` (cms / ama) may stand instead. Everything but
the intervals is optional. `clinician` is a role (PT, PTA, OT, COTA or OTA, SLP, SLPA);
`id` tells two clinicians of one role apart. Times are HH:MM or HH:MM:SS on the visit's
date. `place_of_service` (11 office by default, 02 or 10 telehealth, 12 home) and
`audio_only` (telehealth by telephone) put the payer's 95 or 93 on every line. Anything
wrong is refused in one line that says what to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from timer_app.billing.bill import bill_visit
from timer_app.billing.catalog import Catalog, Discipline, load_catalog
from timer_app.billing.kx import YearToDate
from timer_app.billing.plan_of_care import PlaceOfService
from timer_app.billing.profiles import PayerProfile, find_profile, profile_for_rule
from timer_app.billing.result import TimedInterval, VisitBilling
from timer_app.errors import UserError

ROLES = {"PT": False, "OT": False, "SLP": False, "PTA": True, "COTA": True, "OTA": True,
         "SLPA": True}  # fmt: skip  # role -> an assistant
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?", re.ASCII)
KNOWN = {"payer", "rule", "discipline", "date", "year_to_date_cents", "other_providers_cents",
         "fees", "intervals", "place_of_service", "audio_only"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class VisitFile:
    profile: PayerProfile
    discipline: Discipline | None
    on: date
    intervals: tuple[TimedInterval, ...]
    fees: dict[str, int] | None
    year_to_date: YearToDate | None
    place_of_service: str = PlaceOfService.OFFICE.value
    audio_only: bool = False

    def code_seconds(self) -> list[tuple[str, int]]:
        return [(i.code, int((i.end - i.start).total_seconds())) for i in self.intervals]

    def bill(self, catalog: Catalog | None = None) -> VisitBilling:
        return bill_visit(
            self.code_seconds(), self.profile, self.discipline, catalog=catalog,
            intervals=self.intervals, fees=self.fees, year_to_date=self.year_to_date,
            on=self.on, place_of_service=self.place_of_service, audio_only=self.audio_only,
        )  # fmt: skip


def parse_visit_file(text: str, today: date, catalog: Catalog | None = None) -> VisitFile:
    """A visit file's contents, checked (UserError with one line for anything wrong)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"the visit file is not JSON: {error.msg} (line {error.lineno})") from None
    if not isinstance(document, dict):
        raise UserError('the visit file must hold one JSON object: {"payer": ..., ...}')
    unknown = sorted(set(document) - KNOWN)
    if unknown:
        raise UserError(f"unknown field '{unknown[0]}'; the fields are {', '.join(sorted(KNOWN))}")
    on = _date(document.get("date"), today)
    profile = _profile(document)
    intervals = tuple(
        _interval(entry, n, on, catalog or load_catalog())
        for n, entry in enumerate(_list(document.get("intervals")), start=1)
    )
    return VisitFile(
        profile=profile,
        discipline=_discipline(document.get("discipline")),
        on=on,
        intervals=intervals,
        fees=_fees(document.get("fees")),
        year_to_date=_year_to_date(document, profile, on),
        **_place(document),
    )


def _place(document: Mapping[str, Any]) -> dict[str, Any]:
    place = document.get("place_of_service", PlaceOfService.OFFICE.value)
    known = [p.value for p in PlaceOfService]
    if place not in known:
        raise UserError(f"place_of_service must be one of {', '.join(known)} (as text)")
    audio = document.get("audio_only", False)
    if not isinstance(audio, bool):
        raise UserError("audio_only must be true or false")
    if audio and not PlaceOfService(place).telehealth:
        raise UserError("audio_only is for telehealth: give place_of_service 02 or 10 with it")
    return {"place_of_service": place, "audio_only": audio}


def _profile(document: Mapping[str, Any]) -> PayerProfile:
    payer, rule = document.get("payer"), document.get("rule")
    if payer is not None and rule is not None:
        raise UserError("give 'payer' or 'rule', not both")
    if payer is not None:
        return find_profile(str(payer))
    return profile_for_rule(str(rule or "cms"))


def _date(value: object, today: date) -> date:
    if value is None:
        return today
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise UserError(f"date '{value}' is not a date; write it as YYYY-MM-DD") from None


def _discipline(value: object) -> Discipline | None:
    if value is None:
        return None
    try:
        return Discipline(str(value).strip().upper())
    except ValueError:
        raise UserError(f"unknown discipline '{value}'; use PT, OT or SLP") from None


def _list(value: object) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise UserError("'intervals' must list at least one interval: code, start, end, clinician")
    return value


def _interval(entry: object, number: int, on: date, catalog: Catalog) -> TimedInterval:
    where = f"interval {number}"
    if not isinstance(entry, dict):
        raise UserError(f"{where} must be an object with code, start, end and clinician")
    code = catalog.lookup(str(entry.get("code", ""))).code
    start, end = _moment(entry.get("start"), on, where), _moment(entry.get("end"), on, where)
    if end <= start:
        raise UserError(f"{where} ({code}) ends at {entry.get('end')}, before it starts")
    role = str(entry.get("clinician", "PT")).strip().upper()
    if role not in ROLES:
        raise UserError(f"{where}: unknown role '{role}'; use one of {', '.join(ROLES)}")
    who = f"{role}-{entry.get('id', '')}"
    return TimedInterval(code, start, end, ROLES[role], who)


def _moment(value: object, on: date, where: str) -> datetime:
    found = _TIME.fullmatch(str(value if value is not None else "").strip())
    if found is None:
        raise UserError(f"{where}: time '{value}' is not HH:MM or HH:MM:SS")
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    if hours > 23 or minutes > 59 or seconds > 59:
        raise UserError(f"{where}: time '{value}' is not a time of day")
    return datetime.combine(on, time(hours, minutes, seconds), tzinfo=UTC)


def _fees(value: object) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(_cents(v) for v in value.values()):
        raise UserError("'fees' must map each code to whole cents, e.g. {\"97110\": 3150}")
    return {str(code).strip().upper(): int(cents) for code, cents in value.items()}


def _cents(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _year_to_date(
    document: Mapping[str, Any], profile: PayerProfile, on: date
) -> YearToDate | None:
    here = document.get("year_to_date_cents", 0)
    elsewhere = document.get("other_providers_cents", 0)
    if not (_cents(here) and _cents(elsewhere)):
        raise UserError("year_to_date_cents and other_providers_cents are whole cents, 0 or more")
    if not profile.kx_thresholds_cents:
        return None
    return YearToDate(on.year, here, elsewhere)
