"""One visit's stopwatches: the commands a therapist gives and the changes they make.

Every command decides, and changes nothing: it returns a `Decision`, the changes for the
store and the state the timer will be in once they are stored. Only `evolve` moves the
timer, after the store took the changes; a failed write leaves nothing to take back.
`apply_change` is the same replay every store does, so engine and file cannot drift apart.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum

from timer_app.billing.catalog import Catalog, Code, Discipline, load_catalog
from timer_app.billing.profiles import PayerProfile
from timer_app.errors import UserError
from timer_app.session.clock import Clock
from timer_app.session.edits import VisitDay, check_edit, check_reason
from timer_app.session.errors import TimerError, refuse_if_locked
from timer_app.session.figures import BillingMemo, Moment, VisitSnapshot, build_snapshot
from timer_app.session.model import (
    Change,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
    apply_change,
)
from timer_app.session.recovery import (
    LastSign,
    Reading,
    RecoveredInterval,
    end_at_heartbeat,
    kept_ms,
    recover,
)
from timer_app.session.recovery import keep_running as keep_running_change
from timer_app.session.rules import conflicts, ms_between
from timer_app.session.undo import inverse, undo_words

Paused = tuple[tuple[str, int], ...]  # (code, clinician) pairs that `resume` restarts


@dataclass(frozen=True, slots=True)
class TimerState:
    """Everything a command may change. Never mutated: a decision carries the next one."""

    intervals: Mapping[str, Interval]  # by id, in the order they were recorded
    basis: Mapping[str, int]  # running interval id -> monotonic ms at its zero
    paused: Paused
    status: VisitStatus
    last: Moment  # the clock as the last stored command read it
    # running interval id -> ms seen, frozen until the therapist answers its recovery
    held: Mapping[str, int] = field(default_factory=dict)


class History(Enum):
    """What a decision does to the undo steps once it is stored."""

    PUSH = "push"  # a command: undo takes it back
    POP = "pop"  # an undo: its step is used up
    CLEAR = "clear"  # signing: nothing before it can be taken back


@dataclass(frozen=True, slots=True)
class Decision:
    """A command worked out: the changes to store, and the timer's state once stored."""

    visit_id: int
    changes: tuple[Change, ...]
    before: TimerState = field(repr=False)
    after: TimerState = field(repr=False)
    history: History = History.PUSH
    words: str = ""  # an undo's: what it took back, in the therapist's words


@dataclass(frozen=True, slots=True)
class _Step:
    changes: tuple[Change, ...]
    before: TimerState


class _Draft:
    """A mutable copy of the state that one command works on; frozen into its decision."""

    def __init__(self, state: TimerState, moment: Moment, visit_id: int) -> None:
        self.intervals = dict(state.intervals)
        self.basis = dict(state.basis)
        self.held = dict(state.held)
        self.paused = state.paused
        self.status = state.status
        self.moment = moment
        self.visit_id = visit_id

    def begin(self, code: str, clinician_id: int) -> Interval:
        wall = self.moment.wall
        interval = Interval(uuid.uuid4().hex, self.visit_id, code, clinician_id, wall, None)
        self.intervals[interval.id] = interval
        self.basis[interval.id] = self.moment.mono_ms
        return interval

    def end(self, interval: Interval) -> Interval:
        duration = _elapsed(interval, self.basis, self.moment.mono_ms, self.held)
        ended = replace(interval, end=self.moment.wall, duration_ms=duration)
        self.intervals[interval.id] = ended
        del self.basis[interval.id]
        return ended

    def freeze(self) -> TimerState:
        return TimerState(
            self.intervals, self.basis, self.paused, self.status, self.moment, self.held
        )


