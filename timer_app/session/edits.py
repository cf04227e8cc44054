"""When a hand edit of an interval is refused, and the words that say why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import product

from timer_app.billing.catalog import Catalog
from timer_app.local_zone import instants_at, wall_clock
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
        """A wall time as the therapist reads it: local hours and minutes (with the offset's
        name in the hour the clocks repeat)."""
        return wall_clock(moment, self.tz)

    def aware(self, moment: datetime) -> datetime:
        """A time the user typed without a zone is a time on the visit's wall clock: in the
        hour the clocks repeat, `fold` picks the occurrence (0 the first); a time in the hour
        they skip is refused. A time in the visit's zone is checked the same way."""
        if moment.tzinfo is None or moment.utcoffset() is None or moment.tzinfo is self.tz:
            wall = moment.replace(tzinfo=None)
            found = instants_at(wall.date(), wall.time(), self.tz)
            if not found:
                raise TimerError(skipped_words(wall.date(), wall.time(), self.tz))
            return found[min(moment.fold, len(found) - 1)]
        return moment

    def instants(self, wall: time) -> tuple[datetime, ...]:
        """When the visit's wall clock reads `wall` on its day (UTC; two in a repeated hour);
        a time in the hour the clocks skip is refused in words."""
        found = instants_at(self.day, wall, self.tz)
        if not found:
            raise TimerError(skipped_words(self.day, wall, self.tz))
        return found


def _hhmm(wall: time) -> str:
    return wall.strftime("%H:%M:%S" if wall.second else "%H:%M")


def skipped_words(day: date, wall: time, tz: tzinfo) -> str:
    """Why a time in the hour the clocks skip is refused, and what to type instead."""
    after = datetime.combine(day, wall.replace(tzinfo=None, fold=0), tzinfo=tz)
    instead = after.astimezone(UTC).astimezone(tz).time()  # the same instant, after the jump
    return (
        f"{_hhmm(wall)} does not exist on {day.isoformat()}: clocks went forward; "
        f"type {_hhmm(instead)}."
    )


@dataclass(frozen=True, slots=True)
class TypedTimes:
    """An interval's typed wall times as instants (None: left as it was), and the words
    saying which occurrence a time in the repeated hour was taken as."""

    start: datetime | None
    end: datetime | None
    notes: tuple[str, ...] = ()


def typed_times(
    day: VisitDay, interval: Interval, start: time | None, end: time | None
) -> TypedTimes:
    """Read the start and end typed on the visit's wall clock (None: not changed).

    A time in the hour the clocks skip is refused. A time in the hour they repeat has two
    instants: the pair that keeps the interval's length positive and lies closest to the
    interval as it was is taken (a tie: the first occurrence), and a note says which.
    """
    starts = day.instants(start) if start is not None else (interval.start,)
    ends = day.instants(end) if end is not None else (interval.end,)

    def cost(pair: tuple[datetime, datetime | None]) -> tuple[bool, timedelta]:
        new_start, new_end = pair
        moved = abs(new_start - interval.start)
        if new_end is None or interval.end is None:
            return False, moved
        return new_end <= new_start, moved + abs(new_end - interval.end)

    new_start, new_end = min(product(starts, ends), key=cost)  # min keeps the first of a tie
    notes = tuple(
        _taken_words(day, typed, found, taken)
        for typed, found, taken in ((start, starts, new_start), (end, ends, new_end))
        if typed is not None and taken is not None and len(found) > 1
    )
    return TypedTimes(
        None if start is None else new_start, None if end is None else new_end, notes
    )


def _taken_words(day: VisitDay, typed: time, found: tuple[datetime, ...], taken: datetime) -> str:
    which = "first (before" if taken == found[0] else "second (after"
    zone = taken.astimezone(day.tz).tzname()
    return (
        f"{_hhmm(typed)} happens twice on {day.day.isoformat()}: taken as the {which} the "
        f"clocks went back), {_hhmm(typed)} {zone}."
    )


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
