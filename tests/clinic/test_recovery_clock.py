"""Recovery on measured time: a wall clock moved either way, a restart of the computer, and
a recovery left unanswered, through the treatment service on a real file."""

from __future__ import annotations

import pytest

from tests.clinic.conftest import CLINIC_TZ
from tests.clinic.test_treatment import start
from timer_app.clinic import ClinicServices
from timer_app.errors import UserError
from timer_app.session import FakeClock, VisitTimer


def timing(clinic: ClinicServices, clock: FakeClock, code: str = "97110") -> VisitTimer:
    timer = start(clinic)
    clinic.treatment.run(timer.visit_id, lambda t: t.start(code))
    return timer


def run_for(clinic: ClinicServices, clock: FakeClock, seconds: int) -> None:
    """The window's heartbeat: every 4 s while anything runs."""
    for _ in range(seconds // 4):
        clock.advance(4)
        clinic.treatment.beat()
    clock.advance(seconds % 4)


def restart(clinic: ClinicServices, clock: FakeClock) -> ClinicServices:
    """The program killed and started again on the same file."""
    again = ClinicServices(clinic.store, clock, CLINIC_TZ)
    again.treatment.restore_open_visits()
    return again


def test_a_clock_set_back_does_not_erase_seen_time(
    on_file: ClinicServices, clock: FakeClock
) -> None:
    timer = timing(on_file, clock)
    run_for(on_file, clock, 300)
    clock.set_wall(-3600)  # someone sets the clock back an hour
    run_for(on_file, clock, 302)
    after = restart(on_file, clock)
    [found] = after.treatment.recovered()
    assert 600 <= found.seen_ms // 1000 <= 602  # the tester saw "0 min 00 s" kept
    assert "moved back by about 1 h 00 min" in found.message
    after.treatment.resolve_recovered(found, keep_running=False)
    [interval] = after.treatment.visit(timer.visit_id).intervals
    assert 600_000 <= interval.duration_ms <= 602_000


def test_a_clock_set_forward_does_not_bill_unseen_time(
    on_file: ClinicServices, clock: FakeClock
) -> None:
    timer = timing(on_file, clock)
    run_for(on_file, clock, 600)
    clock.set_wall(2 * 3600)  # forward two hours, then the program is killed
    run_for(on_file, clock, 8)
    clock.advance(30)  # down for 30 s
    after = restart(on_file, clock)
    [found] = after.treatment.recovered()
    assert 604 <= found.seen_ms // 1000 <= 608 and found.gap_seconds == 30
    after.treatment.resolve_recovered(found, keep_running=False)
    billing = after.treatment.billing(after.treatment.visit(timer.visit_id))
    assert billing is not None and billing.units_by_code() == {"97110": 1}  # not 8


def test_kept_running_bills_the_measured_gap_not_the_clock(
    on_file: ClinicServices, clock: FakeClock
) -> None:
    timer = timing(on_file, clock)
    run_for(on_file, clock, 600)
    clock.advance(120)  # down two minutes
    clock.set_wall(3 * 3600)  # and the clock put three hours forward meanwhile
    after = restart(on_file, clock)
    [found] = after.treatment.recovered()
    assert found.gap_seconds == 120
    clock.advance(30)  # the therapist reads the question
    after.treatment.resolve_recovered(found, keep_running=True)
    kept = after.treatment.timer(timer.visit_id)
    [interval] = kept.running
    assert kept.elapsed_ms(interval) // 1000 == 600 + 120 + 30


def test_after_a_restart_of_the_computer_the_gap_is_read_off_the_wall_clock(
    on_file: ClinicServices, clock: FakeClock
) -> None:
    timing(on_file, clock)
    run_for(on_file, clock, 120)
    clock.restart_computer(15 * 60)  # a power cut: back fifteen minutes later
    after = restart(on_file, clock)
    [found] = after.treatment.recovered()
    assert found.seen_ms // 1000 == 120 and found.gap_seconds == 15 * 60


def test_an_unanswered_recovery_is_asked_again_and_bills_nothing_meanwhile(
    on_file: ClinicServices, clock: FakeClock
) -> None:
    timer = timing(on_file, clock)
    run_for(on_file, clock, 60)
    clock.advance(20)
    first = restart(on_file, clock)
    [found] = first.treatment.recovered()  # the dialog was closed without an answer
    frozen = first.treatment.timer(timer.visit_id)
    run_for(first, clock, 600)  # the program runs on for ten minutes
    assert frozen.snapshot().code("97110").elapsed_seconds == 60  # not 60 + 20 + 600
    with pytest.raises(UserError, match="left running when the program stopped: first say"):
        first.treatment.run(timer.visit_id, lambda t: t.start("97140"))
    second = restart(first, clock)  # killed again without an answer
    [again] = second.treatment.recovered()
    assert again.interval.id == found.interval.id and again.seen_ms == found.seen_ms
    second.treatment.resolve_recovered(again, keep_running=False)
    [interval] = second.treatment.visit(timer.visit_id).intervals
    assert interval.duration_ms == 60_000
    assert second.treatment.recovered() == []
