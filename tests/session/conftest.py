"""A visit on a fake clock: 2 November 2026, 08:00 in Chicago (14:00 UTC).

The engine's own tests take every decision at once, as the treatment service does after
the store wrote it: `make_timer` hands out a timer whose commands decide, evolve and
return the changes. Tests of decide-without-evolve use `VisitTimer` directly (`bare`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from timer_app.billing import Discipline, profile_for_rule
from timer_app.session import Change, Decision, FakeClock, Interval, VisitStatus, VisitTimer

CHICAGO = ZoneInfo("America/Chicago")
VISIT_DAY = date(2026, 11, 2)
VISIT_ID = 41
THERAPIST = 7
ASSISTANT = 8


class Applying:
    """A timer whose commands are stored at once: decide, evolve, return the changes."""

    def __init__(self, timer: VisitTimer) -> None:
        self.__dict__["timer"] = timer

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.timer, name)
        if not callable(found) or name not in COMMANDS:
            return found

        def applied(*args: Any, **kwargs: Any) -> tuple[Change, ...]:
            decision: Decision = found(*args, **kwargs)
            self.timer.evolve(decision)
            return decision.changes

        return applied

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.timer, name, value)


COMMANDS = frozenset(
    "start stop toggle pause_all resume end_visit reopen undo edit_interval sign "
    "end_at_heartbeat keep_running".split()
)


def bare(
    clock: FakeClock,
    rule: str = "cms",
    intervals: tuple[Interval, ...] = (),
    visit_id: int = VISIT_ID,
    clinician_id: int = THERAPIST,
    status: VisitStatus = VisitStatus.OPEN,
) -> VisitTimer:
    """A timer as the treatment service holds it: commands only decide."""
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


def make_timer(clock: FakeClock, **options: Any) -> VisitTimer:
    """A timer whose commands are applied at once (see the module's words)."""
    return cast(VisitTimer, Applying(bare(clock, **options)))


def applied(timer: VisitTimer, command: Callable[[VisitTimer], Decision]) -> tuple[Change, ...]:
    decision = command(timer)
    timer.evolve(decision)
    return decision.changes


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timer(clock: FakeClock) -> VisitTimer:
    return make_timer(clock)
