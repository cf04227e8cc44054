"""A visit started by mistake: discarded with a reason, on every store alike."""

from __future__ import annotations

import pytest

from tests.contract.conftest import write
from tests.contract.test_visit_writes import finish, sign
from tests.store.helpers import Seed, started
from timer_app.clinic.port import StorePort
from timer_app.errors import ChangedElsewhereError, UserError
from timer_app.session.clock import FakeClock
from timer_app.session.model import IntervalRemoved, IntervalStarted


def test_an_empty_visit_is_discarded_and_the_reason_kept(store: StorePort, seeded: Seed) -> None:
    visit = seeded.visit
    store.discard(visit.id, visit.revision, "wrong patient chosen", "Dana")
    with pytest.raises(UserError, match="no visit"):
        store.visits.get(visit.id)
    assert store.visits.find(on=visit.date) == []
    entry = store.audit.for_visit(visit.id)[-1]
    assert (entry.what, entry.reason, entry.who) == (
        "visit discarded", "wrong patient chosen", "Dana",
    )  # fmt: skip
    assert store.audit.chain_problems() == []


def test_a_visit_whose_only_tap_was_undone_is_empty(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    interval = started(seeded.visit, "97110", clock.now())
    write(store, seeded.visit.id, [IntervalStarted(interval)])
    visit = write(store, seeded.visit.id, [IntervalRemoved(interval)])
    store.discard(visit.id, visit.revision, "tapped by mistake", "Dana")
    assert store.visits.find(on=visit.date) == []


def test_what_may_not_be_discarded(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit = seeded.visit
    with pytest.raises(UserError, match="Say why"):
        store.discard(visit.id, visit.revision, "  ", "Dana")
    with pytest.raises(ChangedElsewhereError):
        store.discard(visit.id, visit.revision + 1, "stale screen", "Dana")
    timed = finish(store, seeded, clock)
    with pytest.raises(UserError, match="has timed codes"):
        store.discard(timed.id, timed.revision, "oops", "Dana")
    signed = sign(store, timed, seeded.therapist.id, clock)
    with pytest.raises(UserError, match="signed"):
        store.discard(signed.id, signed.revision, "oops", "Dana")
    assert store.visits.get(signed.id) == signed  # nothing changed
