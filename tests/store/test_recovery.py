"""Crash recovery: a running interval comes back with its heartbeat and gap; nothing silent."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

from tests.store.helpers import Seed, seed, started
from timer_app.billing import Discipline, find_profile
from timer_app.errors import UserError
from timer_app.session import VisitTimer
from timer_app.session.clock import FakeClock
from timer_app.session.model import IntervalStarted
from timer_app.store import Store


def _crash_with_running(store: Store, seeded: Seed, clock: FakeClock) -> str:
    interval = started(seeded.visit, "97110", clock.now())
    store.apply([IntervalStarted(interval)], who="Dana")
    for _ in range(3):
        clock.advance(5)
        store.beat()
    return interval.id


def test_running_interval_comes_back_with_its_gap(
    store: Store, seeded: Seed, clock: FakeClock
) -> None:
    start = clock.now()
    interval_id = _crash_with_running(store, seeded, clock)
    last_beat = clock.now()
    clock.advance(600)  # the program was down for ten minutes
    [recovered] = store.recovered_intervals()
    assert recovered.interval.id == interval_id and recovered.interval.start == start
    assert recovered.last_heartbeat == last_beat
    assert recovered.gap_seconds == 600
    assert "10 min 00 s" in recovered.message


def test_end_at_heartbeat_bills_only_the_seen_time(
    store: Store, seeded: Seed, clock: FakeClock
) -> None:
    interval_id = _crash_with_running(store, seeded, clock)
    clock.advance(600)
    store.end_recovered(interval_id, who="Dana")
    [interval] = store.visits.get(seeded.visit.id).intervals
    assert interval.duration_ms == 15_000 and interval.end == clock.now() - timedelta(seconds=600)
    assert store.recovered_intervals() == []
    entry = store.audit.for_visit(seeded.visit.id)[-1]
    assert entry.what == "interval recovered" and "600 s unseen not billed" in entry.reason


def test_keep_running_is_recorded(store: Store, seeded: Seed, clock: FakeClock) -> None:
    interval_id = _crash_with_running(store, seeded, clock)
    clock.advance(60)
    store.keep_recovered(interval_id, who="Dana")
    assert [r.interval.id for r in store.recovered_intervals()] == [interval_id]
    entry = store.audit.for_visit(seeded.visit.id)[-1]
    assert entry.what == "interval edited" and "kept running" in entry.reason
    with pytest.raises(UserError, match="not waiting for recovery"):
        store.end_recovered("nope", who="Dana")


def test_with_the_timer_engine_across_a_restart(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "clinic.sqlite3"
    with Store.open(path, clock=clock) as store:
        seeded = seed(store)
        timer = VisitTimer(
            visit_id=seeded.visit.id, clinician_id=seeded.therapist.id,
            visit_date=clock.now().date(), tz=UTC, profile=find_profile("Medicare"),
            discipline=Discipline.PT, clock=clock,
        )  # fmt: skip
        store.apply(timer.start("97110"), who="Dana")
        clock.advance(8 * 60)
        store.apply(timer.start("97140"), who="Dana")  # 97110 stops: one-on-one
        clock.advance(4)
        store.beat()
        clock.advance(2)
        # the power goes: the store is never told
    clock.advance(300)
    with Store.open(path, clock=clock) as store:
        [recovered] = store.recovered_intervals()
        assert recovered.interval.code == "97140" and recovered.gap_seconds == 302
        visit = store.visits.get(seeded.visit.id)
        assert [(i.code, i.duration_ms) for i in visit.intervals] == [
            ("97110", 480_000), ("97140", 0),
        ]  # fmt: skip
        timer = VisitTimer(
            visit_id=visit.id, clinician_id=visit.clinician_id, visit_date=visit.date, tz=UTC,
            profile=find_profile("Medicare"), discipline=visit.discipline, clock=clock,
            intervals=visit.intervals,
        )  # fmt: skip
        heartbeat = store.last_heartbeat()
        assert heartbeat is not None
        store.apply(timer.end_at_heartbeat(recovered.interval.id, heartbeat), who="Dana")
        assert store.visits.get(visit.id).intervals[1].duration_ms == 4000
        assert store.recovered_intervals() == []
