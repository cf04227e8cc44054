"""A write that fails at any command leaves the timer and the file in agreement.

The real SQLite file refuses writes at random, halfway through the transaction (a trigger
aborts the visit row's update after the interval rows were written, as a full disk
would). After every step, failed or not, the timer on the treatment board and the stored
visit must say the same thing; a failed step must have changed nothing at all.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.clinic.conftest import CLINIC_TZ, MORNING, seed_clinic
from timer_app.clinic import ClinicServices
from timer_app.errors import UserError
from timer_app.session import FakeClock, VisitStatus, VisitTimer
from timer_app.store import Store

CODES = ("97110", "97140", "97530", "97010", "97112")
FAILURE = "could not be saved"


# the ways a write fails: a bad disk, a full one, another program holding the lock
FAULTS = ("disk I/O error", "database or disk is full", "database is locked")
Fault = str | None
FAIL = st.sampled_from((None, None, *FAULTS))  # None: the write goes through


def arm(store: Store, fault: Fault = FAULTS[0]) -> None:
    """The file refuses the next writes halfway: after intervals, at the visit row (and
    a heartbeat)."""
    for table in ("visit", "heartbeat"):
        for moment in ("UPDATE", "INSERT"):
            store.db.execute(
                f"CREATE TEMP TRIGGER refuse_{table}_{moment.lower()} BEFORE {moment} ON "
                f"{table} BEGIN SELECT RAISE(ABORT, '{fault} (injected)'); END"
            )


def disarm(store: Store) -> None:
    for table in ("visit", "heartbeat"):
        for moment in ("update", "insert"):
            store.db.execute(f"DROP TRIGGER IF EXISTS refuse_{table}_{moment}")


class TreatmentWithAFlakyDisk(RuleBasedStateMachine):
    """The treatment service on a real file that refuses a write now and then."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory(prefix="timer-flaky-")
        self.clock = FakeClock(MORNING)
        self.store = Store.open(Path(self.folder.name) / "clinic.sqlite3", clock=self.clock,
                                daily_backup=False)  # fmt: skip
        seed_clinic(self.store)
        self.clinic = ClinicServices(self.store, self.clock, CLINIC_TZ)
        self.visit_id = 0
        self.failures = 0

    def teardown(self) -> None:
        self.store.close()
        self.folder.cleanup()

    @initialize()
    def open_a_visit(self) -> None:
        patient = self.store.patients.search("Lopez")[0]
        dana = next(c for c in self.store.clinicians.all() if c.name == "Dana Reyes")
        self.visit_id = self.clinic.treatment.start_visit(patient.id, dana.id).visit_id

    # --- helpers ---------------------------------------------------------------------------

    @property
    def timer(self) -> VisitTimer | None:
        found = {t.visit_id: t for t in self.clinic.treatment.timers()}
        return found.get(self.visit_id)

    def picture(self) -> tuple[Any, ...]:
        """What the timer and the file say about the visit (and the history's length)."""
        timer, stored = self.timer, self.store.visits.get(self.visit_id)
        state = None if timer is None else (timer.state, timer.revision, timer.can_undo)
        return state, stored, len(self.store.audit.for_visit(self.visit_id))

    def attempt(self, fail: Fault | bool, action: Callable[[], object]) -> None:
        """Do it; a refusal or a failed write must leave everything as it was."""
        before = self.picture()
        if fail:
            arm(self.store, fail if isinstance(fail, str) else FAULTS[0])
        try:
            action()
        except UserError as error:
            assert self.picture() == before, f"a refused step changed something: {error}"
            if fail and FAILURE in error.message:
                self.failures += 1
        finally:
            disarm(self.store)

    def run(self, fail: Fault | bool, command: Callable[[VisitTimer], Any]) -> None:
        self.attempt(fail, lambda: self.clinic.treatment.run(self.visit_id, command))

    # --- the therapist's actions -------------------------------------------------------------

    @rule(seconds=st.integers(1, 900))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @rule(hours=st.sampled_from((-2, -1, 1, 2)))
    def the_clock_is_moved(self, hours: int) -> None:
        self.clock.set_wall(hours * 3600)

    @rule(fail=FAIL)
    def heartbeat(self, fail: Fault) -> None:
        self.attempt(fail, self.clinic.treatment.beat)

    @precondition(lambda self: self.timer is not None)
    @rule(code=st.sampled_from(CODES), fail=FAIL)
    def tap(self, code: str, fail: Fault) -> None:
        self.run(fail, lambda t: t.toggle(code))

    @precondition(lambda self: self.timer is not None)
    @rule(fail=FAIL)
    def pause_or_resume(self, fail: Fault) -> None:
        timer = self.timer
        assert timer is not None
        resuming = not timer.running and timer.paused
        self.run(fail, (lambda t: t.resume()) if resuming else (lambda t: t.pause_all()))

    @precondition(lambda self: self.timer is not None)
    @rule(fail=FAIL)
    def undo(self, fail: Fault) -> None:
        self.run(fail, lambda t: t.undo())

    @precondition(lambda self: self.timer is not None and self.timer.intervals)
    @rule(data=st.data(), minutes=st.integers(-5, 5), fail=FAIL)
    def edit_a_start(self, data: st.DataObject, minutes: int, fail: Fault) -> None:
        timer = self.timer
        assert timer is not None
        interval = data.draw(st.sampled_from(timer.intervals))
        start = interval.start + timedelta(minutes=minutes)
        self.run(fail, lambda t: t.edit_interval(interval.id, start=start, reason="tapped late"))

    @precondition(lambda self: self.timer is not None)
    @rule(fail=FAIL)
    def end_or_reopen(self, fail: Fault) -> None:
        timer = self.timer
        assert timer is not None
        ending = timer.status is VisitStatus.OPEN
        self.run(fail, (lambda t: t.end_visit()) if ending else (lambda t: t.reopen()))

    @precondition(lambda self: self.timer is not None)
    @rule(fail=FAIL)
    def sign(self, fail: Fault) -> None:
        treatment = self.clinic.treatment

        def signing() -> None:
            visit = treatment.visit(self.visit_id)
            signature = treatment.check_signature(
                self.visit_id, diagnoses=visit.diagnoses, pointer_letters={"97110": "AB"},
                chosen_units=None,
            )  # fmt: skip
            treatment.sign(signature)

        self.attempt(fail, signing)

    @precondition(lambda self: self.timer is None)
    @rule(fail=FAIL)
    def amend(self, fail: Fault) -> None:
        def amending() -> None:
            self.visit_id = self.clinic.treatment.amend(self.visit_id, "a code was wrong").visit_id

        self.attempt(fail, amending)

    @precondition(lambda self: self.timer is not None and self.timer.running)
    @rule(keep=st.booleans(), fail=FAIL)
    def restart_after_a_crash(self, keep: bool, fail: Fault) -> None:
        """The program died while timing; a new one opens the file and asks."""
        self.clock.advance(120)
        self.clinic = ClinicServices(self.store, self.clock, CLINIC_TZ)
        treatment = self.clinic.treatment
        treatment.restore_open_visits()  # as the window does before it asks
        for recovered in treatment.recovered():
            self.attempt(fail, lambda r=recovered: treatment.resolve_recovered(r, keep))

    # --- what must always hold -------------------------------------------------------------

    @invariant()
    def the_timer_and_the_file_agree(self) -> None:
        stored = self.store.visits.get(self.visit_id)
        timer = self.timer
        if timer is None:  # signed: it left the board, the file alone tells
            assert stored.status.locked
            return
        by_start = sorted(timer.intervals, key=lambda i: (i.start, i.id))
        assert sorted(stored.intervals, key=lambda i: (i.start, i.id)) == by_start
        assert (timer.status, timer.revision) == (stored.status, stored.revision)


