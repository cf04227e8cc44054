"""When a hand edit of an interval is refused, and the words that say why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from timer_app.billing.catalog import Catalog
from timer_app.session.errors import TimerError
from timer_app.session.model import Interval
from timer_app.session.rules import cannot_share_time, overlaps


@dataclass(frozen=True, slots=True)
class VisitDay:
    """The visit's local day: edits must keep an interval inside it."""

    day: date
    tz: tzinfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.day, time(0), tzinfo=self.tz)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.day + timedelta(days=1), time(0), tzinfo=self.tz)

    def clock_time(self, moment: datetime) -> str:
        """A wall time as the therapist reads it: local hours and minutes."""
        return moment.astimezone(self.tz).strftime("%H:%M")

    def aware(self, moment: datetime) -> datetime:
        """A time the user typed without a zone is a time on the visit's wall clock."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            return moment.replace(tzinfo=self.tz)
        return moment


def check_reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise TimerError("Give a reason for the change: it is kept in the visit's history.")
    return cleaned


def _check_times(after: Interval, now: datetime, day: VisitDay) -> None:
    start, end = after.start, after.end
    if end is not None and end <= start:
        raise TimerError(
            f"The end ({day.clock_time(end)}) must be after the start "
            f"({day.clock_time(start)}); correct one of them."
        )
    if start > now or (end is not None and end > now):
        raise TimerError(
            f"{day.clock_time(end if end is not None and end > now else start)} is in the "
            f"future; an interval can only cover time that has passed."
        )
    if start < day.start or (end or now) > day.end:
        raise TimerError(
            f"The interval must stay within the visit's day ({day.day.isoformat()}); "
            f"record time on another day in that day's visit."
        )


def _clash_words(after: Interval, other: Interval, catalog: Catalog, span: str) -> str:
    if catalog[after.code].is_group or catalog[other.code].is_group:
        return (
            f"{after.code} would overlap {other.code} ({span}): group and one-on-one time "
            f"cannot share the same minutes. Move one of them."
        )
    return (
        f"{after.code} would overlap {other.code} ({span}) by the same clinician: one-on-one "
        f"time runs one code at a time. Move one of them."
    )


def check_edit(
    after: Interval, others: Iterable[Interval], now: datetime, day: VisitDay, catalog: Catalog
) -> None:
    """Raise TimerError when `after` cannot replace its interval among `others`."""
    _check_times(after, now, day)
    code = catalog[after.code]
    for other in others:
        if after.running and other.running and other.code == after.code:
            raise TimerError(f"{after.code} is already running; stop it first.")
        other_end = other.end or now
        clash = cannot_share_time(code, after.clinician_id, catalog[other.code], other.clinician_id)
        # Two running intervals share the minutes to come, even if neither has a second yet.
        both_running = after.running and other.running
        if clash and (
            both_running or overlaps(after.start, after.end or now, other.start, other_end)
        ):
            span = f"{day.clock_time(other.start)}–{day.clock_time(other_end)}"
            raise TimerError(_clash_words(after, other, catalog, span))
