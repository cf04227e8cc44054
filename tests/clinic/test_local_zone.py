"""This computer's zone found in the zone database, and a visit across midnight.

The clinic's zone used to be the offset in force when the program started (a fixed
offset): the other side of a daylight-saving change read 1 h off.
"""

from __future__ import annotations

import time as system_time
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.clinic.conftest import seed_clinic
from timer_app.clinic import ClinicServices
from timer_app.clinic.services import this_computers_zone
from timer_app.local_zone import find_local_zone
from timer_app.session import FakeClock
from timer_app.store import MemoryStore

NEW_YORK = ZoneInfo("America/New_York")


def local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NEW_YORK).astimezone(UTC)


@pytest.fixture
def computer_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set TZ (and the C library's zone) for one test; put both back after it."""
    yield monkeypatch
    monkeypatch.undo()
    system_time.tzset()


def set_tz(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("TZ", raising=False)
    else:
        monkeypatch.setenv("TZ", value)
    system_time.tzset()


def test_the_computers_zone_is_a_zone_of_the_database(computer_zone: pytest.MonkeyPatch) -> None:
    set_tz(computer_zone, "America/Chicago")
    assert this_computers_zone() == ZoneInfo("America/Chicago")
    set_tz(computer_zone, ":/usr/share/zoneinfo/America/Chicago")  # TZ as a file
    assert find_local_zone() == ZoneInfo("America/Chicago")


def test_the_computers_zone_reads_each_instants_own_offset(
    computer_zone: pytest.MonkeyPatch,
) -> None:
    """The program left running over the change: summer and winter each read their hour."""
    set_tz(computer_zone, "America/New_York")
    zone = this_computers_zone()
    summer, winter = datetime(2026, 7, 1, 12, tzinfo=UTC), datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert (summer.astimezone(zone).hour, winter.astimezone(zone).hour) == (8, 7)


def test_without_tz_the_zone_is_etc_localtimes_target_else_etc_timezone(
    computer_zone: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    set_tz(computer_zone, None)
    (tmp_path / "localtime").symlink_to("/usr/share/zoneinfo/America/Denver")
    assert find_local_zone(tmp_path) == ZoneInfo("America/Denver")
    (tmp_path / "localtime").unlink()
    (tmp_path / "timezone").write_text("America/Phoenix\n", encoding="utf-8")
    assert find_local_zone(tmp_path) == ZoneInfo("America/Phoenix")


def test_a_tz_rule_that_names_no_zone_falls_back_to_the_fixed_offset(
    computer_zone: pytest.MonkeyPatch,
) -> None:
    set_tz(computer_zone, "XST3")  # a POSIX rule: the C library follows it, not a zone name
    found = find_local_zone()
    assert not isinstance(found, ZoneInfo)
    assert found.utcoffset(None) == timedelta(hours=-3)


# --- across midnight --------------------------------------------------------------------------


def test_a_visit_across_midnight_bills_its_minutes_on_the_day_it_started() -> None:
    """23:50 -> 00:20: 30 minutes, two units, dated the day it started."""
    evening = date(2027, 1, 15)
    clock = FakeClock(local(evening, 23, 50))
    store = MemoryStore(clock)
    seed_clinic(store)
    clinic = ClinicServices(store, clock, NEW_YORK)
    treatment = clinic.treatment
    patient = clinic.setup.patients("Lopez")[0]
    timer = treatment.start_visit(patient.id, treatment.clinicians()[0].id)
    treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(30 * 60)
    treatment.run(timer.visit_id, lambda t: t.end_visit())
    visit = treatment.visit(timer.visit_id)
    assert visit.date == evening
    (interval,) = visit.intervals
    assert interval.end is not None and interval.end.astimezone(NEW_YORK).date() == evening + (
        timedelta(days=1)
    )
    assert interval.duration_ms == 30 * 60_000
    billing = treatment.billing(visit)
    assert billing is not None
    assert (billing.total_timed_minutes, billing.total_timed_units) == (30, 2)
