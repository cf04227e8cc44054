"""The front desk's Undo of "Mark billed": a billed visit back to signed on every store,
audited, its signature and seal untouched; nothing else may go back."""

from __future__ import annotations

import pytest

from tests.contract.conftest import write
from tests.contract.test_visit_writes import finish, sign
from tests.store.helpers import Seed
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.session.model import VisitStatus, VisitStatusChanged


def test_a_billed_visit_goes_back_to_signed_as_it_was_signed(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    billed = write(store, signed.id, [VisitStatusChanged(signed.id, VisitStatus.BILLED)], "Desk")
    undone = write(store, billed.id, [VisitStatusChanged(billed.id, VisitStatus.SIGNED)], "Desk")
    assert undone.status is VisitStatus.SIGNED
    kept = (undone.signed_by, undone.signed_at, undone.signed_digest, undone.signed_lines)
    assert kept == (signed.signed_by, signed.signed_at, signed.signed_digest, signed.signed_lines)
    entry = store.audit.for_visit(signed.id)[-1]
    assert (entry.what, entry.before, entry.after) == (
        "visit status", {"status": "billed"}, {"status": "signed"},
    )  # fmt: skip


def test_a_signed_visit_still_never_goes_back_to_open(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    with pytest.raises(UserError):
        write(store, signed.id, [VisitStatusChanged(signed.id, VisitStatus.FINISHED)])
    assert store.visits.get(signed.id).status is VisitStatus.SIGNED
