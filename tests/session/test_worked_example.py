"""The worked example of the design: 33 minutes of 97110, then 7 of 97140, under CMS."""

from __future__ import annotations

from timer_app.session import FakeClock, IntervalEnded, IntervalStarted, VisitStatus, VisitTimer


def test_tapping_97140_while_97110_runs_ends_one_and_starts_the_other(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    clock.advance(33 * 60)
    changes = timer.toggle("97140")
    assert [type(c) for c in changes] == [IntervalEnded, IntervalStarted]
    assert [c.interval.code for c in changes] == ["97110", "97140"]
    assert changes[0].interval.end == changes[1].interval.start


def test_33_plus_7_minutes_bill_2_and_1_units_under_cms(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    clock.advance(33 * 60)
    timer.toggle("97140")
    clock.advance(7 * 60)
    timer.end_visit()
    snapshot = timer.snapshot()
    assert {f.code: f.units for f in snapshot.codes} == {"97110": 2, "97140": 1}
    assert snapshot.total_timed_minutes == 40
    assert snapshot.total_timed_units == 3
    assert snapshot.status is VisitStatus.FINISHED
    assert snapshot.running == ()