class VisitTimer:
    """The timer of one visit. Not thread-safe: the UI thread owns it.

    `revision` is the stored visit's revision this timer was last in step with; the store
    refuses a write made on an older one (the visit was changed elsewhere).
    """

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
        revision: int = 0,
        held: Mapping[str, int] | None = None,
    ) -> None:
        self.visit_id = visit_id
        self.clinician_id = clinician_id
        self.day = VisitDay(visit_date, tz)
        self.profile = profile
        self.discipline = discipline
        self.revision = revision
        self._clock = clock
        self._fees = fees
        self.use_catalog(catalog or load_catalog())
        self._undo: list[_Step] = []
        self._state = self._restored(intervals, status, held or {})

    def _restored(
        self, intervals: Iterable[Interval], status: VisitStatus, held: Mapping[str, int]
    ) -> TimerState:
        """The stored intervals; a running one counts from its wall start (no monotonic
        reading survives a restart) unless `held` freezes it at the time the program saw,
        until the therapist answers its recovery."""
        moment = Moment(_utc(self._clock.now()), _mono_ms(self._clock))
        by_id: dict[str, Interval] = {}
        basis: dict[str, int] = {}
        for interval in sorted(intervals, key=lambda i: i.start):
            if interval.visit_id != self.visit_id:
                raise TimerError(
                    f"interval {interval.id} belongs to visit {interval.visit_id}, "
                    f"not to visit {self.visit_id}"
                )
            by_id[interval.id] = interval
            if interval.running:  # no monotonic reading survived: count from its wall start
                basis[interval.id] = moment.mono_ms - ms_between(interval.start, moment.wall)
        frozen = {key: ms for key, ms in held.items() if key in basis}
        return TimerState(by_id, basis, (), status, moment, frozen)

    def use_catalog(self, catalog: Catalog) -> None:
        """The clinic's codes as they are now (after a change in Clinic set-up)."""
        self.catalog = catalog
        self._memo = BillingMemo(self.profile, self.discipline, catalog, self._fees)

    # --- reading -------------------------------------------------------------------------

    @property
    def state(self) -> TimerState:
        return self._state

    @property
    def status(self) -> VisitStatus:
        return self._state.status

    @property
    def intervals(self) -> tuple[Interval, ...]:
        """Every interval, in the order it was recorded."""
        return tuple(self._state.intervals.values())

    @property
    def running(self) -> tuple[Interval, ...]:
        return tuple(i for i in self._state.intervals.values() if i.running)

    @property
    def paused(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self._state.paused)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self.status.locked

    def now(self) -> datetime:
        """The timer's wall time now (UTC), never earlier than its last command."""
        return self._peek().wall

    def interval(self, interval_id: str) -> Interval:
        found = self._state.intervals.get(interval_id)
        if found is None:
            raise TimerError(f"no interval {interval_id} in this visit; reload the visit.")
        return found

    def elapsed_ms(self, interval: Interval, at: Moment | None = None) -> int:
        """Milliseconds an interval covers, measured on the monotonic clock while it runs."""
        return _elapsed(
            interval, self._state.basis, (at or self._peek()).mono_ms, self._state.held
        )

    def snapshot(self) -> VisitSnapshot:
        """The live figures now: cheap enough to ask every second for every tile."""
        moment = self._peek()
        intervals = self.intervals
        return build_snapshot(
            visit_id=self.visit_id,
            status=self.status,
            moment=moment,
            intervals=intervals,
            elapsed_ms={i.id: self.elapsed_ms(i, moment) for i in intervals},
            paused=self.paused,
            can_undo=self.can_undo,
            catalog=self.catalog,
            profile=self.profile,
            memo=self._memo,
        )

    # --- after the store took a decision ---------------------------------------------------

    def evolve(self, decision: Decision, revision: int | None = None) -> None:
        """Move to the decided state once its changes are stored (at `revision`)."""
        if decision.before is not self._state or decision.visit_id != self.visit_id:
            raise TimerError("The visit moved on since this was decided; do it again.")
        if decision.history is History.PUSH:
            self._undo.append(_Step(decision.changes, decision.before))
        elif decision.history is History.POP:
            self._undo.pop()
        else:
            self._undo.clear()
        self._state = decision.after
        if revision is not None:
            self.revision = revision

    # --- timing commands -----------------------------------------------------------------

    def start(self, code: str, clinician_id: int | None = None) -> Decision:
        """Start timing `code` for a clinician (default: the visit's); codes that may not share
        its minutes stop first. A code another clinician is running changes hands: theirs
        stops as this one starts (an assistant taking over, or the therapist back)."""
        self._require_timing()
        found = self._startable(code)
        clinician = self.clinician_id if clinician_id is None else clinician_id
        running = self._running_interval(found.code)
        if running is not None and running.clinician_id == clinician:
            raise TimerError(f"{found.code} is already running; tap its tile to stop it.")
        draft = self._draft()
        stopping = conflicts(found, clinician, self.running, self.catalog)
        if running is not None and running not in stopping:
            stopping.append(running)
        changes: list[Change] = [IntervalEnded(draft.end(i)) for i in stopping]
        changes.append(IntervalStarted(draft.begin(found.code, clinician)))
        draft.paused = ()  # the therapist moved on: resume no longer applies
        return self._decide(changes, draft)

    def stop(self, code: str) -> Decision:
        self._require_timing()
        found = self._code(code)
        interval = self._running_interval(found.code)
        if interval is None:
            raise TimerError(f"{found.code} is not running, so there is nothing to stop.")
        draft = self._draft()
        return self._decide([IntervalEnded(draft.end(interval))], draft)

    def toggle(self, code: str, clinician_id: int | None = None) -> Decision:
        """What a tile tap does: stop the code if it runs for this clinician, else start it
        for them (taking it over when another clinician runs it)."""
        self._require_timing()
        running = self._running_interval(self._code(code).code)
        clinician = self.clinician_id if clinician_id is None else clinician_id
        if running is not None and running.clinician_id == clinician:
            return self.stop(code)
        return self.start(code, clinician_id)

    def pause_all(self) -> Decision:
        """Stop everything that runs; `resume` restarts the same codes."""
        self._require_timing()
        running = self.running
        if not running:
            raise TimerError("Nothing is running, so there is nothing to pause.")
        draft = self._draft()
        changes = [IntervalEnded(draft.end(i)) for i in running]
        draft.paused = tuple((i.code, i.clinician_id) for i in running)
        return self._decide(changes, draft)

    def resume(self) -> Decision:
        """Restart what `pause_all` stopped, each as a new interval."""
        self._require_timing()
        if not self._state.paused:
            raise TimerError("Nothing is paused; tap a code to start it.")
        draft = self._draft()
        changes = [IntervalStarted(draft.begin(c, who)) for c, who in self._state.paused]
        draft.paused = ()
        return self._decide(changes, draft)

    def end_visit(self) -> Decision:
        """Stop everything and finish the visit; it can still be edited until signed."""
        self._require_timing()
        draft = self._draft()
        changes: list[Change] = [IntervalEnded(draft.end(i)) for i in self.running]
        draft.paused = ()
        changes.append(_set_status(draft, VisitStatus.FINISHED))
        return self._decide(changes, draft)

    def reopen(self) -> Decision:
        """Open a finished visit again to time more (nothing restarts by itself)."""
        refuse_if_locked(self.visit_id, self.status)
        if self.status is not VisitStatus.FINISHED:
            raise TimerError("The visit is still open; there is nothing to reopen.")
        draft = self._draft()
        return self._decide([_set_status(draft, VisitStatus.OPEN)], draft)

    # --- corrections -----------------------------------------------------------------------

    def undo(self) -> Decision:
        """Take back the last command: its changes are reversed, last first; the decision's
        `words` say what was taken back (undoing a pause bills the break: they say so)."""
        refuse_if_locked(self.visit_id, self.status)
        if not self._undo:
            raise TimerError("Nothing to undo.")
        step = self._undo[-1]
        changes = inverse(step.changes, step.before.status)
        after = replace(step.before, last=self._peek())
        words = undo_words(
            step.changes, paused_before=[c for c, _ in step.before.paused],
            paused_after=self.paused, day=self.day, now=after.last.wall,
        )  # fmt: skip
        return Decision(self.visit_id, changes, self._state, after, History.POP, words)

    def edit_interval(
        self,
        interval_id: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        code: str | None = None,
        reason: str,
    ) -> Decision:
        """Correct an interval by hand; the change and its reason go to the history."""
        refuse_if_locked(self.visit_id, self.status)
        reason = check_reason(reason)
        before_interval = self.interval(interval_id)
        after = self._edited(before_interval, start, end, code)
        draft = self._draft()
        others = [i for i in self.intervals if i.id != interval_id]
        check_edit(after, others, draft.moment.wall, self.day, self.catalog)
        if after.running:  # keep elapsed = now - start for the new start
            draft.basis[after.id] += ms_between(before_interval.start, after.start)
            draft.basis[after.id] -= ms_between(after.start, before_interval.start)
        change = IntervalEdited(before_interval, after, reason)
        apply_change(draft.intervals, change)
        return self._decide([change], draft)

    def recode(self, interval_ids: Sequence[str], code: str, *, reason: str) -> Decision:
        """Give several intervals another code in one command (one undo): one change, with
        the reason, per interval; the ones already on `code` are left as they are. Each is
        checked among the others as they will all be."""
        refuse_if_locked(self.visit_id, self.status)
        reason = check_reason(reason)
        target = self._code(code).code
        befores = [self.interval(i) for i in dict.fromkeys(interval_ids)]
        changes = [
            IntervalEdited(before, replace(before, code=self._changed_code(before, target)), reason)
            for before in befores
            if before.code != target
        ]
        if not changes:
            raise TimerError(f"Those intervals are already {target}; choose another code.")
        draft = self._draft()
        for change in changes:
            apply_change(draft.intervals, change)
        for change in changes:
            others = [i for i in draft.intervals.values() if i.id != change.after.id]
            check_edit(change.after, others, draft.moment.wall, self.day, self.catalog)
        return self._decide(changes, draft)

    def _edited(
        self, interval: Interval, start: datetime | None, end: datetime | None, code: str | None
    ) -> Interval:
        if end is not None and interval.running:
            raise TimerError(f"{interval.code} is still running; stop it before editing its end.")
        new_start = _utc(self.day.aware(start)) if start is not None else interval.start
        new_end = _utc(self.day.aware(end)) if end is not None else interval.end
        new_code = interval.code if code is None else self._changed_code(interval, code)
        after = replace(interval, start=new_start, end=new_end, code=new_code)
        if after == interval:
            raise TimerError("That edit changes nothing; give a new start, end or code.")
        if new_end is None:
            return after
        return replace(after, duration_ms=ms_between(new_start, new_end))

    def _changed_code(self, interval: Interval, code: str) -> str:
        found = self._code(code)
        return found.code if found.code == interval.code else self._startable(code).code

    # --- after a crash ---------------------------------------------------------------------

    def recovered(self, sign: LastSign | None) -> tuple[RecoveredInterval, ...]:
        """The running intervals as found after a crash, each with its unseen gap."""
        now = self._peek()
        reading = Reading(now.wall, now.mono_ms, self._clock.boot())
        return tuple(recover(i, sign, reading) for i in self.running)

    def end_at_heartbeat(self, recovered: RecoveredInterval) -> Decision:
        """End a recovered interval when the program was last seen alive."""
        refuse_if_locked(self.visit_id, self.status)
        self.interval(recovered.interval.id)
        change = end_at_heartbeat(recovered)
        draft = self._draft()
        draft.basis.pop(change.after.id, None)
        draft.held.pop(change.after.id, None)
        apply_change(draft.intervals, change)
        return self._decide([change], draft)

    def keep_running(self, recovered: RecoveredInterval) -> Decision:
        """Keep a recovered interval running, the measured gap included; the choice is
        recorded."""
        refuse_if_locked(self.visit_id, self.status)
        interval = self.interval(recovered.interval.id)
        draft = self._draft()
        reading = Reading(draft.moment.wall, draft.moment.mono_ms, self._clock.boot())
        draft.held.pop(interval.id, None)
        draft.basis[interval.id] = draft.moment.mono_ms - kept_ms(recovered, reading)
        return self._decide([keep_running_change(recovered)], draft)

    # --- signing ---------------------------------------------------------------------------

    def sign(self, signed_by: int) -> Decision:
        """Sign the finished visit: from now on it is changed only by an amendment."""
        refuse_if_locked(self.visit_id, self.status)
        if self.status is not VisitStatus.FINISHED:
            raise TimerError("End the visit before signing it.")
        draft = self._draft()
        draft.status = VisitStatus.SIGNED
        draft.paused = ()
        signing = VisitStatusChanged(
            self.visit_id, VisitStatus.SIGNED, signed_by, draft.moment.wall
        )
        return Decision(self.visit_id, (signing,), self._state, draft.freeze(), History.CLEAR)

    # --- inner workings --------------------------------------------------------------------

    def _require_timing(self) -> None:
        refuse_if_locked(self.visit_id, self.status)
        if self._state.held:
            codes = ", ".join(self._state.intervals[key].code for key in self._state.held)
            raise TimerError(
                f"{codes} was left running when the program stopped: first say whether the "
                "treatment stopped then or went on (Decide…, at the top of the window)."
            )
        if self.status is not VisitStatus.OPEN:
            raise TimerError(
                "This visit has ended. Undo 'End visit' or reopen the visit to time more."
            )

    def _code(self, code: str) -> Code:
        try:
            return self.catalog.lookup(code)
        except UserError as error:
            raise TimerError(error.message) from None

    def _startable(self, code: str) -> Code:
        """A code that may be started now: the clinic has not turned it off."""
        found = self._code(code)
        if not found.enabled:
            raise TimerError(
                f"{found.code} ({found.tile}) is turned off for this clinic, so it cannot be "
                "timed. Choose another code, or ask the owner to turn it on in Clinic set-up, "
                "Codes."
            )
        return found

    def _running_interval(self, code: str) -> Interval | None:
        return next((i for i in self.running if i.code == code), None)

    def _peek(self) -> Moment:
        """The clock now, never behind what the monotonic clock has seen pass.

        A wall clock set back (NTP, a wrong manual change) is ignored until it catches up:
        meanwhile wall time moves on with the monotonic clock, so no interval ends before it
        starts or overlaps the one before it. A clock set forward is believed.
        """
        last = self._state.last
        mono_ms = max(_mono_ms(self._clock), last.mono_ms)
        floor = last.wall + timedelta(milliseconds=mono_ms - last.mono_ms)
        return Moment(max(_utc(self._clock.now()), floor), mono_ms)

    def _draft(self) -> _Draft:
        return _Draft(self._state, self._peek(), self.visit_id)

    def _decide(self, changes: Sequence[Change], draft: _Draft) -> Decision:
        return Decision(self.visit_id, tuple(changes), self._state, draft.freeze())


def _set_status(draft: _Draft, status: VisitStatus) -> VisitStatusChanged:
    draft.status = status
    return VisitStatusChanged(draft.visit_id, status)


def _elapsed(
    interval: Interval, basis: Mapping[str, int], mono_ms: int, held: Mapping[str, int]
) -> int:
    if not interval.running:
        return interval.duration_ms
    if interval.id in held:
        return held[interval.id]
    return max(mono_ms - basis[interval.id], 0)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise TimerError("a time without a timezone reached the timer; this is a program bug")
    return moment.astimezone(UTC)


def _mono_ms(clock: Clock) -> int:
    return round(clock.monotonic() * 1000)
