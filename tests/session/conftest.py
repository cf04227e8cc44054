"""A visit on a fake clock: 2 November 2026, 08:00 in Chicago (14:00 UTC)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from timer_app.billing import Discipline, profile_for_rule
from timer_app.session import FakeClock, Interval, VisitStatus, VisitTimer

CHICAGO = ZoneInfo("America/Chicago")
VISIT_DAY = date(2026, 11, 2)
VISIT_ID = 41
THERAPIST = 7
ASSISTANT = 8


def make_timer(
    clock: FakeClock,
    rule: str = "cms",
    intervals: tuple[Interval, ...] = (),
    visit_id: int = VISIT_ID,
    clinician_id: int = THERAPIST,
    status: VisitStatus = VisitStatus.OPEN,
) -> VisitTimer:
    return VisitTimer(
        visit_id=visit_id,
        clinician_id=clinician_id,
        visit_date=VISIT_DAY,
        tz=CHICAGO,
        profile=profile_for_rule(rule),
        discipline=Discipline.PT,
        clock=clock,
        intervals=intervals,
        status=status,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timer(clock: FakeClock) -> VisitTimer:
    return make_timer(clock)