TreatmentWithAFlakyDisk.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_a_flaky_disk_never_splits_timer_and_file = TreatmentWithAFlakyDisk.TestCase


def test_the_machine_does_meet_failures() -> None:
    """The injected failure really reaches the write path (so the test above can fail)."""
    machine = TreatmentWithAFlakyDisk()
    try:
        machine.open_a_visit()
        machine.tap("97110", fail=True)
        assert machine.failures == 1
        timer = machine.timer
        assert timer is not None and timer.intervals == ()
        assert machine.store.visits.get(machine.visit_id).intervals == ()
        machine.tap("97110", fail=False)
        assert [i.code for i in machine.store.visits.get(machine.visit_id).intervals] == ["97110"]
    finally:
        machine.teardown()



# --- each command once, deterministically ------------------------------------------------------


def _signed_visit(machine: TreatmentWithAFlakyDisk) -> None:
    machine.tap("97110", fail=False)
    machine.clock.advance(600)
    machine.end_or_reopen(fail=False)
    machine.sign(fail=False)
    assert machine.timer is None


def _running(machine: TreatmentWithAFlakyDisk) -> None:
    machine.tap("97110", fail=False)
    machine.clock.advance(300)


def _finished(machine: TreatmentWithAFlakyDisk) -> None:
    _running(machine)
    machine.end_or_reopen(fail=False)


