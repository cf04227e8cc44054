"""Plan of care, progress reports, authorizations: the dates and counts a payer pays under.

Medicare pays outpatient therapy only under a plan of care a physician certifies for at most
90 calendar days (Medicare Benefit Policy Manual ch. 15 s.220.1.2-220.1.3), with a progress
report at least once every 10 treatment days (s.220.3.D); commercial payers authorize a
number of visits or units over a date range. The numbers come from the payer's profile; these
functions only count and say what they found, in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from timer_app.dates import show_date

REMIND_DAYS = 7  # a recertification is shown as due this many days before the period ends


def day_words(day: date) -> str:
    return show_date(day)


class Urgency(StrEnum):
    NOTE = "note"  # to know, nothing to do yet (an authorization's visits used and left)
    DUE = "due"  # still in time: do it now or soon
    OVERDUE = "overdue"  # past the limit: visits may not be paid


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing to do, said in words (the screen adds its colour, never colour alone)."""

    urgency: Urgency
    words: str

    @property
    def overdue(self) -> bool:
        return self.urgency is Urgency.OVERDUE


# --- certification --------------------------------------------------------------------------


def period_days(certified_on: date, period_ends: date) -> int:
    """Calendar days of a certification period, both ends counted (a period from the 1st to
    the 1st is one day)."""
    return (period_ends - certified_on).days + 1


def certification_problem(
    certified_on: date, period_ends: date, max_days: int | None, payer_name: str = "This payer"
) -> str | None:
    """What is wrong with a certification period, or None."""
    if period_ends < certified_on:
        return (
            f"The certification period ends on {day_words(period_ends)}, before it starts on "
            f"{day_words(certified_on)}: check the two dates"
        )
    length = period_days(certified_on, period_ends)
    if max_days is not None and length > max_days:
        last = date.fromordinal(certified_on.toordinal() + max_days - 1)
        return (
            f"{payer_name} certifies a plan of care for at most {max_days} days; this period "
            f"is {length} days: end it on or before {day_words(last)}"
        )
    return None


def recertification_reminder(period_ends: date, on: date) -> Reminder | None:
    """Due within REMIND_DAYS of the period's end; overdue after it."""
    left = (period_ends - on).days
    if left < 0:
        return Reminder(
            Urgency.OVERDUE,
            f"Recertification overdue: the plan of care ended on {day_words(period_ends)} "
            f"({-left} {_days(-left)} ago); have the physician recertify it",
        )
    if left <= REMIND_DAYS:
        when = "today" if left == 0 else f"in {left} {_days(left)}"
        return Reminder(
            Urgency.DUE,
            f"Recertification due: the plan of care ends on {day_words(period_ends)} ({when})",
        )
    return None


def _days(count: int) -> str:
    return "day" if count == 1 else "days"


# --- progress reports -----------------------------------------------------------------------


def treatment_day_number(
    treatment_days: Iterable[date], last_report: date | None, today: date
) -> int:
    """Which treatment day since the last progress report `today` is: the distinct days
    treated after the report's day, today included (the report's own day ends a period)."""
    counted = {d for d in treatment_days if last_report is None or d > last_report}
    counted.add(today)
    return sum(1 for d in counted if d <= today)


def progress_reminder(day_number: int, every: int | None) -> Reminder | None:
    """The `every`th treatment day: a progress report is due at this visit; past it: overdue.
    `every` None: this payer asks for none."""
    if every is None or day_number < every:
        return None
    if day_number == every:
        return Reminder(
            Urgency.DUE,
            f"Progress report due at this visit: treatment day {day_number} of {every} since "
            "the last report",
        )
    return Reminder(
        Urgency.OVERDUE,
        f"Progress report overdue: treatment day {day_number}; one was due by day {every} "
        "since the last report",
    )


def resets_progress_count(codes: Iterable[str], evaluation_codes: Iterable[str]) -> bool:
    """An evaluation or re-evaluation billed in a visit counts as its progress report."""
    return not set(codes).isdisjoint(evaluation_codes)


