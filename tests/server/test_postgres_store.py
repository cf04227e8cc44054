"""The clinic server's store beyond the shared contract: the front desk and rooms through
real workstation logins, computers writing at once, the audit chain under concurrency."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from tests.contract.test_visit_writes import finish, sign
from tests.postgres import add_test_workstation
from tests.store.helpers import DAY, ended, seed, started
from timer_app.errors import ChangedElsewhereError, UserError
from timer_app.records import Diagnosis
from timer_app.records.payments import NewPayment
from timer_app.records.people import Actor
from timer_app.session.clock import FakeClock
from timer_app.session.model import IntervalEnded, IntervalStarted, VisitStatus, VisitStatusChanged
from timer_app.store.postgres import PostgresStore


@pytest.fixture
def owner(postgres_server, clinic_database):
    clock = FakeClock()
    s = PostgresStore(postgres_server.cluster.connect(clinic_database), clock)
    yield s, clock
    s.close()


def test_front_desk_bills_and_takes_payment(owner, postgres_server, clinic_database):
    store, clock = owner
    seeded = seed(store)
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    link = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    desk = PostgresStore.open(link, clock)
    try:
        desk.act_as(Actor("Pat Desk", "Front desk", None))
        billed = desk.write_visit(
            signed.id, signed.revision, [VisitStatusChanged(signed.id, VisitStatus.BILLED)], "Pat"
        )
        assert billed.status is VisitStatus.BILLED
        payment = desk.payments.add(billed.id, NewPayment(DAY, 1200), "Pat")
        assert desk.visits.get(billed.id).amount_paid_cents == 1200
        desk.payments.void(payment.id, "entered on the wrong visit", "Pat")
        assert desk.visits.get(billed.id).amount_paid_cents == 0
        assert desk.audit.chain_problems() == []
        assert desk.audit.latest(1)[0].workstation == "Front desk"
        p = desk.patients.add("New Person", date(1980, 1, 1), diagnoses=[Diagnosis("M54.50", "x")])
        v = desk.visits.create(p.id, seeded.therapist.id, DAY)
        assert v.diagnoses == (Diagnosis("M54.50", "x"),)
        desk.beat({"a": 5})
        assert desk.last_sign().seen == {"a": 5}
        assert store.last_sign() is None or store.last_sign().seen == {}
        i = started(v, "97110", clock.now())
        desk.write_visit(v.id, v.revision, [IntervalStarted(i)], "Pat")
        # ending it needs UPDATE on interval: refused, nothing half-written
        before = desk.visits.get(v.id)
        with pytest.raises(UserError, match="does not let this computer"):
            desk.write_visit(v.id, before.revision, [IntervalEnded(ended(i, 60))], "Pat")
        assert desk.visits.get(v.id) == before
        assert desk.running_intervals() == [i]
    finally:
        desk.close()
    assert store.audit.chain_problems() == []


def test_a_room_workstation_is_refused_in_words(owner, postgres_server, clinic_database):
    store, clock = owner
    seeded = seed(store)
    link = add_test_workstation(postgres_server, clinic_database, "Room 2")
    room = PostgresStore.open(link, clock)
    try:
        with pytest.raises(UserError, match="does not let this computer"):
            room.payers.add("Aetna", "Medicare")
        with pytest.raises(UserError, match="does not let this computer"):
            room.payments.add(seeded.visit.id, NewPayment(DAY, 5), "x")
        assert room.payers.find("Aetna") is None
        assert [v.id for v in room.visits.find(on=DAY)] == [seeded.visit.id]
    finally:
        room.close()


def test_tampering_is_found(owner, postgres_server, clinic_database):
    store, clock = owner
    seeded = seed(store)
    finish(store, seeded, clock)
    assert store.audit.chain_problems() == []
    store.db.run("UPDATE audit_log SET who = 'Mallory' WHERE id = 2")
    assert store.audit.chain_problems() == ["audit row 2 was changed outside the program"]
    store.db.run("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    assert any("missing from the end" in p for p in store.audit.chain_problems())


def test_two_computers_writing_one_visit(owner, postgres_server, clinic_database):
    store, clock = owner
    seeded = seed(store)
    other = PostgresStore(postgres_server.cluster.connect(clinic_database), clock)
    try:
        with store.atomic():
            store.write_visit(
                seeded.visit.id,
                0,
                [IntervalStarted(started(seeded.visit, "97110", clock.now()))],
                "A",
            )
            errors = []

            def second():
                try:
                    other.write_visit(
                        seeded.visit.id,
                        0,
                        [IntervalStarted(started(seeded.visit, "97140", clock.now()))],
                        "B",
                    )
                except Exception as e:
                    errors.append(e)

            t = threading.Thread(target=second)
            t.start()
            t.join(0.5)
            assert t.is_alive()  # waits for the lock
        t.join(5)
        assert len(errors) == 1 and isinstance(errors[0], ChangedElsewhereError)
        assert [i.code for i in store.visits.get(seeded.visit.id).intervals] == ["97110"]
        assert store.audit.chain_problems() == []
    finally:
        other.close()


def test_two_computers_amending_one_version(owner, postgres_server, clinic_database):
    store, clock = owner
    seeded = seed(store)
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    other = PostgresStore(postgres_server.cluster.connect(clinic_database), clock)
    try:
        with store.atomic():
            store.amend(signed.id, signed.revision, "first", "A")
            errors = []

            def second():
                try:
                    other.amend(signed.id, signed.revision, "second", "B")
                except Exception as e:
                    errors.append(e)

            t = threading.Thread(target=second)
            t.start()
            t.join(0.5)
        t.join(5)
        assert len(errors) == 1 and "has been amended" in str(errors[0])
    finally:
        other.close()


def test_inner_unit_failure_keeps_outer(owner):
    store, _clock = owner
    with store.atomic():
        store.settings.set("a", "1")
        with pytest.raises(UserError), store.atomic():
            store.settings.set("b", "2")
            store.payers.get(999)
        store.settings.set("c", "3")
    assert [store.settings.get(k) for k in "abc"] == ["1", None, "3"]


def test_day_list_in_two_queries(owner):
    store, clock = owner
    seeded = seed(store)
    for _n in range(30):
        v = store.visits.create(seeded.patient.id, seeded.therapist.id, DAY)
        store.write_visit(v.id, 0, [IntervalStarted(started(v, "97110", clock.now()))], "x")
    calls = []
    real = store.db._connection.run

    def counting(sql, **kw):
        calls.append(sql)
        return real(sql, **kw)

    store.db._connection.run = counting
    day = store.visits.find(on=DAY)
    assert len(day) == 31 and len(calls) == 2
    real("EXPLAIN " + "SELECT 1")


def test_odd_text_round_trips(owner):
    store, _clock = owner
    seeded = seed(store)
    tricky = [Diagnosis("M54.50", 'a "quoted", {braced} \\ back'), Diagnosis("R26.81", "ünï çødé")]
    p = store.patients.set_diagnoses(seeded.patient.id, tricky)
    assert p.diagnoses == tuple(tricky)
    assert store.patients.search("ann lee") == [p]
    assert store.patients.search("a_n") == []


def test_a_write_waiting_on_an_amendment_is_refused(owner, postgres_server, clinic_database):
    store, clock = owner
    seeded = seed(store)
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    other = PostgresStore(postgres_server.cluster.connect(clinic_database), clock)
    try:
        errors = []
        with store.atomic():
            store.amend(signed.id, signed.revision, "first", "A")

            def second():
                try:
                    other.write_visit(
                        signed.id,
                        signed.revision,
                        [VisitStatusChanged(signed.id, VisitStatus.BILLED)],
                        "B",
                    )
                except Exception as e:
                    errors.append(e)

            t = threading.Thread(target=second)
            t.start()
            t.join(0.5)
        t.join(5)
        assert len(errors) == 1 and "has been amended" in str(errors[0])
        assert store.visits.get(signed.id).status is VisitStatus.SIGNED
    finally:
        other.close()


def test_audit_from_many_computers_at_once_stays_chained(owner, postgres_server, clinic_database):
    store, clock = owner
    stores = [
        PostgresStore(postgres_server.cluster.connect(clinic_database), clock) for _ in range(4)
    ]
    try:

        def work(s, n):
            for k in range(25):
                s.audit.record(f"w{n}", "something", after={"k": k})

        threads = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(stores)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert store.audit.chain_problems() == []
        assert len(store.audit.latest(1000)) == 100
    finally:
        for s in stores:
            s.close()


def test_a_refused_write_inside_a_unit_takes_back_only_itself(
    owner, postgres_server, clinic_database
):
    store, clock = owner
    link = add_test_workstation(postgres_server, clinic_database, "Room 3")
    room = PostgresStore.open(link, clock)
    try:
        with room.atomic():
            room.beat({"x": 1})
            with pytest.raises(UserError, match="does not let"):
                room.clinicians.add("Zed", discipline="PT", role="PT")
            with pytest.raises(UserError, match="does not let"):
                room.users.set_pin_hash(1, "x")
            room.beat({"x": 2})
        assert room.last_sign().seen == {"x": 2}
        with pytest.raises(UserError, match="no user with id 99"):
            store.users.set_pin_hash(99, "x")
    finally:
        room.close()
