"""Amendments: a signed visit is copied into a new version; the original stays as signed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.store.helpers import Seed, ended, started
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.session.model import IntervalEdited, IntervalEnded, IntervalStarted, VisitStatus
from timer_app.session.model import VisitStatusChanged as Status
from timer_app.store import Store, Visit


def _signed(store: Store, seeded: Seed, clock: FakeClock) -> Visit:
    interval = started(seeded.visit, "97110", clock.now())
    store.apply([IntervalStarted(interval)], who="Dana")
    store.apply(
        [IntervalEnded(ended(interval, 1500)), Status(seeded.visit.id, VisitStatus.FINISHED)],
        who="Dana",
    )
    store.visits.set_chosen_units(seeded.visit.id, {"97110": 2}, "Dana")
    return store.sign(seeded.visit.id, seeded.therapist.id, who="Dana")


def test_amendment_is_a_new_version(store: Store, seeded: Seed, clock: FakeClock) -> None:
    original = _signed(store, seeded, clock)
    clock.advance(3600)
    amended = store.amend(original.id, "97140 was billed as 97110", who="Dana")
    assert amended.id != original.id
    assert (amended.version, amended.amends_id, amended.status) == (
        2, original.id, VisitStatus.FINISHED,
    )  # fmt: skip
    assert amended.signed_by is None and amended.chosen_units == {"97110": 2}
    assert amended.diagnoses == original.diagnoses
    assert [(i.code, i.start, i.end, i.duration_ms) for i in amended.intervals] == [
        (i.code, i.start, i.end, i.duration_ms) for i in original.intervals
    ]
    assert {i.id for i in amended.intervals}.isdisjoint(i.id for i in original.intervals)
    entry = store.audit.for_visit(amended.id)[-1]
    assert (entry.what, entry.reason, entry.who) == (
        "visit amended", "97140 was billed as 97110", "Dana",
    )  # fmt: skip
    assert store.visits.get(original.id) == original  # never edited in place


def test_the_new_version_is_edited_and_signed(store: Store, seeded: Seed, clock: FakeClock) -> None:
    original = _signed(store, seeded, clock)
    amended = store.amend(original.id, "wrong code", who="Dana")
    copy = amended.intervals[0]
    store.apply([IntervalEdited(copy, replace(copy, code="97140"), "wrong code")], who="Dana")
    resigned = store.sign(amended.id, seeded.therapist.id, who="Dana")
    assert [i.code for i in resigned.intervals] == ["97140"]
    assert store.visits.get(original.id).intervals[0].code == "97110"
    # lists show the latest version only; the history has both
    assert store.visits.for_day(original.date) == [resigned]
    assert [v.id for v in store.visits.history(resigned.id)] == [original.id, resigned.id]
    assert len(store.visits.find(on=original.date, include_history=True)) == 2


def test_amendment_refusals(store: Store, seeded: Seed, clock: FakeClock) -> None:
    with pytest.raises(UserError, match="not signed yet"):
        store.amend(seeded.visit.id, "why", who="Dana")
    original = _signed(store, seeded, clock)
    with pytest.raises(UserError, match="needs a reason"):
        store.amend(original.id, "  ", who="Dana")
    store.amend(original.id, "first fix", who="Dana")
    with pytest.raises(UserError, match="has been amended"):
        store.amend(original.id, "second fix of the old version", who="Dana")
