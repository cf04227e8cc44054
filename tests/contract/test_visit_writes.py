"""The one write for a visit: versioned, all or nothing, audited, locked once signed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.contract.conftest import write
from tests.store.helpers import DAY, Seed, ended, started
from timer_app.clinic.port import StorePort
from timer_app.errors import ChangedElsewhereError, UserError
from timer_app.records import (
    DiagnosesSet,
    Diagnosis,
    PointersSet,
    SharedMinutesKept,
    UnitsChosen,
    Visit,
)
from timer_app.records.payments import NewPayment
from timer_app.session.clock import FakeClock
from timer_app.session.model import (
    IntervalEdited,
    IntervalEnded,
    IntervalRecovered,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)


def finish(store: StorePort, seeded: Seed, clock: FakeClock, seconds: int = 900) -> Visit:
    interval = started(seeded.visit, "97110", clock.now())
    write(store, seeded.visit.id, [IntervalStarted(interval)])
    clock.advance(seconds)
    return write(
        store, seeded.visit.id,
        [IntervalEnded(ended(interval, seconds)),
         VisitStatusChanged(seeded.visit.id, VisitStatus.FINISHED)],
    )  # fmt: skip


def sign(store: StorePort, visit: Visit, clinician_id: int, clock: FakeClock) -> Visit:
    signing = VisitStatusChanged(visit.id, VisitStatus.SIGNED, clinician_id, clock.now())
    return write(store, visit.id, [signing])


def test_start_is_written_at_once_and_end_updates_it(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit_id = seeded.visit.id
    interval = started(seeded.visit, "97110", clock.now())
    assert write(store, visit_id, [IntervalStarted(interval)]).intervals == (interval,)
    assert store.visits.get(visit_id).intervals == (interval,)
    write(store, visit_id, [IntervalEnded(ended(interval, 754))])
    assert store.visits.get(visit_id).intervals == (ended(interval, 754),)
    write(store, visit_id, [IntervalReopened(interval)])
    assert store.visits.get(visit_id).intervals == (interval,)
    write(store, visit_id, [IntervalRemoved(interval)])
    assert store.visits.get(visit_id).intervals == ()


def test_each_write_moves_the_revision_on_and_an_older_one_is_refused(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    first = started(seeded.visit, "97110", clock.now())
    at_zero = store.write_visit(seeded.visit.id, 0, [IntervalStarted(first)], "Dana")
    assert (seeded.visit.revision, at_zero.revision) == (0, 1)
    other = started(seeded.visit, "97140", clock.now())
    with pytest.raises(ChangedElsewhereError, match="changed elsewhere: reloaded"):
        store.write_visit(seeded.visit.id, 0, [IntervalStarted(other)], "Sam")
    assert store.visits.get(seeded.visit.id) == at_zero
    assert store.write_visit(seeded.visit.id, 1, [], "Dana") == at_zero  # nothing to write


def test_every_write_counts_as_a_heartbeat(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    assert store.last_heartbeat() is None
    clock.advance(42)
    write(store, seeded.visit.id, [IntervalStarted(started(seeded.visit, "97110", clock.now()))])
    assert store.last_heartbeat() == clock.now()
    clock.advance(3)
    store.beat()
    assert store.last_heartbeat() == clock.now()


def test_a_failing_batch_leaves_nothing_behind(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    good = started(seeded.visit, "97110", clock.now())
    missing = started(seeded.visit, "97140", clock.now())
    with pytest.raises(UserError, match="no interval"):
        write(
            store, seeded.visit.id,
            [IntervalStarted(good), VisitStatusChanged(seeded.visit.id, VisitStatus.FINISHED),
             IntervalEnded(ended(missing, 60))],
        )  # fmt: skip
    assert store.visits.get(seeded.visit.id) == seeded.visit
    assert store.audit.for_visit(seeded.visit.id) == []
    assert store.running_intervals() == []


def test_a_unit_of_work_keeps_everything_or_nothing(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    with pytest.raises(UserError, match="no patient"), store.atomic():
        interval = started(seeded.visit, "97110", clock.now())
        write(store, seeded.visit.id, [IntervalStarted(interval)])
        store.patients.get(999)
    assert store.visits.get(seeded.visit.id) == seeded.visit


def test_edits_and_status_changes_are_audited(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    finish(store, seeded, clock)
    interval = store.visits.get(seeded.visit.id).intervals[0]
    later = replace(interval, start=interval.start + timedelta(minutes=2), duration_ms=780_000)
    write(store, seeded.visit.id, [IntervalEdited(interval, later, "started late")])
    entries = store.audit.for_visit(seeded.visit.id)
    assert [e.what for e in entries] == [
        "interval started", "interval ended", "visit status", "interval edited",
    ]  # fmt: skip
    status = entries[2]
    assert status.before == {"status": "open"} and status.after == {"status": "finished"}
    assert entries[1].after == {"id": interval.id, "end": interval.end.isoformat(),  # type: ignore[union-attr]
                                "code": "97110", "duration_ms": 900_000}  # fmt: skip
    edit = entries[3]
    assert edit.reason == "started late" and edit.who == "Dana" and edit.at == clock.now()
    assert edit.before is not None and edit.after is not None
    assert edit.before["duration_ms"] == 900_000 and edit.after["duration_ms"] == 780_000
    assert store.visits.get(seeded.visit.id).intervals == (later,)
    with pytest.raises(UserError, match="reason"):
        write(store, seeded.visit.id, [IntervalEdited(later, interval, " ")])


def test_a_recovery_answer_is_written_and_audited(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    running = started(seeded.visit, "97110", clock.now())
    write(store, seeded.visit.id, [IntervalStarted(running)])
    assert store.running_intervals() == [running]
    ended_early = ended(running, 15)
    answer = IntervalRecovered(running, ended_early, "ended when last seen; 600 s not billed")
    write(store, seeded.visit.id, [answer])
    assert store.visits.get(seeded.visit.id).intervals == (ended_early,)
    assert store.running_intervals() == []
    entry = store.audit.for_visit(seeded.visit.id)[-1]
    assert (entry.what, entry.reason) == ("interval recovered", answer.reason)
    assert entry.before == {"id": running.id, "end": None}
    assert entry.after == {"id": running.id, "end": ended_early.end.isoformat()}  # type: ignore[union-attr]


def test_signing_in_one_write_with_the_review_choices(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit = finish(store, seeded, clock)
    knee = (Diagnosis("M17.11", "knee OA"), Diagnosis("M25.561", "knee pain"))
    signing = VisitStatusChanged(visit.id, VisitStatus.SIGNED, seeded.therapist.id, clock.now())
    signed = write(
        store, visit.id,
        [DiagnosesSet(knee), PointersSet({"97110": (2, 1)}), UnitsChosen({"97110": 1}), signing],
    )  # fmt: skip
    assert store.visits.get(visit.id) == signed
    assert (signed.status, signed.signed_by, signed.signed_at) == (
        VisitStatus.SIGNED, seeded.therapist.id, clock.now(),
    )  # fmt: skip
    assert (signed.diagnoses, signed.diagnosis_pointers, signed.chosen_units) == (
        knee, {"97110": (2, 1)}, {"97110": 1},
    )  # fmt: skip
    assert store.patients.get(seeded.patient.id).diagnoses == seeded.patient.diagnoses
    assert [e.what for e in store.audit.for_visit(visit.id)][-4:] == [
        "diagnoses", "diagnosis pointers", "chosen units", "visit signed",
    ]  # fmt: skip
    assert store.audit.for_visit(visit.id)[-3].after == {"pointers": {"97110": "BA"}}


def test_the_review_choices_are_checked(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit = finish(store, seeded, clock)
    for change, words in (
        (PointersSet({"97110": (2,)}), "diagnosis letters of A"),
        (PointersSet({"97110": (1, 1)}), "one to four different"),
        (DiagnosesSet(tuple(Diagnosis(f"M{n:02d}.1", "x") for n in range(13))), "at most 12"),
        (DiagnosesSet((Diagnosis("97110", "x"),)), "not an ICD-10-CM code"),
    ):
        with pytest.raises(UserError, match=words):
            write(store, visit.id, [change])
    assert store.visits.get(visit.id) == visit


def test_signing_locks_the_visit(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit = finish(store, seeded, clock)
    clock.advance(5)
    signed = sign(store, visit, seeded.therapist.id, clock)
    interval = signed.intervals[0]
    for change in (
        IntervalStarted(started(signed, "97140", clock.now())),
        IntervalEdited(interval, replace(interval, code="97140"), "wrong code"),
        IntervalRemoved(interval),
        VisitStatusChanged(signed.id, VisitStatus.OPEN),
        UnitsChosen({"97110": 1}),
    ):
        with pytest.raises(UserError, match="is signed: it cannot be changed in place"):
            write(store, signed.id, [change])
    assert store.visits.get(signed.id) == signed


def test_refused_moves(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit_id = seeded.visit.id
    with pytest.raises(UserError, match="end it before signing"):
        sign(store, seeded.visit, seeded.therapist.id, clock)
    running = started(seeded.visit, "97110", clock.now())
    write(store, visit_id, [IntervalStarted(running)])
    write(store, visit_id, [VisitStatusChanged(visit_id, VisitStatus.FINISHED)])
    with pytest.raises(UserError, match="still running"):
        sign(store, seeded.visit, seeded.therapist.id, clock)
    with pytest.raises(UserError, match="bill it only once signed"):
        write(store, visit_id, [VisitStatusChanged(visit_id, VisitStatus.BILLED)])


def test_billing_and_paying_a_signed_visit(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    billed = write(store, signed.id, [VisitStatusChanged(signed.id, VisitStatus.BILLED)], "Desk")
    assert billed.status is VisitStatus.BILLED
    store.payments.add(billed.id, NewPayment(DAY, 1500), "Front desk")
    paid = store.visits.get(billed.id)
    assert (paid.amount_paid_cents, paid.revision) == (1500, billed.revision)  # money only
    with pytest.raises(UserError, match=r"more than \$0\.00"):
        store.payments.add(billed.id, NewPayment(DAY, -1), "Front desk")
    entry = store.audit.for_visit(billed.id)[-1]
    assert entry.what == "payment recorded" and entry.after is not None
    assert entry.after["amount_paid_cents"] == 1500


def test_amendment_is_a_new_version(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit = write(store, finish(store, seeded, clock).id, [UnitsChosen({"97110": 2})])
    original = sign(store, visit, seeded.therapist.id, clock)
    clock.advance(3600)
    amended = store.amend(original.id, original.revision, "97140 was billed as 97110", "Dana")
    assert amended.id != original.id
    assert (amended.version, amended.amends_id, amended.status, amended.revision) == (
        2, original.id, VisitStatus.FINISHED, 0,
    )  # fmt: skip
    assert amended.signed_by is None and amended.chosen_units == {"97110": 2}
    assert amended.diagnoses == original.diagnoses
    assert [(i.code, i.start, i.end, i.duration_ms) for i in amended.intervals] == [
        (i.code, i.start, i.end, i.duration_ms) for i in original.intervals
    ]
    assert {i.id for i in amended.intervals}.isdisjoint(i.id for i in original.intervals)
    assert {i.visit_id for i in amended.intervals} == {amended.id}
    assert store.visits.get(amended.id) == amended
    entry = store.audit.for_visit(amended.id)[-1]
    assert (entry.what, entry.reason, entry.who) == (
        "visit amended", "97140 was billed as 97110", "Dana",
    )  # fmt: skip
    assert store.visits.get(original.id) == original  # never edited in place


def test_the_new_version_is_edited_and_signed(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    original = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    amended = store.amend(original.id, original.revision, "wrong code", "Dana")
    copy = amended.intervals[0]
    write(store, amended.id, [IntervalEdited(copy, replace(copy, code="97140"), "wrong code")])
    resigned = sign(store, store.visits.get(amended.id), seeded.therapist.id, clock)
    assert [i.code for i in resigned.intervals] == ["97140"]
    assert store.visits.get(original.id).intervals[0].code == "97110"
    # lists show the latest version only; the history has both
    assert store.visits.find(on=original.date) == [resigned]
    assert [v.id for v in store.visits.history(resigned.id)] == [original.id, resigned.id]
    assert len(store.visits.find(on=original.date, include_history=True)) == 2


def test_amendment_refusals(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    with pytest.raises(UserError, match="not signed yet"):
        store.amend(seeded.visit.id, 0, "why", "Dana")
    original = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    with pytest.raises(UserError, match="needs a reason"):
        store.amend(original.id, original.revision, "  ", "Dana")
    with pytest.raises(ChangedElsewhereError):
        store.amend(original.id, original.revision - 1, "from a stale screen", "Dana")
    store.amend(original.id, original.revision, "first fix", "Dana")
    with pytest.raises(UserError, match="has been amended"):
        store.amend(original.id, original.revision, "second fix of the old version", "Dana")
    with pytest.raises(UserError, match="has been amended"):
        write(store, original.id, [VisitStatusChanged(original.id, VisitStatus.BILLED)])


def test_the_codes_keeping_shared_minutes_are_kept_and_carried_into_an_amendment(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit = finish(store, seeded, clock)
    assert visit.shared_minutes_to == ()
    chosen = write(store, visit.id, [SharedMinutesKept(("97140", "97110"))])
    assert store.visits.get(visit.id).shared_minutes_to == ("97140", "97110")
    assert store.audit.for_visit(visit.id)[-1].after == {"codes": ["97140", "97110"]}
    signed = sign(store, chosen, seeded.therapist.id, clock)
    with pytest.raises(UserError, match="is signed"):
        write(store, signed.id, [SharedMinutesKept(())])
    amended = store.amend(signed.id, signed.revision, "co-treatment codes", "Dana")
    assert amended.shared_minutes_to == ("97140", "97110")
