"""Episodes of care and authorizations: the plan a physician certified, and what a payer
authorized under it.

An episode is one patient's treatment in one discipline under one certification: the
certifying physician (name, NPI), the period certified, the frequency and duration, the
diagnoses, the last progress report when it was written before the visits here (else the
visits say it), and the day of discharge. An authorization is a payer's letter: visits or
units over a date range, under an episode. Both are master data, kept at the front desk
(the clinic server) like patients; the rules that count with them are
`timer_app.billing.plan_of_care`, the service that says them `timer_app.clinic.plan_of_care`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from timer_app.billing import Discipline
from timer_app.records.model import Diagnosis

NO_ID = 0  # a record not stored yet


@dataclass(frozen=True, slots=True)
class Episode:
    """One patient's plan of care in one discipline, as the physician certified it."""

    id: int
    patient_id: int
    discipline: Discipline
    certified_on: date  # the first day of the certification period
    period_ends: date  # its last day
    physician: str = ""  # who certified the plan (name as printed)
    physician_npi: str = ""
    frequency: str = ""  # as written on the plan, e.g. "2x/week"
    duration_weeks: int | None = None
    diagnoses: tuple[Diagnosis, ...] = ()  # ICD-10-CM, in slot order
    last_progress_report: date | None = None  # typed when written elsewhere; else derived
    discharged_on: date | None = None

    def open_on(self, day: date) -> bool:
        """Certified on or before `day` and not discharged before it."""
        ended = self.discharged_on is not None and self.discharged_on < day
        return self.certified_on <= day and not ended


@dataclass(frozen=True, slots=True)
class Authorization:
    """A payer's authorization under an episode: visits and/or units over a date range."""

    id: int
    episode_id: int
    payer_id: int
    starts: date
    ends: date
    visits: int | None = None  # authorized; None: the letter counts units only
    units: int | None = None
    reference: str = ""  # the payer's authorization number

    def covers(self, day: date) -> bool:
        return self.starts <= day <= self.ends


def open_episode(episodes: Iterable[Episode], discipline: Discipline, on: date) -> Episode | None:
    """The episode a visit on `on` belongs to: the patient's newest episode of that
    discipline, not discharged, whose certification starts on or before the day."""
    found = [
        e for e in episodes
        if e.discipline == discipline and e.discharged_on is None and e.certified_on <= on
    ]  # fmt: skip
    return max(found, key=lambda e: (e.certified_on, e.id), default=None)


# --- as stored: the same plain values on every store, in the outbox and master data ----------

EPISODE_FIELDS = ("discipline", "certified_on", "period_ends", "physician", "physician_npi",
                  "frequency", "duration_weeks", "last_progress_report",
                  "discharged_on")  # fmt: skip
AUTHORIZATION_FIELDS = ("starts", "ends", "visits", "units", "reference")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _day_from(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def episode_values(episode: Episode) -> dict[str, Any]:
    """The episode's own columns as text and integers (dates ISO), diagnoses apart."""
    return {
        "discipline": episode.discipline.value, "certified_on": episode.certified_on.isoformat(),
        "period_ends": episode.period_ends.isoformat(), "physician": episode.physician,
        "physician_npi": episode.physician_npi, "frequency": episode.frequency,
        "duration_weeks": episode.duration_weeks,
        "last_progress_report": _day(episode.last_progress_report),
        "discharged_on": _day(episode.discharged_on),
    }  # fmt: skip


def episode_from(
    key: int, patient_id: int, values: Mapping[str, Any], diagnoses: Iterable[Diagnosis] = ()
) -> Episode:
    """An episode read back from a row or a payload; a key missing (an older payload) is
    the empty value."""
    certified = _day_from(values["certified_on"])
    ends = _day_from(values["period_ends"])
    assert certified is not None and ends is not None
    weeks = values.get("duration_weeks")
    return Episode(
        key, patient_id, Discipline(values["discipline"]), certified, ends,
        physician=values.get("physician") or "", physician_npi=values.get("physician_npi") or "",
        frequency=values.get("frequency") or "",
        duration_weeks=None if weeks is None else int(weeks), diagnoses=tuple(diagnoses),
        last_progress_report=_day_from(values.get("last_progress_report")),
        discharged_on=_day_from(values.get("discharged_on")),
    )  # fmt: skip


def authorization_values(authorization: Authorization) -> dict[str, Any]:
    return {
        "starts": authorization.starts.isoformat(), "ends": authorization.ends.isoformat(),
        "visits": authorization.visits, "units": authorization.units,
        "reference": authorization.reference,
    }  # fmt: skip


def authorization_from(
    key: int, episode_id: int, payer_id: int, values: Mapping[str, Any]
) -> Authorization:
    starts, ends = _day_from(values["starts"]), _day_from(values["ends"])
    assert starts is not None and ends is not None
    visits, units = values.get("visits"), values.get("units")
    return Authorization(
        key, episode_id, payer_id, starts, ends,
        visits=None if visits is None else int(visits),
        units=None if units is None else int(units), reference=values.get("reference") or "",
    )  # fmt: skip


def episode_order(episode: Episode) -> tuple[int, int]:
    """Newest certification first, as every store lists a patient's episodes."""
    return (-episode.certified_on.toordinal(), -episode.id)


def authorization_order(authorization: Authorization) -> tuple[int, int]:
    """Newest first."""
    return (-authorization.starts.toordinal(), -authorization.id)
