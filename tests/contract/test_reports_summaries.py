"""The reports' summaries of visits on every store: the lines as signed, what was paid, the
time on the clock with codes running together counted once; current versions only."""

from __future__ import annotations

from datetime import timedelta

from tests.contract.conftest import write
from tests.store.helpers import DAY, Seed, ended, started
from timer_app.clinic.port import StorePort
from timer_app.records import VisitSealed
from timer_app.records.payments import NewPayment
from timer_app.records.summary import VisitSummary
from timer_app.session.clock import FakeClock
from timer_app.session.model import IntervalEnded, IntervalStarted, VisitStatus, VisitStatusChanged

LINES = (("97110", ("GP",), 2, 25), ("97010", ("GP",), 0, 10))


def _signed(store: StorePort, seeded: Seed, clock: FakeClock) -> int:
    """25 minutes of 97110, a hot pack alongside its first 10; signed with its lines."""
    visit = seeded.visit
    exercise = started(visit, "97110", clock.now())
    pack = started(visit, "97010", clock.now())
    write(store, visit.id, [IntervalStarted(exercise), IntervalStarted(pack)])
    clock.advance(600)
    write(store, visit.id, [IntervalEnded(ended(pack, 600))])
    clock.advance(900)
    write(store, visit.id, [IntervalEnded(ended(exercise, 1500)),
                            VisitStatusChanged(visit.id, VisitStatus.FINISHED)])  # fmt: skip
    signing = VisitStatusChanged(visit.id, VisitStatus.SIGNED, seeded.therapist.id, clock.now())
    write(store, visit.id, [VisitSealed("room 1", LINES), signing])
    store.payments.add(visit.id, NewPayment(DAY, 2500), "Front desk")
    return visit.id


def test_a_signed_visit_summed_up(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit_id = _signed(store, seeded, clock)
    other = store.visits.create(seeded.patient.id, seeded.assistant.id, DAY + timedelta(days=1))
    assert store.visits.summaries(start=DAY, end=DAY) == [
        VisitSummary(visit_id, seeded.patient.id, seeded.therapist.id, DAY, seeded.medicare.id,
                     seeded.visit.discipline, VisitStatus.SIGNED, LINES, 2500, 1500),
    ]  # fmt: skip
    assert [v.id for v in store.visits.summaries()] == [visit_id, other.id]
    assert [v.id for v in store.visits.summaries(statuses=(VisitStatus.OPEN,))] == [other.id]
    assert store.visits.summaries(statuses=()) == []
    only = store.visits.summaries(clinician_id=seeded.assistant.id)
    assert [(v.id, v.clock_seconds, v.signed_lines) for v in only] == [(other.id, 0, ())]


def test_an_amended_visit_counts_once(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit_id = _signed(store, seeded, clock)
    amended = store.amend(visit_id, store.visits.get(visit_id).revision, "wrong code", "Dana")
    found = store.visits.summaries(start=DAY, end=DAY)
    assert [(v.id, v.status, v.signed_lines) for v in found] == [
        (amended.id, VisitStatus.FINISHED, ())
    ]
