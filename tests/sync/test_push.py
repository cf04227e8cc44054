"""Pushing to the real clinic server: what a signed visit brings, once and only once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sync.server import Workstation, count
from timer_app.server.push import ALREADY_THERE, SENT, PushError, push


def _push_all(room: Workstation) -> list[str]:
    with room.link.connect() as connection:
        return [push(connection, i.kind, i.payload) for i in room.store.outbox.pending()]


def test_a_signed_visit_arrives_whole(room: Workstation, owner_connection: Any) -> None:
    [visit] = room.sign_visits(1)
    [item] = room.store.outbox.pending()
    assert _push_all(room) == [SENT]
    uuid = item.payload["visit"]["uuid"]
    [row] = owner_connection.run(
        "SELECT v.status, v.signed_digest, v.workstation, p.uuid::text, c.name, v.version "
        "FROM visit v JOIN patient p ON p.id = v.patient_id "
        "JOIN clinician c ON c.id = v.signed_by WHERE v.uuid = :u", u=uuid,
    )  # fmt: skip
    assert row == ["signed", visit.signed_digest, room.link.role,
                   item.payload["patient"]["uuid"], "Dana Reyes", 1]  # fmt: skip
    assert count(owner_connection, "interval WHERE id = :i", i=visit.intervals[0].id) == 1
    assert count(owner_connection, "visit_diagnosis") == 1
    audit = owner_connection.run(
        "SELECT origin, origin_id, origin_hash, what FROM audit_log ORDER BY origin_id"
    )
    local = room.store.db.execute(
        "SELECT id, hash, what FROM audit_log WHERE visit_id = ? ORDER BY id", [visit.id]
    ).fetchall()
    assert [(o, i, h, w) for o, i, h, w in audit] == [
        (room.link.role, i, h, w) for i, h, w in local
    ]


def test_pushed_twice_it_is_there_once(room: Workstation, owner_connection: Any) -> None:
    room.sign_visits(2)
    assert _push_all(room) == [SENT, SENT]
    assert _push_all(room) == [ALREADY_THERE, ALREADY_THERE]  # never marked: sent again
    assert count(owner_connection, "visit") == 2
    assert count(owner_connection, "patient") == 1  # brought by the first visit
    assert count(owner_connection, "interval") == 2


def test_a_patient_added_here_goes_up_with_diagnoses(
    room: Workstation, owner_connection: Any
) -> None:
    from datetime import date

    from tests.sync.helpers import KNEE

    room.store.patients.add("Bo Park", date(1960, 3, 4), payer_id=room.seeded.medicare.id,
                            diagnoses=KNEE)  # fmt: skip
    assert _push_all(room) == [SENT]
    assert _push_all(room) == [ALREADY_THERE]
    [row] = owner_connection.run(
        "SELECT p.date_of_birth::text, y.name, p.added_by, count(d.*) FROM patient p "
        "JOIN payer y ON y.id = p.payer_id JOIN patient_diagnosis d ON d.patient_id = p.id "
        "GROUP BY 1, 2, 3"
    )
    assert row == ["1960-03-04", "Medicare", room.link.role, 1]


def test_a_clinician_the_server_lacks_is_said_and_nothing_is_kept(
    room: Workstation, owner_connection: Any
) -> None:
    from tests.sync.helpers import signed
    from timer_app.billing import Discipline
    from timer_app.records import Role

    newcomer = room.store.clinicians.add("Kim Lee", discipline=Discipline.PT, role=Role.PT)
    visit = room.store.visits.create(room.seeded.patient.id, newcomer.id, room.seeded.visit.date)
    signed(room.store, visit, room.clock)
    [item] = room.store.outbox.pending()
    with room.link.connect() as connection, pytest.raises(PushError, match="no clinician Kim Lee"):
        push(connection, item.kind, item.payload)
    assert count(owner_connection, "visit") == 0
    assert count(owner_connection, "patient") == 0  # its transaction took the patient back


def test_an_amendment_waits_for_the_version_it_amends(
    room: Workstation, owner_connection: Any
) -> None:
    from tests.sync.helpers import sign

    [first] = room.sign_visits(1)
    amended = room.store.amend(first.id, first.revision, "wrong code", "Dana")
    sign(room.store, amended, room.clock)
    original, amendment = room.store.outbox.pending()
    with room.link.connect() as connection:
        with pytest.raises(PushError, match="has not reached the clinic server yet"):
            push(connection, amendment.kind, amendment.payload)
        assert push(connection, original.kind, original.payload) == SENT
        assert push(connection, amendment.kind, amendment.payload) == SENT
    [row] = owner_connection.run(
        "SELECT a.version, o.uuid::text FROM visit a JOIN visit o ON o.id = a.amends_id"
    )
    assert row == [2, original.payload["visit"]["uuid"]]
