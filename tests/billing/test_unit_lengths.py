"""Codes whose units are not 15 minutes, the disciplines that bill a code, and the flags
around group, evaluations and speech."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.session.conftest import make_timer
from timer_app.billing import (
    Discipline,
    TimedInterval,
    WarningKind,
    bill_visit,
    find_profile,
    load_catalog,
)
from timer_app.billing.units import midpoint_units, minutes_to_next_midpoint_unit
from timer_app.session import FakeClock

MEDICARE = find_profile("Medicare")
CATALOG = load_catalog()
T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def units(visit: list[tuple[str, int]], discipline: Discipline = Discipline.PT) -> dict[str, int]:
    billing = bill_visit([(code, minutes * 60) for code, minutes in visit], MEDICARE, discipline)
    return billing.units_by_code()


@pytest.mark.parametrize(
    ("minutes", "first", "further", "expected"),
    [(15, 30, 15, 0), (16, 30, 15, 1), (37, 30, 15, 1), (38, 30, 15, 2), (53, 30, 15, 3),
     (30, 60, 60, 0), (31, 60, 60, 1), (90, 60, 60, 1), (91, 60, 60, 2),
     (7, 15, 15, 0), (8, 15, 15, 1), (22, 15, 15, 1), (23, 15, 15, 2)],
)  # fmt: skip
def test_a_unit_counts_once_its_midpoint_is_passed(
    minutes: int, first: int, further: int, expected: int
) -> None:
    assert midpoint_units(minutes, first, further) == expected
    more = minutes_to_next_midpoint_unit(minutes, first, further)
    assert midpoint_units(minutes + more, first, further) == expected + 1
    assert midpoint_units(minutes + more - 1, first, further) == expected


def test_caregiver_training_first_30_minutes_then_15() -> None:
    assert units([("97550", 37)]) == {"97550": 1}
    assert units([("97550", 45), ("97551", 8)]) == {"97550": 1, "97551": 2}  # 53 minutes


def test_hourly_codes_count_on_their_own_not_in_the_pool() -> None:
    found = units([("96105", 31), ("92507", 20)], Discipline.SLP)
    assert found == {"96105": 1, "92507": 1}
    billing = bill_visit([("92607", 95 * 60)], MEDICARE, Discipline.SLP)
    assert billing.units_by_code() == {"92607": 1, "92608": 1}
    assert [(line.code, line.minutes) for line in billing.lines] == [("92607", 60), ("92608", 35)]
    assert billing.total_timed_units == 2


def test_the_pool_is_not_changed_by_an_hourly_code() -> None:
    """7 minutes of 97110 stay under 8 whatever the 45 minutes of 96125 beside it."""
    found = units([("97110", 7), ("96125", 45)], Discipline.OT)
    assert found == {"97110": 0, "96125": 1}


def test_a_code_short_of_its_first_unit_says_so() -> None:
    billing = bill_visit([("96105", 25 * 60)], MEDICARE, Discipline.SLP)
    [warning] = [w for w in billing.warnings if w.kind is WarningKind.NO_UNIT]
    assert "first unit is 60 minutes and counts once more than 30" in warning.message


def test_the_tile_counts_down_to_the_midpoint() -> None:
    clock = FakeClock()
    timer = make_timer(clock)
    timer.start("96105")
    clock.advance(20 * 60)
    figures = timer.snapshot().code("96105")
    assert (figures.units, figures.seconds_to_next_unit) == (0, 11 * 60)


def test_speech_pathologists_do_not_bill_97530_or_97150() -> None:
    for code in ("97530", "97150"):
        assert Discipline.SLP not in CATALOG[code].disciplines
    billing = bill_visit([("97530", 30 * 60)], MEDICARE, Discipline.SLP)
    assert WarningKind.DISCIPLINE_MISMATCH in [w.kind for w in billing.warnings]


def _block(code: str, start: int, end: int) -> TimedInterval:
    return TimedInterval(code, T0 + timedelta(minutes=start), T0 + timedelta(minutes=end))


def test_speech_group_beside_individual_speech_treatment_is_flagged() -> None:
    blocks = [_block("92507", 0, 30), _block("92508", 20, 50)]
    billing = bill_visit([("92507", 1800), ("92508", 1800)], MEDICARE, Discipline.SLP,
                         intervals=blocks)  # fmt: skip
    [warning] = [w for w in billing.warnings if w.kind is WarningKind.GROUP_WITH_ONE_ON_ONE]
    assert warning.codes == ("92508", "92507") and "overlap" in warning.message


def test_an_evaluation_beside_one_on_one_time_is_flagged() -> None:
    blocks = [_block("97161", 0, 30), _block("97110", 20, 40)]
    billing = bill_visit([("97161", 1800), ("97110", 1200)], MEDICARE, intervals=blocks)
    [warning] = [w for w in billing.warnings if w.kind is WarningKind.EVALUATION_WITH_TIMED]
    assert warning.codes == ("97161", "97110")
    apart = bill_visit([("97161", 1800), ("97110", 1200)], MEDICARE,
                       intervals=[_block("97161", 0, 30), _block("97110", 30, 50)])  # fmt: skip
    assert WarningKind.EVALUATION_WITH_TIMED not in [w.kind for w in apart.warnings]