# --- authorizations -------------------------------------------------------------------------


def authorization_problem(
    starts: date, ends: date, visits: int | None, units: int | None
) -> str | None:
    """What is wrong with an authorization as typed, or None."""
    if ends < starts:
        return (
            f"The authorization ends on {day_words(ends)}, before it starts on "
            f"{day_words(starts)}: check the two dates"
        )
    if visits is None and units is None:
        return "Say how many visits or units were authorized (from the payer's letter)"
    for count, what in ((visits, "visits"), (units, "units")):
        if count is not None and count < 1:
            return f"Authorized {what} must be 1 or more; leave it empty if none were given"
    return None


@dataclass(frozen=True, slots=True)
class AuthorizationUse:
    """How much of an authorization is used, on a given day."""

    starts: date
    ends: date
    visits: int | None  # authorized
    units: int | None
    used_visits: int
    used_units: int

    @property
    def visits_left(self) -> int | None:
        return None if self.visits is None else self.visits - self.used_visits

    @property
    def units_left(self) -> int | None:
        return None if self.units is None else self.units - self.used_units

    def summary(self) -> str:
        """'5 of 12 visits used, 7 left; until 01/31/2027'."""
        parts = [
            f"{used} of {allowed} {what} used, {max(allowed - used, 0)} left"
            for allowed, used, what in (
                (self.visits, self.used_visits, "visits"),
                (self.units, self.used_units, "units"),
            )
            if allowed is not None
        ]
        return f"Authorization: {'; '.join(parts)}; until {day_words(self.ends)}"

    def reminder(self, on: date) -> Reminder | None:
        """Expired, not started, exceeded or used up on `on`; else None."""
        if on > self.ends:
            return Reminder(
                Urgency.OVERDUE,
                f"Authorization expired on {day_words(self.ends)}: ask the payer for a new one",
            )
        if on < self.starts:
            return Reminder(
                Urgency.OVERDUE,
                f"Authorization starts only on {day_words(self.starts)}: this visit is outside it",
            )
        over = [
            f"{-left} {what} over"
            for left, what in ((self.visits_left, "visits"), (self.units_left, "units"))
            if left is not None and left < 0
        ]
        if over:
            return Reminder(
                Urgency.OVERDUE,
                f"Authorization exceeded ({', '.join(over)}): ask the payer for more",
            )
        if 0 in (self.visits_left, self.units_left):
            return Reminder(Urgency.DUE, f"Authorization used up: {self.summary()}")
        return None


# --- place of service -----------------------------------------------------------------------


class PlaceOfService(StrEnum):
    OFFICE = "11"
    TELEHEALTH = "02"  # telehealth, the patient not at home
    TELEHEALTH_HOME = "10"  # telehealth in the patient's home
    HOME = "12"

    @property
    def words(self) -> str:
        return _PLACE_WORDS[self]

    @property
    def telehealth(self) -> bool:
        return self in (PlaceOfService.TELEHEALTH, PlaceOfService.TELEHEALTH_HOME)


_PLACE_WORDS = {
    PlaceOfService.OFFICE: "Office",
    PlaceOfService.TELEHEALTH: "Telehealth (not in the patient's home)",
    PlaceOfService.TELEHEALTH_HOME: "Telehealth in the patient's home",
    PlaceOfService.HOME: "Home",
}


def telehealth_modifier(
    place: PlaceOfService, audio_only: bool, video_modifier: str, audio_modifier: str
) -> str | None:
    """The modifier a telehealth line carries (95 with video, 93 audio-only, as the payer's
    profile says); None in person."""
    if not place.telehealth:
        return None
    return audio_modifier if audio_only else video_modifier


def daily_cap_warning(payer_name: str, units: int, cap: int | None) -> str | None:
    if cap is None or units <= cap:
        return None
    return (
        f"{payer_name} pays at most {cap} units a day; this visit bills {units}: "
        "the payer may deny the units over its cap"
    )
