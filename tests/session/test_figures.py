"""Live figures: elapsed time, units so far and time to the next unit, per tile and in total."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.session.conftest import ASSISTANT, CHICAGO, VISIT_DAY, Applying, make_timer
from timer_app.billing import Discipline
from timer_app.billing.profiles import MinutesPolicy, PayerProfile, Rule
from timer_app.billing.units import chart_units, to_minutes
from timer_app.session import FakeClock, Interval, VisitStatus, VisitTimer, code_seconds
from timer_app.session.next_unit import own_next_unit, pooled_next_unit


def test_an_empty_visit_has_no_figures(timer: VisitTimer, clock: FakeClock) -> None:
    snapshot = timer.snapshot()
    assert snapshot.codes == () and snapshot.billing is None and snapshot.billing_problem is None
    assert (snapshot.total_timed_minutes, snapshot.total_timed_units) == (0, 0)
    assert snapshot.at == clock.now() and snapshot.status is VisitStatus.OPEN


def test_codes_come_in_start_order_with_their_tiles(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97140")
    clock.advance(60)
    timer.start("97010")
    timer.start("97110")
    snapshot = timer.snapshot()
    assert [f.code for f in snapshot.codes] == ["97140", "97010", "97110"]
    assert snapshot.running == ("97010", "97110")
    assert snapshot.code("97140").tile == "Manual therapy" and not snapshot.code("97140").running
    assert snapshot.can_undo


def test_elapsed_is_the_sum_of_milliseconds_floored_once(
    timer: VisitTimer, clock: FakeClock
) -> None:
    for _ in range(3):  # 3 x 0.6 s = 1.8 s: 1 second, not 0 (each floored) nor 2 (rounded)
        timer.start("97110")
        clock.advance(0.6)
        timer.stop("97110")
    assert timer.snapshot().code("97110").elapsed_seconds == 1


def test_cms_units_and_the_pooled_next_unit(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97110")
    clock.advance(10 * 60)
    timer.start("97140")
    clock.advance(5 * 60 + 30)
    snapshot = timer.snapshot()  # 10 + 5 = 15 minutes: 1 unit; 23 minutes give the second
    assert snapshot.total_timed_minutes == 15 and snapshot.total_timed_units == 1
    assert snapshot.code("97110").units == 1 and snapshot.code("97140").units == 0
    assert snapshot.code("97110").seconds_to_next_unit == 7 * 60 + 30
    assert snapshot.code("97140").seconds_to_next_unit == 7 * 60 + 30


def test_ama_next_unit_is_per_code(clock: FakeClock) -> None:
    timer = make_timer(clock, rule="ama")
    timer.start("97110")
    clock.advance(10 * 60)
    timer.start("97140")
    clock.advance(5 * 60 + 30)
    snapshot = timer.snapshot()
    assert snapshot.code("97110").units == 1 and snapshot.code("97140").units == 0
    assert snapshot.code("97110").seconds_to_next_unit == 13 * 60  # 10 -> 23 minutes
    assert snapshot.code("97140").seconds_to_next_unit == 2 * 60 + 30  # 5:30 -> 8:00


def test_cms_next_unit_when_nothing_runs_is_each_codes_own_restart(
    timer: VisitTimer, clock: FakeClock
) -> None:
    timer.start("97110")
    clock.advance(10 * 60 + 20)
    timer.start("97140")
    clock.advance(5 * 60 + 50)
    timer.pause_all()
    snapshot = timer.snapshot()  # pooled 10 + 5 = 15 minutes; 23 needs 8 more minutes
    assert snapshot.code("97110").seconds_to_next_unit == 8 * 60 - 20
    assert snapshot.code("97140").seconds_to_next_unit == 8 * 60 - 50


def test_two_clinicians_timing_at_once_fill_the_pool_twice_as_fast(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start("97110")
    timer.start("97530", ASSISTANT)
    clock.advance(4 * 60)  # 4 + 4 = 8 minutes: 1 unit; the next at 23 pooled minutes
    # 11:30 each is 11 + 11 = 22 (each code floors on its own); 12 + 12 = 24 earns it
    assert timer.snapshot().code("97110").seconds_to_next_unit == 8 * 60


def test_untimed_codes_bill_once_and_have_no_next_unit(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97012")
    timer.start("97110")
    clock.advance(20 * 60)
    snapshot = timer.snapshot()
    traction = snapshot.code("97012")
    assert (traction.timed, traction.units, traction.seconds_to_next_unit) == (False, 1, None)
    assert snapshot.total_timed_minutes == 20 and snapshot.total_treatment_minutes == 20


def test_treatment_minutes_count_overlapping_time_once(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97012")
    clock.advance(10 * 60)
    timer.start("97110")
    clock.advance(10 * 60)
    timer.stop("97012")
    clock.advance(5 * 60)
    snapshot = timer.snapshot()
    assert snapshot.total_timed_minutes == 15 and snapshot.total_treatment_minutes == 25


def test_97129_and_97130_are_one_activity(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97129")
    clock.advance(30 * 60)
    snapshot = timer.snapshot()
    assert snapshot.code("97129").units == 1
    assert snapshot.billing is not None and snapshot.billing.units_by_code()["97130"] == 1


def test_the_snapshot_carries_the_billing(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97110")
    clock.advance(8 * 60)
    snapshot = timer.snapshot()
    assert snapshot.billing is not None
    assert snapshot.billing.units_by_code() == {"97110": 1}
    assert snapshot.billing.rule is Rule.CMS


def test_billing_is_asked_once_for_the_same_moment(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97110")
    clock.advance(60)
    assert timer.snapshot().billing is timer.snapshot().billing
    clock.advance(1)
    timer.stop("97110")
    first = timer.snapshot().billing
    clock.advance(600)  # nothing runs: the figures and the billing stay the same
    assert timer.snapshot().billing is first


def test_billings_refusal_is_shown_not_raised(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start("97110")
    clock.advance(25 * 3600)  # left running past a whole day
    snapshot = timer.snapshot()
    assert snapshot.billing is None and snapshot.billing_problem is not None
    assert "24 hours" in snapshot.billing_problem
    assert snapshot.code("97110").elapsed_seconds == 25 * 3600


def test_nearest_minutes_policy_moves_the_next_unit_half_a_minute() -> None:
    assert own_next_unit(7 * 60, MinutesPolicy.NEAREST) == 30  # 7:30 rounds to 8 minutes
    assert own_next_unit(0, MinutesPolicy.NEAREST) == 7 * 60 + 30


class JumpyClock:
    """A wall clock that NTP sets back; the monotonic clock keeps going."""

    def __init__(self) -> None:
        self.wall = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
        self.mono = 50.0

    def monotonic(self) -> float:
        return self.mono

    def now(self) -> datetime:
        return self.wall


def test_a_wall_clock_jump_neither_stretches_nor_shrinks_time() -> None:
    clock = JumpyClock()
    timer = make_timer(clock)  # type: ignore[arg-type]
    (started,) = timer.start("97110")
    clock.mono += 600
    clock.wall += timedelta(minutes=10) - timedelta(hours=1)  # set back one hour
    (ended,) = timer.stop("97110")
    assert ended.interval.duration_ms == 600_000
    # the wall time moves on with the monotonic clock until the set-back clock catches up
    assert ended.interval.end == started.interval.start + timedelta(minutes=10)
    assert timer.snapshot().code("97110").elapsed_seconds == 600
    clock.mono += 60
    clock.wall += timedelta(hours=2)  # a clock set forward is believed
    (restarted,) = timer.start("97110")
    assert restarted.interval.start == clock.wall


def test_a_running_interval_restored_from_storage_counts_from_its_wall_start(
    clock: FakeClock,
) -> None:
    stored = Interval("a" * 32, 41, "97110", 7, clock.now() - timedelta(minutes=12), None)
    timer = make_timer(clock, intervals=(stored,))
    assert timer.snapshot().code("97110").elapsed_seconds == 12 * 60
    clock.advance(60)
    (ended,) = timer.stop("97110")
    assert ended.interval.duration_ms == 13 * 60_000


# --- the next-unit arithmetic against a second-by-second count ------------------------------


def _brute_pooled(seconds: dict[str, int], running: set[str], policy: MinutesPolicy) -> int:
    def units(extra: int) -> int:
        return chart_units(
            sum(to_minutes(s + (extra if k in running else 0), policy) for k, s in seconds.items())
        )

    target = units(0) + 1
    wait = 0
    while units(wait) < target:
        wait += 1
    return wait


policies = st.sampled_from(list(MinutesPolicy))
activity_seconds = st.dictionaries(
    st.sampled_from(["97110", "97140", "97530", "97112"]),
    st.integers(0, 3 * 3600),
    min_size=1,
)


@given(activity_seconds, st.data(), policies)
def test_pooled_next_unit_is_the_first_second_that_earns_a_unit(
    seconds: dict[str, int], data: st.DataObject, policy: MinutesPolicy
) -> None:
    running = data.draw(st.sets(st.sampled_from(sorted(seconds)), min_size=1))
    assert pooled_next_unit(seconds, running, policy) == _brute_pooled(seconds, running, policy)


@given(st.integers(0, 5 * 3600), policies)
def test_own_next_unit_is_the_first_second_that_earns_a_unit(
    seconds: int, policy: MinutesPolicy
) -> None:
    assert own_next_unit(seconds, policy) == _brute_pooled({"x": seconds}, {"x"}, policy)


def test_each_tile_names_who_timed_it(timer: VisitTimer, clock: FakeClock) -> None:
    timer.start("97530", ASSISTANT)
    clock.advance(60)
    timer.stop("97530")
    timer.start("97530")
    assert timer.snapshot().code("97530").clinician_ids == (ASSISTANT, 7)


def test_code_seconds_sums_milliseconds_before_flooring(clock: FakeClock) -> None:
    start = clock.now()
    ended = [
        Interval(f"{n:032x}", 41, "97110", 7, start + timedelta(seconds=n), start, 600)
        for n in range(3)
    ]
    running = Interval("f" * 32, 41, "97140", 7, start, None)
    assert code_seconds([*ended, running]) == {"97110": 1}


def test_the_payers_nearest_minute_policy_reaches_the_tiles(clock: FakeClock) -> None:
    timer = Applying(VisitTimer(
        visit_id=41,
        clinician_id=7,
        visit_date=VISIT_DAY,
        tz=CHICAGO,
        profile=PayerProfile("Nearest", Rule.AMA, minutes_policy=MinutesPolicy.NEAREST),
        discipline=Discipline.PT,
        clock=clock,
    ))
    timer.start("97110")
    clock.advance(7 * 60 + 10)
    figures = timer.snapshot().code("97110")
    assert (figures.units, figures.seconds_to_next_unit) == (0, 20)
    clock.advance(20)
    assert timer.snapshot().code("97110").units == 1


def test_a_busy_visit_snapshot_is_cheap(timer: VisitTimer, clock: FakeClock) -> None:
    tiles = ["97110", "97140", "97530", "97112", "97116", "97010"]
    tiles += ["97035", "97012", "97129", "97016", "97018", "97161"]
    for _ in range(4):
        for code in tiles:
            timer.toggle(code)
            clock.advance(37)
    started = time.perf_counter()
    for _ in range(100):
        clock.advance(1)
        timer.snapshot()
    per_snapshot = (time.perf_counter() - started) / 100
    assert per_snapshot < 0.01  # well under a frame; measured ~0.3 ms
