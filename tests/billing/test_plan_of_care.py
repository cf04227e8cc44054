"""Plan-of-care rules around their edges: the 9th-11th treatment day, a 89-91 day period,
an authorization used up, exceeded and expired."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timer_app.billing.plan_of_care import (
    AuthorizationUse,
    PlaceOfService,
    Urgency,
    authorization_problem,
    certification_problem,
    daily_cap_warning,
    period_days,
    progress_reminder,
    recertification_reminder,
    resets_progress_count,
    telehealth_modifier,
    treatment_day_number,
)

START = date(2026, 9, 1)


def _days(count: int, first: date = START) -> list[date]:
    """`count` treatment days, every other calendar day."""
    return [first + timedelta(days=2 * n) for n in range(count)]


@pytest.mark.parametrize(
    ("earlier_days", "expected"),
    [(8, None), (9, Urgency.DUE), (10, Urgency.OVERDUE)],
    ids=["9th day", "10th day", "11th day"],
)
def test_progress_report_due_on_the_tenth_treatment_day(earlier_days, expected) -> None:  # type: ignore[no-untyped-def]
    earlier = _days(earlier_days)
    today = earlier[-1] + timedelta(days=2)
    number = treatment_day_number(earlier, None, today)
    assert number == earlier_days + 1
    found = progress_reminder(number, 10)
    assert (found.urgency if found else None) is expected
    if found is not None:
        assert f"treatment day {number}" in found.words


def test_a_report_restarts_the_count_and_its_own_day_ends_the_period() -> None:
    days = _days(12)
    report = days[9]  # the 10th day carried the progress report
    today = days[-1] + timedelta(days=2)
    assert treatment_day_number(days, report, today) == 3  # days 11, 12 and today
    assert progress_reminder(3, 10) is None


def test_two_visits_on_one_day_are_one_treatment_day() -> None:
    days = [*_days(8), _days(8)[-1]]
    assert treatment_day_number(days, None, days[-1]) == 8


def test_a_payer_without_progress_reports_never_asks() -> None:
    assert progress_reminder(40, None) is None


def test_an_evaluation_or_re_evaluation_counts_as_the_report() -> None:
    evaluations = {"97161", "97164"}
    assert resets_progress_count(["97110", "97164"], evaluations)
    assert not resets_progress_count(["97110", "97140"], evaluations)


@given(st.lists(st.dates(date(2025, 1, 1), date(2026, 12, 31)), max_size=40))
def test_each_new_day_adds_one_treatment_day(days: list[date]) -> None:
    today = date(2027, 1, 1)
    before = treatment_day_number(days, None, today)
    assert before == len(set(days)) + 1
    assert treatment_day_number([*days, today], None, today) == before  # today counted once


@pytest.mark.parametrize(("length", "refused"), [(89, False), (90, False), (91, True)])
def test_medicare_certifies_at_most_90_days(length: int, refused: bool) -> None:
    ends = START + timedelta(days=length - 1)
    assert period_days(START, ends) == length
    problem = certification_problem(START, ends, 90, "Medicare")
    assert (problem is not None) is refused
    if problem:
        assert "at most 90 days" in problem and "11/29/2026" in problem  # the last allowed day


def test_other_payers_take_a_longer_period_and_no_one_takes_a_backwards_one() -> None:
    assert certification_problem(START, START + timedelta(days=179), None) is None
    problem = certification_problem(START, START - timedelta(days=1), 90)
    assert problem is not None and "before it starts" in problem


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(8, None), (7, Urgency.DUE), (0, Urgency.DUE), (-1, Urgency.OVERDUE)],
)
def test_recertification_shown_within_seven_days_and_overdue_after(days_left, expected) -> None:  # type: ignore[no-untyped-def]
    ends = date(2026, 11, 30)
    found = recertification_reminder(ends, ends - timedelta(days=days_left))
    assert (found.urgency if found else None) is expected
    if expected is Urgency.OVERDUE:
        assert found is not None and "overdue" in found.words and "1 day ago" in found.words


def _use(visits: int | None, used: int, units: int | None = None, used_units: int = 0):  # type: ignore[no-untyped-def]
    return AuthorizationUse(START, date(2026, 10, 31), visits, units, used, used_units)


def test_an_authorization_says_what_is_used_and_left() -> None:
    use = _use(12, 5)
    assert use.summary() == "Authorization: 5 of 12 visits used, 7 left; until 10/31/2026"
    assert use.reminder(date(2026, 10, 1)) is None


def test_an_authorization_used_up_exceeded_and_expired() -> None:
    used_up = _use(12, 12).reminder(date(2026, 10, 1))
    assert used_up is not None and used_up.urgency is Urgency.DUE and "used up" in used_up.words
    over = _use(None, 0, units=24, used_units=26).reminder(date(2026, 10, 1))
    assert over is not None and over.overdue and "2 units over" in over.words
    assert _use(12, 3).reminder(date(2026, 10, 31)) is None  # its last day still counts
    expired = _use(12, 3).reminder(date(2026, 11, 1))
    assert expired is not None and expired.overdue and "expired on 10/31/2026" in expired.words


def test_an_authorization_needs_dates_in_order_and_a_count() -> None:
    assert authorization_problem(START, START, 1, None) is None
    no_count = authorization_problem(START, START, None, None)
    assert no_count is not None and "how many visits or units" in no_count
    assert "before it starts" in str(authorization_problem(START, START - timedelta(1), 3, None))
    assert "1 or more" in str(authorization_problem(START, START, 0, None))


def test_telehealth_lines_carry_the_payers_modifier() -> None:
    assert telehealth_modifier(PlaceOfService.OFFICE, False, "95", "93") is None
    assert telehealth_modifier(PlaceOfService.HOME, False, "95", "93") is None
    assert telehealth_modifier(PlaceOfService.TELEHEALTH_HOME, False, "95", "93") == "95"
    assert telehealth_modifier(PlaceOfService.TELEHEALTH, True, "95", "93") == "93"


def test_a_daily_unit_cap_is_flagged_only_above_it() -> None:
    assert daily_cap_warning("Acme", 4, 4) is None and daily_cap_warning("Acme", 9, None) is None
    assert "at most 4 units a day" in str(daily_cap_warning("Acme", 5, 4))


def test_the_numbers_live_in_the_payer_profile() -> None:
    from timer_app.billing.profiles import find_profile

    medicare = find_profile("Medicare")
    assert (medicare.progress_report_every, medicare.certification_max_days) == (10, 90)
    assert (medicare.telehealth_modifier, medicare.audio_only_modifier) == ("95", "93")
    commercial = find_profile("Commercial (AMA)")
    assert commercial.progress_report_every is None and commercial.daily_unit_cap is None
