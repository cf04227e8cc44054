"""The outbox on every store: a signature queues its visit in the same write, only once
the workstation joined; payloads name records by uuid; marks and what still waits."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.store.helpers import Seed, seed
from tests.sync.helpers import KNEE, finished, sign, signed
from timer_app.clinic.port import LocalStorePort
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.store import MemoryStore, Store
from timer_app.store.outbox import JOINED_SETTING


def test_nothing_is_queued_before_joining(
    store: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    signed(store, seeded.visit, clock)
    store.patients.add("Bo Park", date(1960, 3, 4))
    assert store.outbox.pending() == [] and store.outbox.waiting().count == 0


def test_a_signature_queues_its_visit(
    joined: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit = finished(joined, seeded.visit, clock)
    assert joined.outbox.pending() == []  # finished is not signed
    sign(joined, visit, clock)
    [item] = joined.outbox.pending()
    assert (item.kind, item.record_id, item.tries) == ("visit", visit.id, 0)
    assert joined.outbox.waiting().visits == 1


def test_a_refused_signature_queues_nothing(
    joined: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    with pytest.raises(UserError):
        sign(joined, seeded.visit, clock)  # still open: refused
    assert joined.outbox.pending() == []


def test_a_signature_rolled_back_takes_its_queue_row_with_it(
    joined: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    visit = finished(joined, seeded.visit, clock)
    with pytest.raises(RuntimeError), joined.atomic():
        sign(joined, visit, clock)
        raise RuntimeError("the patient's diagnoses could not be kept")
    assert joined.outbox.pending() == []
    assert joined.visits.get(visit.id).signed_at is None


def test_the_payload_names_everything_by_uuid(
    joined: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    done = signed(joined, seeded.visit, clock)
    payload = joined.outbox.pending()[0].payload
    visit = payload["visit"]
    uuids = [visit[k] for k in ("uuid", "patient_uuid", "clinician_uuid", "payer_uuid",
                                "signed_by_uuid")]  # fmt: skip
    assert all(isinstance(u, str) and len(u) == 36 for u in uuids)
    assert visit["clinician_uuid"] == visit["signed_by_uuid"] and visit["amends_uuid"] is None
    assert (visit["status"], visit["signed_digest"]) == ("signed", done.signed_digest)
    assert visit["signed_workstation"] == "Room 1" and visit["signed_lines"]
    assert payload["patient"]["uuid"] == visit["patient_uuid"]
    assert payload["patient"]["payer_uuid"] == visit["payer_uuid"]
    assert [d["code"] for d in payload["diagnoses"]] == [d.code for d in KNEE]
    [interval] = payload["intervals"]
    assert interval["id"] == done.intervals[0].id and interval["duration_ms"] == 900_000
    assert interval["clinician_uuid"] == visit["clinician_uuid"]
    whats = [row["what"] for row in payload["audit"]]
    assert whats[-1] == "visit signed" and "interval started" in whats
    assert [row["origin_id"] for row in payload["audit"]] == sorted(
        row["origin_id"] for row in payload["audit"]
    )
    assert payload["names"][visit["clinician_uuid"]] == "Dana Reyes"


def test_an_amendment_names_the_version_it_amends(
    joined: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    first = signed(joined, seeded.visit, clock)
    amended = joined.amend(first.id, first.revision, "wrong code", "Dana")
    assert len(joined.outbox.pending()) == 1  # an amendment goes up once it is signed
    clock.advance(60)
    sign(joined, amended, clock)
    original, amendment = joined.outbox.pending()
    assert amendment.payload["visit"]["amends_uuid"] == original.payload["visit"]["uuid"]
    assert amendment.payload["visit"]["uuid"] != original.payload["visit"]["uuid"]
    assert amendment.payload["visit"]["version"] == 2


def test_a_patient_added_after_joining_is_queued(joined: LocalStorePort, seeded: Seed) -> None:
    bo = joined.patients.add("Bo Park", date(1960, 3, 4), payer_id=seeded.medicare.id,
                             diagnoses=KNEE)  # fmt: skip
    [item] = joined.outbox.pending()
    assert (item.kind, item.record_id) == ("patient", bo.id)
    assert item.payload["date_of_birth"] == "1960-03-04"
    assert item.payload["payer_name"] == "Medicare" and len(item.payload["diagnoses"]) == 1
    assert joined.outbox.waiting().patients == 1
    joined.patients.delete(bo.id)  # entered by mistake, before it went up
    assert joined.outbox.pending() == []


def test_queuing_twice_keeps_one_item(
    joined: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    done = signed(joined, seeded.visit, clock)
    joined.outbox.queue("visit", done.id)
    assert joined.outbox.queue_all_signed() == 0
    assert len(joined.outbox.pending()) == 1


def test_joining_queues_the_earlier_signed_visits(
    store: LocalStorePort, seeded: Seed, clock: FakeClock
) -> None:
    first = signed(store, seeded.visit, clock)
    second = store.visits.create(seeded.patient.id, seeded.therapist.id, seeded.visit.date)
    signed(store, second, clock)
    store.visits.create(seeded.patient.id, seeded.therapist.id, seeded.visit.date)  # open
    with store.atomic():
        store.settings.set(JOINED_SETTING, "1")
        assert store.outbox.queue_all_signed() == 2
    assert [i.record_id for i in store.outbox.pending()] == [first.id, second.id]


def test_marks_and_what_still_waits(joined: LocalStorePort, seeded: Seed, clock: FakeClock) -> None:
    first = signed(joined, seeded.visit, clock)
    second = signed(joined, joined.visits.create(seeded.patient.id, seeded.therapist.id,
                                                  seeded.visit.date), clock)  # fmt: skip
    one, two = joined.outbox.pending()
    tried = clock.now()
    joined.outbox.mark_failed(one.id, "The clinic server cannot be reached now.", tried)
    clock.advance(5)
    waiting = joined.outbox.waiting()
    assert (waiting.visits, waiting.last_tried_at) == (2, tried)
    assert waiting.last_error == "The clinic server cannot be reached now."
    joined.outbox.mark_sent(one.id, "sent", clock.now())
    assert [i.record_id for i in joined.outbox.pending()] == [second.id]
    assert [i.record_id for i in joined.outbox.pending(after=two.id)] == []
    assert joined.outbox.pending()[0].tries == 0
    joined.outbox.mark_failed(two.id, "later", clock.now() + timedelta(seconds=1))
    assert joined.outbox.pending()[0].tries == 1
    assert first.id != second.id


def _shape(value: object) -> object:
    """Keys and value kinds, not values: uuids and hashes differ between stores."""
    if isinstance(value, dict):
        return {key: _shape(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def test_both_stores_send_the_same_shape(tmp_path: Path) -> None:
    shapes = []
    clock = FakeClock()
    stores: list[LocalStorePort] = [
        Store.open(tmp_path / "clinic.sqlite3", clock=clock, daily_backup=False),
        MemoryStore(clock),
    ]
    for store in stores:
        seeded = seed(store)
        store.settings.set(JOINED_SETTING, "1")
        signed(store, seeded.visit, clock)
        payload = store.outbox.pending()[0].payload
        payload["names"] = sorted(payload["names"].values())  # keyed by uuid
        shapes.append(_shape(payload))
        store.close()
    assert shapes[0] == shapes[1]
