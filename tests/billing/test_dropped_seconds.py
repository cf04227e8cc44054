"""Tiles 39:15, visit 37 minutes: the explanation says why, in words (issue 14)."""

from __future__ import annotations

from dataclasses import replace

from timer_app.billing import bill_visit, profile_for_rule
from timer_app.billing.profiles import MinutesPolicy

SECONDS = {"97110": 13 * 60 + 59, "97140": 12 * 60 + 58, "97530": 12 * 60 + 18}  # 39:15


def test_seconds_dropped_per_code_are_explained() -> None:
    billing = bill_visit(SECONDS, profile_for_rule("cms"))
    assert billing.total_timed_minutes == 37
    (reason,) = [s for s in billing.explanation if s.startswith("Each code's seconds")]
    assert "turned into whole minutes (its leftover seconds dropped) before the rule" in reason
    assert "97110 13:59 is 13 minutes, 97140 12:58 is 12 minutes, 97530 12:18 is 12" in reason
    assert "39:15 timed in all bills 37 minutes" in reason


def test_nothing_is_said_when_the_minutes_add_up() -> None:
    billing = bill_visit({"97110": 20 * 60 + 40, "97140": 18 * 60 + 10}, profile_for_rule("cms"))
    assert billing.total_timed_minutes == 38  # 38:50 timed: 38 either way
    assert not [s for s in billing.explanation if s.startswith("Each code's seconds")]


def test_a_payer_rounding_to_the_nearest_minute_says_so() -> None:
    nearest = replace(profile_for_rule("ama"), minutes_policy=MinutesPolicy.NEAREST)
    billing = bill_visit({"97110": 10 * 60 + 30, "97116": 10 * 60 + 30}, nearest)
    assert billing.total_timed_minutes == 22  # 21:00 timed
    (reason,) = [s for s in billing.explanation if s.startswith("Each code's seconds")]
    assert "rounded to the nearest whole minute (half a minute up)" in reason
    assert "21:00 timed in all bills 22 minutes" in reason
