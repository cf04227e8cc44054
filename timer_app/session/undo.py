"""The changes that take a command back, for the store to write like any other batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from timer_app.session.edits import VisitDay
from timer_app.session.model import (
    Change,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalRecovered,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)


def _inverse(change: Change, status_before: VisitStatus) -> Change:
    match change:
        case IntervalStarted(interval):
            return IntervalRemoved(interval)
        case IntervalEnded(interval):
            return IntervalReopened(replace(interval, end=None, duration_ms=0))
        case IntervalEdited(before, after, reason) | IntervalRecovered(before, after, reason):
            return IntervalEdited(after, before, f"undo of: {reason}")
        case VisitStatusChanged(visit_id, _):
            return VisitStatusChanged(visit_id, status_before)
        case IntervalRemoved(interval):
            return IntervalStarted(interval)
        case IntervalReopened(interval):
            raise AssertionError(f"a command never reopens {interval.id}; only undo does")


def inverse(changes: Sequence[Change], status_before: VisitStatus) -> tuple[Change, ...]:
    """The changes that undo `changes`, last first."""
    return tuple(_inverse(change, status_before) for change in reversed(changes))


# --- what an undo did, in the therapist's words ---------------------------------------------


def _codes(intervals: Sequence[Interval]) -> str:
    codes = list(dict.fromkeys(i.code for i in intervals))
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} and {codes[-1]}"


def _runs(intervals: Sequence[Interval]) -> str:
    many = len({i.code for i in intervals}) > 1
    return f"{_codes(intervals)} {'run' if many else 'runs'} again"


def _since(seconds: int, billed: bool = True) -> str:
    """'the 4 minutes since then are billed' (or 'are not billed')."""
    phrase = (
        f"the {seconds // 60} minutes since then are" if seconds >= 120
        else "the minute since then is" if seconds >= 60
        else f"the {seconds} seconds since then are"
    )  # fmt: skip
    return f"{phrase} {'billed' if billed else 'not billed'}"


def _billed_again(ended: Sequence[Interval], now: datetime, as_code: bool = False) -> str:
    """The codes a stop's undo runs again, and the break now billed with them."""
    latest = max(i.end or now for i in ended)
    seconds = max(int((now - latest).total_seconds()), 0)
    if not seconds:
        return _runs(ended)
    billed = f"{_since(seconds)} as {_codes(ended)}" if as_code else _since(seconds)
    return f"{_runs(ended)}; {billed}"


def _span(day: VisitDay, interval: Interval) -> str:
    end = day.clock_time(interval.end) if interval.end else "running"
    return f"{day.clock_time(interval.start)}–{end}"


def undo_words(
    changes: Sequence[Change],
    *,
    paused_before: Sequence[str],
    paused_after: Sequence[str],
    day: VisitDay,
    now: datetime,
) -> str:
    """What the undo of a command's `changes` takes back and what follows from it, e.g.
    "Undone: paused 97110 at 10:42 (97110 runs again; the 4 minutes since then are
    billed)". `paused_*` are the codes `resume` would restart before and after the command;
    `now` is the moment of the undo (UTC)."""
    ended = [c.interval for c in changes if isinstance(c, IntervalEnded)]
    status = next((c.status for c in changes if isinstance(c, VisitStatusChanged)), None)
    if status is VisitStatus.FINISHED:
        if not ended:
            return "Undone: ended the visit (it is open again)."
        at = day.clock_time(ended[0].end or now)
        return f"Undone: ended the visit at {at} (it is open again; {_billed_again(ended, now)})."
    if status is VisitStatus.OPEN:
        return "Undone: reopened the visit (it is finished again)."
    fixed = _fix_words(changes, day)
    if fixed:
        return fixed
    started = [c.interval for c in changes if isinstance(c, IntervalStarted)]
    pauses = (bool(paused_before), bool(paused_after))
    return _timing_words(started, ended, pauses, day, now)


def _fix_words(changes: Sequence[Change], day: VisitDay) -> str:
    edits = [c for c in changes if isinstance(c, IntervalEdited)]
    if len(edits) > 1:  # several intervals given another code in one step
        codes = _codes([e.after for e in edits])
        return (
            f"Undone: {len(edits)} intervals changed to {codes} (back to "
            f"{_codes([e.before for e in edits])})."
        )
    for change in changes:
        if isinstance(change, IntervalRecovered):
            return (
                f"Undone: the answer about {change.before.code} left running when the program "
                f"stopped ({_span(day, change.before)} again)."
            )
        if isinstance(change, IntervalEdited):
            return (
                f"Undone: the fix of {change.before.code} (back to {change.before.code} "
                f"{_span(day, change.before)})."
            )
    return ""


def _timing_words(
    started: Sequence[Interval], ended: Sequence[Interval], pauses: tuple[bool, bool],
    day: VisitDay,
    now: datetime,
) -> str:  # fmt: skip
    """A start, a stop, a switch, a pause or a resume taken back; `pauses`: whether
    something was paused before and after the command."""
    if started and not ended:
        at = day.clock_time(started[0].start)
        seconds = max(int((now - started[0].start).total_seconds()), 0)
        if pauses == (True, False):
            since = _since(seconds, billed=False)
            return f"Undone: resumed {_codes(started)} at {at} (paused again; {since})."
        return f"Undone: started {_codes(started)} at {at} (taken off: nothing of it is billed)."
    if started:
        at = day.clock_time(started[0].start)
        if {i.code for i in started} == {i.code for i in ended}:
            return f"Undone: took over {_codes(started)} at {at} ({_billed_again(ended, now)})."
        return (
            f"Undone: started {_codes(started)} at {at} ({_codes(started)} taken off; "
            f"{_billed_again(ended, now, as_code=True)})."
        )
    if ended:
        verb = "paused" if pauses[1] else "stopped"
        at = day.clock_time(ended[0].end or now)
        return f"Undone: {verb} {_codes(ended)} at {at} ({_billed_again(ended, now)})."
    return "Undone."
