"""The engine against random sequences of taps, pauses, edits, undos and clock moves.

A plain dict replays every emitted change, as the store does; after each step the engine,
the replay and a clock-time reference must agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.session.conftest import ASSISTANT, THERAPIST, VISIT_ID, make_timer
from timer_app.billing import Rule, WarningKind, chart_units, load_catalog, to_minutes
from timer_app.session import (
    Change,
    FakeClock,
    Interval,
    TimerError,
    VisitLockedError,
    VisitSnapshot,
    VisitStatus,
    VisitStatusChanged,
    VisitTimer,
    apply_change,
)
from timer_app.session.rules import ms_between

CATALOG = load_catalog()
# one-on-one, constant attendance, supervised, untimed one-on-one, group, a first-unit code
CODES = ["97110", "97140", "97530", "97032", "97012", "97161", "97150", "97129"]
codes = st.sampled_from(CODES)
clinicians = st.sampled_from([THERAPIST, ASSISTANT])

State = tuple[tuple[Interval, ...], VisitStatus, tuple[str, ...]]


class VisitMachine(RuleBasedStateMachine):
    clock: FakeClock
    timer: VisitTimer

    @initialize(rule_name=st.sampled_from(["cms", "ama"]))
    def open_visit(self, rule_name: str) -> None:
        self.clock = FakeClock()
        self.timer = make_timer(self.clock, rule=rule_name)
        self.stored: dict[str, Interval] = {}  # what the store's interval table holds
        self.stored_status = VisitStatus.OPEN
        self.history: list[State] = []  # the state before each command undo can take back

    # --- helpers ---------------------------------------------------------------------------

    def state(self) -> State:
        return self.timer.intervals, self.timer.status, self.timer.paused

    def replay(self, changes: Sequence[Change]) -> None:
        for change in changes:
            apply_change(self.stored, change)
            if isinstance(change, VisitStatusChanged):
                self.stored_status = change.status

    def attempt(self, command: Callable[[], tuple[Change, ...]]) -> bool:
        """Run a command; a refusal must change nothing at all."""
        before, snapshot = self.state(), self.timer.snapshot()
        try:
            changes = command()
        except TimerError:
            assert self.state() == before
            assert self.timer.snapshot() == snapshot
            return False
        assert changes, "a command that is not refused always changes something"
        self.replay(changes)
        self.history.append(before)
        return True

    # --- the clock -------------------------------------------------------------------------

    @rule(ms=st.integers(0, 600_000) | st.integers(0, 2_000))
    def time_passes(self, ms: int) -> None:
        self.clock.advance(ms / 1000)

    # --- commands --------------------------------------------------------------------------

    @rule(code=codes, clinician=clinicians)
    def start(self, code: str, clinician: int) -> None:
        self.attempt(lambda: self.timer.start(code, clinician))

    @rule(code=codes)
    def stop(self, code: str) -> None:
        self.attempt(lambda: self.timer.stop(code))

    @rule(code=codes, clinician=clinicians)
    def toggle(self, code: str, clinician: int) -> None:
        self.attempt(lambda: self.timer.toggle(code, clinician))

    @rule()
    def pause_all(self) -> None:
        self.attempt(self.timer.pause_all)

    @rule()
    def resume(self) -> None:
        self.attempt(self.timer.resume)

    @precondition(lambda self: self.timer.status is VisitStatus.OPEN)
    @rule()
    def end_visit(self) -> None:
        self.attempt(self.timer.end_visit)

    @precondition(lambda self: self.timer.status is VisitStatus.FINISHED)
    @rule()
    def reopen(self) -> None:
        self.attempt(self.timer.reopen)

    @rule(
        data=st.data(),
        start_shift=st.none() | st.integers(-300, 300),
        end_shift=st.none() | st.integers(-300, 300),
        code=st.none() | codes,
    )
    def edit(
        self, data: st.DataObject, start_shift: int | None, end_shift: int | None, code: str | None
    ) -> None:
        intervals = self.timer.intervals
        if not intervals:
            return
        target = data.draw(st.sampled_from(intervals))
        start = None if start_shift is None else target.start + timedelta(seconds=start_shift)
        base_end = target.end or self.clock.now()
        end = None if end_shift is None else base_end + timedelta(seconds=end_shift)
        self.attempt(
            lambda: self.timer.edit_interval(
                target.id, start=start, end=end, code=code, reason="correction"
            )
        )

    @rule()
    def undo(self) -> None:
        if not self.history or self.timer.status is VisitStatus.SIGNED:
            before = self.state()
            try:
                self.timer.undo()
            except TimerError:
                assert self.state() == before
                return
            raise AssertionError("undo with nothing to undo must be refused")
        self.replay(self.timer.undo())
        assert self.state() == self.history.pop()

    def undo_at_once(self, command: Callable[[], tuple[Change, ...]]) -> None:
        """Undo straight after a command gives back the very same snapshot."""
        before = self.timer.snapshot()
        if self.attempt(command):
            self.undo()
            assert self.timer.snapshot() == before

    @rule(code=codes, clinician=clinicians)
    def tap_then_undo(self, code: str, clinician: int) -> None:
        self.undo_at_once(lambda: self.timer.toggle(code, clinician))

    @rule(name=st.sampled_from(["pause_all", "resume", "end_visit", "reopen"]))
    def visit_command_then_undo(self, name: str) -> None:
        self.undo_at_once(getattr(self.timer, name))

    @rule(data=st.data(), shift=st.integers(-120, 120), code=st.none() | codes)
    def edit_then_undo(self, data: st.DataObject, shift: int, code: str | None) -> None:
        if self.timer.intervals:
            target = data.draw(st.sampled_from(self.timer.intervals))
            start = target.start + timedelta(seconds=shift)
            self.undo_at_once(
                lambda: self.timer.edit_interval(target.id, start=start, code=code, reason="fix")
            )

    @precondition(lambda self: self.timer.status is VisitStatus.FINISHED)
    @rule()
    def sign(self) -> None:
        self.replay(self.timer.sign(THERAPIST))
        self.history.clear()
        try:
            self.timer.start("97110")
        except VisitLockedError:
            return
        raise AssertionError("a signed visit must refuse to start a code")

    # --- what must always hold -------------------------------------------------------------

    @invariant()
    def the_replayed_changes_give_the_engines_intervals(self) -> None:
        assert self.stored == {i.id: i for i in self.timer.intervals}
        assert self.stored_status is self.timer.status

    @invariant()
    def one_on_one_time_is_exclusive(self) -> None:
        running = [CATALOG[i.code] for i in self.timer.running]
        for clinician in (THERAPIST, ASSISTANT):
            mine = [i for i in self.timer.running if i.clinician_id == clinician]
            assert sum(CATALOG[i.code].is_exclusive for i in mine) <= 1
        if any(code.is_group for code in running):
            assert not any(code.is_exclusive for code in running)
        assert len({code.code for code in running}) == len(running)
        if self.timer.status is not VisitStatus.OPEN:
            assert running == [] and self.timer.paused == ()
        if self.timer.paused:  # resume restarts them without asking what runs
            assert running == []

    @invariant()
    def elapsed_is_the_clock_time_the_intervals_cover(self) -> None:
        now = self.clock.now()
        snapshot = self.timer.snapshot()
        expected: dict[str, int] = {}
        for interval in self.timer.intervals:
            covered = ms_between(interval.start, interval.end or now)
            if interval.end is not None:
                assert interval.duration_ms == covered and interval.end >= interval.start
            assert interval.visit_id == VISIT_ID
            expected[interval.code] = expected.get(interval.code, 0) + covered
        assert {f.code: f.elapsed_seconds for f in snapshot.codes} == {
            code: ms // 1000 for code, ms in expected.items()
        }
        assert set(snapshot.running) == {i.code for i in self.timer.running}

    @invariant()
    def the_totals_are_the_sums(self) -> None:
        snapshot = self.timer.snapshot()
        if snapshot.billing is None:
            assert snapshot.codes == () or "24 hours" in (snapshot.billing_problem or "")
            return
        check_totals(snapshot, self.timer)


def check_totals(snapshot: VisitSnapshot, timer: VisitTimer) -> None:
    assert snapshot.billing is not None
    policy = timer.profile.minutes_policy
    activities: dict[str, int] = {}
    for figures in snapshot.codes:
        if figures.timed:
            key = CATALOG[figures.code].activity
            activities[key] = activities.get(key, 0) + figures.elapsed_seconds
    timed_minutes = sum(to_minutes(s, policy) for s in activities.values())
    shared = any(w.kind is WarningKind.CO_TREATMENT for w in snapshot.billing.warnings)
    if shared:  # two clinicians' one-on-one minutes at once count once
        assert snapshot.total_timed_minutes <= timed_minutes
        timed_minutes = snapshot.total_timed_minutes
    assert snapshot.total_timed_minutes == timed_minutes
    timed_units = sum(line.units for line in snapshot.billing.lines if line.kind == "timed")
    assert snapshot.total_timed_units == timed_units
    if timer.profile.rule is Rule.CMS:
        assert timed_units == chart_units(timed_minutes)
    assert snapshot.total_treatment_minutes >= snapshot.total_timed_minutes
    for figures in snapshot.codes:
        assert figures.units == snapshot.billing.units_by_code()[figures.code]
        assert (figures.seconds_to_next_unit is None) == (not figures.timed)
        assert figures.seconds_to_next_unit is None or figures.seconds_to_next_unit > 0


VisitMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestVisitMachine = VisitMachine.TestCase
