"""apply(): each batch of the engine's changes is one transaction; signed visits are refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.store.helpers import Seed, ended, started
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.session.model import (
    IntervalEdited,
    IntervalEnded,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.store import Store


def _finish(store: Store, seeded: Seed, clock: FakeClock, seconds: int = 900) -> None:
    interval = started(seeded.visit, "97110", clock.now())
    store.apply([IntervalStarted(interval)], who="Dana")
    clock.advance(seconds)
    store.apply(
        [IntervalEnded(ended(interval, seconds)),
         VisitStatusChanged(seeded.visit.id, VisitStatus.FINISHED)],
        who="Dana",
    )  # fmt: skip


def test_start_is_written_at_once_and_end_updates_it(
    store: Store, seeded: Seed, clock: FakeClock
) -> None:
    interval = started(seeded.visit, "97110", clock.now())
    store.apply([IntervalStarted(interval)], who="Dana")
    assert store.visits.get(seeded.visit.id).intervals == (interval,)
    store.apply([IntervalEnded(ended(interval, 754))], who="Dana")
    assert store.visits.get(seeded.visit.id).intervals == (ended(interval, 754),)
    store.apply([IntervalReopened(interval)], who="Dana")
    assert store.visits.get(seeded.visit.id).intervals == (interval,)
    store.apply([IntervalRemoved(interval)], who="Dana")
    assert store.visits.get(seeded.visit.id).intervals == ()


def test_every_write_counts_as_a_heartbeat(store: Store, seeded: Seed, clock: FakeClock) -> None:
    clock.advance(42)
    store.apply([IntervalStarted(started(seeded.visit, "97110", clock.now()))], who="Dana")
    assert store.last_heartbeat() == clock.now()


def test_a_failing_batch_leaves_nothing_behind(
    store: Store, seeded: Seed, clock: FakeClock
) -> None:
    good = started(seeded.visit, "97110", clock.now())
    missing = started(seeded.visit, "97140", clock.now())
    before = store.db.execute("SELECT count(*) FROM interval").fetchone()
    with pytest.raises(UserError, match="no interval"):
        store.apply(
            [IntervalStarted(good), VisitStatusChanged(seeded.visit.id, VisitStatus.FINISHED),
             IntervalEnded(ended(missing, 60))],
            who="Dana",
        )  # fmt: skip
    assert store.db.execute("SELECT count(*) FROM interval").fetchone() == before
    assert store.visits.get(seeded.visit.id).status is VisitStatus.OPEN
    assert store.audit.for_visit(seeded.visit.id) == []


def test_edits_and_status_changes_are_audited(store: Store, seeded: Seed, clock: FakeClock) -> None:
    _finish(store, seeded, clock)
    interval = store.visits.get(seeded.visit.id).intervals[0]
    later = replace(interval, start=interval.start + timedelta(minutes=2), duration_ms=780_000)
    store.apply([IntervalEdited(interval, later, "started late")], who="Dana")
    entries = store.audit.for_visit(seeded.visit.id)
    assert [e.what for e in entries] == ["visit status", "interval edited"]
    assert entries[0].before == {"status": "open"} and entries[0].after == {"status": "finished"}
    edit = entries[1]
    assert edit.reason == "started late" and edit.who == "Dana"
    assert edit.before is not None and edit.after is not None
    assert edit.before["duration_ms"] == 900_000 and edit.after["duration_ms"] == 780_000
    assert store.visits.get(seeded.visit.id).intervals == (later,)
    with pytest.raises(UserError, match="reason"):
        store.apply([IntervalEdited(later, interval, " ")], who="Dana")


def test_signing_locks_the_visit(store: Store, seeded: Seed, clock: FakeClock) -> None:
    _finish(store, seeded, clock)
    clock.advance(5)
    signed = store.sign(seeded.visit.id, seeded.therapist.id, who="Dana")
    assert signed.status is VisitStatus.SIGNED
    assert signed.signed_by == seeded.therapist.id and signed.signed_at == clock.now()
    interval = signed.intervals[0]
    for change in (
        IntervalStarted(started(signed, "97140", clock.now())),
        IntervalEdited(interval, replace(interval, code="97140"), "wrong code"),
        IntervalRemoved(interval),
        VisitStatusChanged(signed.id, VisitStatus.OPEN),
    ):
        with pytest.raises(UserError, match="signed; it cannot be changed in place"):
            store.apply([change], who="Dana")
    with pytest.raises(UserError, match="signed"):
        store.visits.set_chosen_units(signed.id, {"97110": 1}, "Dana")
    assert store.visits.get(signed.id) == signed


def test_the_engine_signature_change_is_stored(
    store: Store, seeded: Seed, clock: FakeClock
) -> None:
    _finish(store, seeded, clock)
    change = VisitStatusChanged(
        seeded.visit.id, VisitStatus.SIGNED, seeded.assistant.id, clock.now()
    )
    store.apply([change], who="Sam")
    visit = store.visits.get(seeded.visit.id)
    assert (visit.status, visit.signed_by, visit.signed_at) == (
        VisitStatus.SIGNED, seeded.assistant.id, clock.now(),
    )  # fmt: skip
    assert store.audit.for_visit(visit.id)[-1].what == "visit signed"


def test_refused_moves(store: Store, seeded: Seed, clock: FakeClock) -> None:
    with pytest.raises(UserError, match="end it before signing"):
        store.sign(seeded.visit.id, seeded.therapist.id, who="Dana")
    running = started(seeded.visit, "97110", clock.now())
    store.apply([IntervalStarted(running)], who="Dana")
    store.db.execute("UPDATE visit SET status = 'finished'")
    store.db.conn.commit()
    with pytest.raises(UserError, match="still running"):
        store.sign(seeded.visit.id, seeded.therapist.id, who="Dana")
    with pytest.raises(UserError, match="only a signed visit"):
        store.mark_billed(seeded.visit.id, who="Front desk")


def test_billing_a_signed_visit(store: Store, seeded: Seed, clock: FakeClock) -> None:
    _finish(store, seeded, clock)
    store.sign(seeded.visit.id, seeded.therapist.id, who="Dana")
    billed = store.mark_billed(seeded.visit.id, who="Front desk")
    assert billed.status is VisitStatus.BILLED
    assert store.visits.record_payment(billed.id, 1500, "Front desk").amount_paid_cents == 1500
