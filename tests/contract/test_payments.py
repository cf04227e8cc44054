"""Payments as a ledger on every store: several per visit, each with its day, method, payer
and reference; a void kept with its reason; the visit's amount paid their running total;
every payment and void audited; bad input refused with nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.contract.conftest import write
from tests.contract.test_visit_writes import finish, sign
from tests.store.helpers import DAY, Seed
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records.payments import NewPayment, PaidBy, PaymentMethod
from timer_app.records.people import Actor
from timer_app.session.clock import FakeClock
from timer_app.session.model import VisitStatus, VisitStatusChanged


def test_thirty_then_ten_is_forty_paid(store: StorePort, seeded: Seed) -> None:
    visit_id = seeded.visit.id
    first = store.payments.add(visit_id, NewPayment(DAY, 3000), "Front desk")
    second = store.payments.add(
        visit_id,
        NewPayment(date(2026, 11, 3), 1000, PaymentMethod.CHECK, PaidBy.PATIENT, " 1042 "),
        "Front desk",
    )
    assert store.visits.get(visit_id).amount_paid_cents == 4000
    assert [(p.id, p.cents, p.paid_on) for p in store.payments.for_visit(visit_id)] == [
        (first.id, 3000, DAY), (second.id, 1000, date(2026, 11, 3)),
    ]  # fmt: skip
    kept = store.payments.get(second.id)
    assert (kept.method, kept.paid_by, kept.reference, kept.recorded_by) == (
        PaymentMethod.CHECK, PaidBy.PATIENT, "1042", "Front desk",
    )  # fmt: skip
    assert kept.recorded_at.utcoffset() is not None and not kept.voided
    entry = store.audit.for_visit(visit_id)[-1]
    assert entry.what == "payment recorded"
    assert entry.before == {"amount_paid_cents": 3000}
    assert entry.after == {
        "payment_id": second.id, "paid_on": "2026-11-03", "cents": 1000, "method": "check",
        "paid_by": "patient", "reference": "1042", "amount_paid_cents": 4000,
    }  # fmt: skip


def test_a_voided_payment_is_kept_and_no_longer_counts(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit_id = seeded.visit.id
    kept = store.payments.add(visit_id, NewPayment(DAY, 2500), "Front desk")
    twice = store.payments.add(visit_id, NewPayment(DAY, 2500), "Front desk")
    clock.advance(60)
    store.act_as(Actor("Pat Desk", "Front desk", None))
    voided = store.payments.void(twice.id, "  entered twice ", "Front desk")
    assert voided.voided and (voided.voided_by, voided.void_reason) == ("Pat Desk", "entered twice")
    assert store.visits.get(visit_id).amount_paid_cents == 2500
    assert [p.voided for p in store.payments.for_visit(visit_id)] == [False, True]
    assert store.payments.get(kept.id) == kept
    entry = store.audit.for_visit(visit_id)[-1]
    assert (entry.what, entry.reason, entry.who) == ("payment voided", "entered twice", "Pat Desk")
    assert entry.after == {"payment_id": twice.id, "voided": True, "amount_paid_cents": 2500}
    with pytest.raises(UserError, match="already voided by Pat Desk"):
        store.payments.void(twice.id, "again", "Front desk")
    with pytest.raises(UserError, match="say why"):
        store.payments.void(kept.id, "   ", "Front desk")
    assert store.visits.get(visit_id).amount_paid_cents == 2500


@pytest.mark.parametrize(
    ("payment", "words"),
    [
        (NewPayment(DAY, 0), "more than \\$0.00"),
        (NewPayment(DAY, -500), "more than \\$0.00"),
        (NewPayment(DAY, 10_000_001), "check the amount"),
        (NewPayment(DAY, True), "whole cents"),  # type: ignore[arg-type]
        (NewPayment(DAY, 100, reference="x" * 41), "longer than 40"),
        (NewPayment(DAY, 100, reference="12\x1b3"), "control character"),
        (NewPayment(DAY, 100, "bitcoin"), "cash, check, card"),  # type: ignore[arg-type]
    ],
)
def test_bad_payments_are_refused_in_words_and_change_nothing(
    store: StorePort, seeded: Seed, payment: NewPayment, words: str
) -> None:
    before = store.visits.get(seeded.visit.id)
    audited = len(store.audit.for_visit(seeded.visit.id))
    with pytest.raises(UserError, match=words):
        store.payments.add(seeded.visit.id, payment, "Front desk")
    assert store.visits.get(seeded.visit.id) == before
    assert store.payments.for_visit(seeded.visit.id) == []
    assert len(store.audit.for_visit(seeded.visit.id)) == audited


def test_unknown_visits_and_payments_are_refused(store: StorePort, seeded: Seed) -> None:
    with pytest.raises(UserError, match="no visit with id"):
        store.payments.add(seeded.visit.id + 999, NewPayment(DAY, 100), "Front desk")
    with pytest.raises(UserError, match="no payment with id"):
        store.payments.void(987654, "why", "Front desk")


def test_a_billed_visit_takes_payments_without_a_new_revision(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    billed = write(store, signed.id, [VisitStatusChanged(signed.id, VisitStatus.BILLED)], "Desk")
    store.payments.add(billed.id, NewPayment(DAY, 1200, PaymentMethod.INSURER, PaidBy.INSURER,
                                             "EFT 88812"), "Front desk")  # fmt: skip
    after = store.visits.get(billed.id)
    assert (after.amount_paid_cents, after.revision, after.status) == (
        1200, billed.revision, VisitStatus.BILLED,
    )  # fmt: skip
    assert after.signed_digest == billed.signed_digest


def test_payments_follow_the_visit_through_an_amendment(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    before = store.payments.add(signed.id, NewPayment(DAY, 3000), "Front desk")
    amended = store.amend(signed.id, signed.revision, "wrong code", "Dana")
    assert amended.amount_paid_cents == 3000
    with pytest.raises(UserError, match="amended since it was listed"):
        store.payments.add(signed.id, NewPayment(DAY, 1000), "Front desk")
    store.payments.add(amended.id, NewPayment(DAY, 1000), "Front desk")
    assert [p.cents for p in store.payments.for_visit(amended.id)] == [3000, 1000]
    assert store.visits.get(amended.id).amount_paid_cents == 4000
    store.payments.void(before.id, "paid by the insurer instead", "Front desk")
    assert store.visits.get(amended.id).amount_paid_cents == 1000
