"""The front desk's payer for a signed visit's bills, on every store: desk data beside the
billing status (no amendment, the seal as signed), audited with the payers' names; only
while signed, not billed; an amendment takes it as its own payer. And the clinic's date
style, kept with its details."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.contract.conftest import write
from tests.contract.test_visit_writes import finish, sign
from tests.store.helpers import Seed
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records import BillingPayerSet, Clinic
from timer_app.records.chain import seal_matches
from timer_app.session.clock import FakeClock
from timer_app.session.model import VisitStatus, VisitStatusChanged


def _self_pay_signed(store: StorePort, seeded: Seed, clock: FakeClock) -> int:
    """A signed visit with no payer (the patient said they paid themselves)."""
    patient = store.patients.add("Bo Park", seeded.patient.date_of_birth)
    visit = store.visits.create(patient.id, seeded.therapist.id, seeded.visit.date)
    assert visit.payer_id is None
    done = finish(store, replace(seeded, visit=visit), clock)
    return sign(store, done, seeded.therapist.id, clock).id


def test_the_desk_sets_a_payer_on_a_signed_visit_without_touching_its_seal(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit_id = _self_pay_signed(store, seeded, clock)
    signed = store.visits.get(visit_id)
    change = BillingPayerSet(seeded.medicare.id, "Medicare", "self-pay")
    kept = write(store, visit_id, [change], "Front desk")
    assert kept.billing_payer_id == seeded.medicare.id
    assert store.visits.get(visit_id).billing_payer_id == seeded.medicare.id
    assert (kept.payer_id, kept.version, kept.status, kept.signed_digest, kept.signed_lines) == (
        None, signed.version, VisitStatus.SIGNED, signed.signed_digest, signed.signed_lines,
    )  # fmt: skip
    assert seal_matches(store.visits.get(visit_id))
    assert [v.id for v in store.visits.history(visit_id)] == [visit_id]
    entry = store.audit.for_visit(visit_id)[-1]
    assert (entry.what, entry.before, entry.after) == (
        "billing payer",
        {"billing_payer_id": None, "payer": "self-pay"},
        {"billing_payer_id": seeded.medicare.id, "payer": "Medicare"},
    )


def test_back_to_the_payer_signed(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    visit_id = _self_pay_signed(store, seeded, clock)
    write(store, visit_id, [BillingPayerSet(seeded.medicare.id, "Medicare", "self-pay")])
    back = write(store, visit_id, [BillingPayerSet(None, "self-pay", "Medicare")])
    assert back.billing_payer_id is None
    assert store.audit.for_visit(visit_id)[-1].after == {"billing_payer_id": None,
                                                         "payer": "self-pay"}  # fmt: skip
    # the visit's own payer chosen again is no payer chosen at the desk
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    same = write(store, signed.id, [BillingPayerSet(seeded.medicare.id, "Medicare")])
    assert same.billing_payer_id is None


def test_only_a_signed_visit_not_yet_billed(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    aetna = store.payers.add("Aetna", "Commercial (AMA)", {"97110": 3500})
    with pytest.raises(UserError, match="not signed yet"):
        write(store, seeded.visit.id, [BillingPayerSet(aetna.id, "Aetna")])
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    write(store, signed.id, [VisitStatusChanged(signed.id, VisitStatus.BILLED)])
    with pytest.raises(UserError, match="billed already: undo Mark billed"):
        write(store, signed.id, [BillingPayerSet(aetna.id, "Aetna")])
    assert store.visits.get(signed.id).billing_payer_id is None


def test_an_amendment_takes_the_desks_payer_as_its_own(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit_id = _self_pay_signed(store, seeded, clock)
    set_ = write(store, visit_id, [BillingPayerSet(seeded.medicare.id, "Medicare", "self-pay")])
    amended = store.amend(visit_id, set_.revision, "units signed under the wrong rule", "Dana")
    assert (amended.payer_id, amended.billing_payer_id) == (seeded.medicare.id, None)
    assert store.visits.get(amended.id).payer_id == seeded.medicare.id
    assert store.visits.get(visit_id).billing_payer_id == seeded.medicare.id  # history kept


def test_a_payer_a_visit_bills_to_cannot_be_deleted(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit_id = _self_pay_signed(store, seeded, clock)
    aetna = store.payers.add("Aetna", "Commercial (AMA)", {"97110": 3500})
    write(store, visit_id, [BillingPayerSet(aetna.id, "Aetna", "self-pay")])
    with pytest.raises(UserError, match="Aetna is the payer of 1 visits"):
        store.payers.delete(aetna.id)
    assert store.payers.get(aetna.id).name == "Aetna"


@pytest.mark.parametrize("style", ["MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD"])
def test_the_clinics_date_style_is_kept(store: StorePort, style: str) -> None:
    assert Clinic(name="Riverside").date_style == "MM/DD/YYYY"
    store.clinic.save(Clinic(name="Riverside", date_style=style))
    found = store.clinic.get()
    assert found is not None and found.date_style == style
    store.clinic.save(replace(found, phone="(312) 555-0142"))
    again = store.clinic.get()
    assert again is not None and (again.date_style, again.phone) == (style, "(312) 555-0142")


def test_the_reports_count_a_visit_under_the_payer_it_is_billed_to(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit_id = _self_pay_signed(store, seeded, clock)
    write(store, visit_id, [BillingPayerSet(seeded.medicare.id, "Medicare", "self-pay")])
    day = store.visits.get(visit_id).date
    found = {s.id: s.payer_id for s in store.visits.summaries(start=day, end=day)}
    assert found[visit_id] == seeded.medicare.id
