"""One visit's stopwatches: the commands a therapist gives and the changes they make.

Every command checks first and changes second, so a refused command changes nothing. Each
returns the changes the store writes in one transaction; `apply_change` is the same replay
the store does, so the engine and the database cannot drift apart.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from timer_app.billing.catalog import Catalog, Code, Discipline, load_catalog
from timer_app.billing.profiles import PayerProfile
from timer_app.errors import UserError
from timer_app.session.clock import Clock
from timer_app.session.edits import VisitDay, check_edit, check_reason
from timer_app.session.errors import TimerError, VisitLockedError
from timer_app.session.figures import BillingMemo, Moment, VisitSnapshot, build_snapshot
from timer_app.session.model import (
    Change,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.session.recovery import RecoveredInterval, ended_at_heartbeat, recover
from timer_app.session.recovery import keep_running as keep_running_changes
from timer_app.session.rules import conflicts, ms_between
from timer_app.session.undo import inverse

Paused = tuple[tuple[str, int], ...]  # (code, clinician) pairs that `resume` restarts


def apply_change(intervals: dict[str, Interval], change: Change) -> None:
    """Replay one change onto intervals by id: what the store does to its table."""
    match change:
        case IntervalStarted(interval) | IntervalEnded(interval) | IntervalReopened(interval):
            intervals[interval.id] = interval
        case IntervalEdited(_, after, _):
            intervals[after.id] = after
        case IntervalRemoved(interval):
            del intervals[interval.id]
        case VisitStatusChanged():
            pass  # the visit row, not an interval


@dataclass(frozen=True, slots=True)
class _Saved:
    """Everything a command may change, so that undo puts it back exactly."""

    intervals: tuple[Interval, ...]
    basis: tuple[tuple[str, int], ...]
    paused: Paused
    status: VisitStatus


@dataclass(frozen=True, slots=True)
class _Step:
    changes: tuple[Change, ...]
    before: _Saved


class VisitTimer:
    """The timer of one visit. Not thread-safe: the UI thread owns it."""

    def __init__(
        self,
        *,
        visit_id: int,
        clinician_id: int,
        visit_date: date,
        tz: tzinfo,
        profile: PayerProfile,
        discipline: Discipline,
        clock: Clock,
        catalog: Catalog | None = None,
        intervals: Iterable[Interval] = (),
        status: VisitStatus = VisitStatus.OPEN,
        fees: Mapping[str, int] | None = None,
    ) -> None:
        self.visit_id = visit_id
        self.clinician_id = clinician_id
        self.day = VisitDay(visit_date, tz)
        self.profile = profile
        self.discipline = discipline
        self.catalog = catalog or load_catalog()
        self._clock = clock
        self._memo = BillingMemo(profile, discipline, self.catalog, fees)
        self._last = Moment(_utc(clock.now()), _mono_ms(clock))
        self._intervals: dict[str, Interval] = {}
        self._basis: dict[str, int] = {}  # running interval id -> monotonic ms at its zero
        self._paused: Paused = ()
        self._status = status
        self._undo: list[_Step] = []
        self._restore_stored(intervals)

    def _restore_stored(self, intervals: Iterable[Interval]) -> None:
        for interval in sorted(intervals, key=lambda i: i.start):
            if interval.visit_id != self.visit_id:
                raise TimerError(
                    f"interval {interval.id} belongs to visit {interval.visit_id}, "
                    f"not to visit {self.visit_id}"
                )
            self._intervals[interval.id] = interval
            if interval.running:  # no monotonic reading survived: count from its wall start
                since_start = ms_between(interval.start, self._last.wall)
                self._basis[interval.id] = self._last.mono_ms - since_start

    # --- reading -------------------------------------------------------------------------

    @property
    def status(self) -> VisitStatus:
        return self._status

    @property
    def intervals(self) -> tuple[Interval, ...]:
        """Every interval, in the order it was recorded."""
        return tuple(self._intervals.values())

    @property
    def running(self) -> tuple[Interval, ...]:
        return tuple(i for i in self._intervals.values() if i.running)

    @property
    def paused(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self._paused)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self._locked

    def now(self) -> datetime:
        """The timer's wall time now (UTC), never earlier than its last command."""
        return self._peek().wall

    def interval(self, interval_id: str) -> Interval:
        found = self._intervals.get(interval_id)
        if found is None:
            raise TimerError(f"no interval {interval_id} in this visit; reload the visit.")
        return found

    def elapsed_ms(self, interval: Interval, at: Moment | None = None) -> int:
        """Milliseconds an interval covers, measured on the monotonic clock while it runs."""
        if not interval.running:
            return interval.duration_ms
        mono_ms = (at or self._peek()).mono_ms
        return max(mono_ms - self._basis[interval.id], 0)

    def snapshot(self) -> VisitSnapshot:
        """The live figures now: cheap enough to ask every second for every tile."""
        moment = self._peek()
        intervals = self.intervals
        return build_snapshot(
            visit_id=self.visit_id,
            status=self._status,
            moment=moment,
            intervals=intervals,
            elapsed_ms={i.id: self.elapsed_ms(i, moment) for i in intervals},
            paused=self.paused,
            can_undo=self.can_undo,
            catalog=self.catalog,
            profile=self.profile,
            memo=self._memo,
        )

    # --- timing commands -----------------------------------------------------------------

    def start(self, code: str, clinician_id: int | None = None) -> tuple[Change, ...]:
        """Start timing `code`; codes that may not share its minutes stop first."""
        self._require_timing()
        found = self._code(code)
        clinician = self.clinician_id if clinician_id is None else clinician_id
        if self._running_interval(found.code) is not None:
            raise TimerError(f"{found.code} is already running; tap its tile to stop it.")
        moment, before = self._read_clock(), self._save()
        stopping = conflicts(found, clinician, self.running, self.catalog)
        changes: list[Change] = [IntervalEnded(self._end(i, moment)) for i in stopping]
        changes.append(IntervalStarted(self._begin(found.code, clinician, moment)))
        self._paused = ()  # the therapist moved on: resume no longer applies
        return self._commit(changes, before)

    def stop(self, code: str) -> tuple[Change, ...]:
        self._require_timing()
        found = self._code(code)
        interval = self._running_interval(found.code)
        if interval is None:
            raise TimerError(f"{found.code} is not running, so there is nothing to stop.")
        moment, before = self._read_clock(), self._save()
        return self._commit([IntervalEnded(self._end(interval, moment))], before)

    def toggle(self, code: str, clinician_id: int | None = None) -> tuple[Change, ...]:
        """What a tile tap does: stop the code if it runs, else start it."""
        self._require_timing()
        if self._running_interval(self._code(code).code) is not None:
            return self.stop(code)
        return self.start(code, clinician_id)

    def pause_all(self) -> tuple[Change, ...]:
        """Stop everything that runs; `resume` restarts the same codes."""
        self._require_timing()
        running = self.running
        if not running:
            raise TimerError("Nothing is running, so there is nothing to pause.")
        moment, before = self._read_clock(), self._save()
        changes = [IntervalEnded(self._end(i, moment)) for i in running]
        self._paused = tuple((i.code, i.clinician_id) for i in running)
        return self._commit(changes, before)

    def resume(self) -> tuple[Change, ...]:
        """Restart what `pause_all` stopped, each as a new interval."""
        self._require_timing()
        if not self._paused:
            raise TimerError("Nothing is paused; tap a code to start it.")
        moment, before = self._read_clock(), self._save()
        changes = [IntervalStarted(self._begin(c, who, moment)) for c, who in self._paused]
        self._paused = ()
        return self._commit(changes, before)

    def end_visit(self) -> tuple[Change, ...]:
        """Stop everything and finish the visit; it can still be edited until signed."""
        self._require_timing()
        moment, before = self._read_clock(), self._save()
        changes: list[Change] = [IntervalEnded(self._end(i, moment)) for i in self.running]
        self._paused = ()
        changes.append(self._set_status(VisitStatus.FINISHED))
        return self._commit(changes, before)

    def reopen(self) -> tuple[Change, ...]:
        """Open a finished visit again to time more (nothing restarts by itself)."""
        self._require_unlocked()
        if self._status is not VisitStatus.FINISHED:
            raise TimerError("The visit is still open; there is nothing to reopen.")
        before = self._save()
        return self._commit([self._set_status(VisitStatus.OPEN)], before)

    # --- corrections -----------------------------------------------------------------------

    def undo(self) -> tuple[Change, ...]:
        """Take back the last command: its changes are reversed, last first."""
        self._require_unlocked()
        if not self._undo:
            raise TimerError("Nothing to undo.")
        step = self._undo.pop()
        self._load(step.before)
        return inverse(step.changes, step.before.status)

    def edit_interval(
        self,
        interval_id: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        code: str | None = None,
        reason: str,
    ) -> tuple[Change, ...]:
        """Correct an interval by hand; the change and its reason go to the history."""
        self._require_unlocked()
        reason = check_reason(reason)
        before_interval = self.interval(interval_id)
        after = self._edited(before_interval, start, end, code)
        moment = self._read_clock()
        others = [i for i in self._intervals.values() if i.id != interval_id]
        check_edit(after, others, moment.wall, self.day, self.catalog)
        before = self._save()
        if after.running:  # keep elapsed = now - start for the new start
            self._basis[after.id] += ms_between(before_interval.start, after.start)
            self._basis[after.id] -= ms_between(after.start, before_interval.start)
        changes = [IntervalEdited(before_interval, after, reason)]
        apply_change(self._intervals, changes[0])
        return self._commit(changes, before)

    def _edited(
        self, interval: Interval, start: datetime | None, end: datetime | None, code: str | None
    ) -> Interval:
        if end is not None and interval.running:
            raise TimerError(f"{interval.code} is still running; stop it before editing its end.")
        new_start = _utc(self.day.aware(start)) if start is not None else interval.start
        new_end = _utc(self.day.aware(end)) if end is not None else interval.end
        new_code = self._code(code).code if code is not None else interval.code
        after = replace(interval, start=new_start, end=new_end, code=new_code)
        if after == interval:
            raise TimerError("That edit changes nothing; give a new start, end or code.")
        if new_end is None:
            return after
        return replace(after, duration_ms=ms_between(new_start, new_end))

    # --- after a crash ---------------------------------------------------------------------

    def recovered(self, last_heartbeat: datetime) -> tuple[RecoveredInterval, ...]:
        """The running intervals as found after a crash, each with its unseen gap."""
        now = self.now()
        return tuple(recover(i, _utc(last_heartbeat), now) for i in self.running)

    def end_at_heartbeat(self, interval_id: str, last_heartbeat: datetime) -> tuple[Change, ...]:
        """End a recovered interval when the program was last seen alive."""
        self._require_unlocked()
        interval = self.interval(interval_id)
        ended = ended_at_heartbeat(interval, _utc(last_heartbeat))
        before = self._save()
        del self._basis[interval.id]
        changes = [IntervalEnded(ended)]
        apply_change(self._intervals, changes[0])
        return self._commit(changes, before)

    def keep_running(self, interval_id: str, last_heartbeat: datetime) -> tuple[Change, ...]:
        """Keep a recovered interval running, gap included; the choice is recorded."""
        self._require_unlocked()
        changes = keep_running_changes(self.interval(interval_id), _utc(last_heartbeat))
        return self._commit(list(changes), self._save())

    # --- signing ---------------------------------------------------------------------------

    def sign(self, signed_by: int) -> tuple[Change, ...]:
        """Sign the finished visit: from now on it is changed only by an amendment."""
        self._require_unlocked()
        if self._status is not VisitStatus.FINISHED:
            raise TimerError("End the visit before signing it.")
        moment = self._read_clock()
        self._status = VisitStatus.SIGNED
        self._paused = ()
        self._undo.clear()  # signed is final: nothing before it can be taken back
        return (VisitStatusChanged(self.visit_id, VisitStatus.SIGNED, signed_by, moment.wall),)

    # --- inner workings --------------------------------------------------------------------

    @property
    def _locked(self) -> bool:
        return self._status in (VisitStatus.SIGNED, VisitStatus.BILLED)

    def _require_unlocked(self) -> None:
        if self._locked:
            raise VisitLockedError(
                f"This visit is {self._status.value} and can no longer be changed; "
                f"record an amendment with a reason instead."
            )

    def _require_timing(self) -> None:
        self._require_unlocked()
        if self._status is not VisitStatus.OPEN:
            raise TimerError(
                "This visit has ended. Undo 'End visit' or reopen the visit to time more."
            )

    def _code(self, code: str) -> Code:
        try:
            return self.catalog.lookup(code)
        except UserError as error:
            raise TimerError(error.message) from None

    def _running_interval(self, code: str) -> Interval | None:
        return next((i for i in self._intervals.values() if i.running and i.code == code), None)

    def _peek(self) -> Moment:
        """The clock now, never behind what the monotonic clock has seen pass.

        A wall clock set back (NTP, a wrong manual change) is ignored until it catches up:
        meanwhile wall time moves on with the monotonic clock, so no interval ends before it
        starts or overlaps the one before it. A clock set forward is believed.
        """
        mono_ms = max(_mono_ms(self._clock), self._last.mono_ms)
        floor = self._last.wall + timedelta(milliseconds=mono_ms - self._last.mono_ms)
        return Moment(max(_utc(self._clock.now()), floor), mono_ms)

    def _read_clock(self) -> Moment:
        self._last = self._peek()
        return self._last

    def _begin(self, code: str, clinician_id: int, moment: Moment) -> Interval:
        interval = Interval(uuid.uuid4().hex, self.visit_id, code, clinician_id, moment.wall, None)
        self._intervals[interval.id] = interval
        self._basis[interval.id] = moment.mono_ms
        return interval

    def _end(self, interval: Interval, moment: Moment) -> Interval:
        duration = self.elapsed_ms(interval, moment)
        ended = replace(interval, end=moment.wall, duration_ms=duration)
        self._intervals[interval.id] = ended
        del self._basis[interval.id]
        return ended

    def _set_status(self, status: VisitStatus) -> VisitStatusChanged:
        self._status = status
        return VisitStatusChanged(self.visit_id, status)

    def _save(self) -> _Saved:
        return _Saved(
            tuple(self._intervals.values()),
            tuple(self._basis.items()),
            self._paused,
            self._status,
        )

    def _load(self, saved: _Saved) -> None:
        self._intervals = {i.id: i for i in saved.intervals}
        self._basis = dict(saved.basis)
        self._paused = saved.paused
        self._status = saved.status

    def _commit(self, changes: Sequence[Change], before: _Saved) -> tuple[Change, ...]:
        batch = tuple(changes)
        self._undo.append(_Step(batch, before))
        return batch


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise TimerError("a time without a timezone reached the timer; this is a program bug")
    return moment.astimezone(UTC)


def _mono_ms(clock: Clock) -> int:
    return round(clock.monotonic() * 1000)