def _edit(machine: TreatmentWithAFlakyDisk, fail: Fault) -> None:
    timer = machine.timer
    assert timer is not None
    start = timer.intervals[0].start - timedelta(minutes=2)
    interval_id = timer.intervals[0].id
    machine.run(fail, lambda t: t.edit_interval(interval_id, start=start, reason="tapped late"))


# (what, how to get there, the step)
STEPS: list[tuple[str, Callable[[TreatmentWithAFlakyDisk], None], Callable[..., None]]] = [
    ("start", lambda m: None, lambda m, fail: m.tap("97110", fail)),
    ("stop", _running, lambda m, fail: m.tap("97110", fail)),
    ("pause", _running, lambda m, fail: m.pause_or_resume(fail)),
    ("undo", _running, lambda m, fail: m.undo(fail)),
    ("edit", _running, _edit),
    ("end", _running, lambda m, fail: m.end_or_reopen(fail)),
    ("reopen", _finished, lambda m, fail: m.end_or_reopen(fail)),
    ("sign", _finished, lambda m, fail: m.sign(fail)),
    ("amend", _signed_visit, lambda m, fail: m.amend(fail)),
    ("end after a crash", _running, lambda m, fail: m.restart_after_a_crash(False, fail)),
    ("keep after a crash", _running, lambda m, fail: m.restart_after_a_crash(True, fail)),
]


@pytest.mark.parametrize(("what", "before", "step"), STEPS, ids=[s[0] for s in STEPS])
def test_a_refused_write_at_each_command_changes_nothing_and_the_retry_works(
    what: str,
    before: Callable[[TreatmentWithAFlakyDisk], None],
    step: Callable[..., None],
) -> None:
    machine = TreatmentWithAFlakyDisk()
    try:
        machine.open_a_visit()
        before(machine)
        picture = machine.picture()
        step(machine, True)
        assert machine.failures == 1, f"{what}: the write was not refused"
        assert machine.picture()[1:] == picture[1:]  # the file and its history as they were
        machine.the_timer_and_the_file_agree()
        step(machine, False)
        assert machine.failures == 1 and machine.picture() != picture, f"{what}: no retry"
        machine.the_timer_and_the_file_agree()
    finally:
        machine.teardown()


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("database or disk is full", "is full, so nothing changed when it was tried. Free some"),
        ("database is locked", "Another program is using clinic.sqlite3 right now"),
        ("disk I/O error", "reported an error (disk I/O error (injected))"),
    ],
)
def test_each_fault_is_said_for_what_it_is_and_never_called_damage(
    fault: str, words: str
) -> None:
    machine = TreatmentWithAFlakyDisk()
    try:
        machine.open_a_visit()
        arm(machine.store, fault)
        with pytest.raises(UserError) as refused:
            machine.clinic.treatment.run(machine.visit_id, lambda t: t.start("97110"))
        assert words in refused.value.message
        assert "damaged" not in refused.value.message and "restore" not in refused.value.message
        with pytest.raises(UserError) as heartbeat:  # a failing heartbeat says the same
            machine.store.beat({}, {})
        assert words in heartbeat.value.message
    finally:
        disarm(machine.store)
        machine.teardown()
