"""A workstation's role inserts only as itself and changes nothing once sent, whatever SQL
it sends: the server refuses, the rows stay as they were."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pg8000.native
import pytest

from tests.sync.server import Workstation, count
from timer_app.server.push import push


@pytest.fixture
def two_rooms(workstations: Callable[[str], Workstation]) -> tuple[Workstation, Workstation]:
    """Room 1 and Room 2, each with one visit on the server."""
    rooms = (workstations("Room 1"), workstations("Room 2"))
    for room in rooms:
        room.sign_visits(1)
        with room.link.connect() as connection:
            for item in room.store.outbox.pending():
                push(connection, item.kind, item.payload)
    return rooms


def _refused(room: Workstation, sql: str, **params: Any) -> None:
    with room.link.connect() as connection, pytest.raises(pg8000.native.DatabaseError) as error:
        connection.run(sql, **params)
    assert error.value.args[0]["C"] == "42501"  # insufficient privilege (or its policy)


def _others_visit(owner: Any, room: Workstation) -> int:
    found = owner.run("SELECT id FROM visit WHERE workstation <> :me", me=room.link.role)
    return int(found[0][0])


def test_inserting_as_another_workstation_is_refused(
    two_rooms: tuple[Workstation, Workstation], owner_connection: Any
) -> None:
    room, other = two_rooms
    visit = _others_visit(owner_connection, room)
    [patient, clinician] = owner_connection.run(
        "SELECT patient_id, clinician_id FROM visit WHERE id = :v", v=visit
    )[0]
    _refused(room, "INSERT INTO visit (patient_id, clinician_id, date, discipline, status, "
             "workstation) VALUES (:p, :c, '2026-11-02', 'PT', 'signed', :w)",
             p=patient, c=clinician, w=other.link.role)  # fmt: skip
    _refused(room, "INSERT INTO interval (id, visit_id, code, clinician_id, start, workstation) "
             "VALUES ('forged', :v, '97110', :c, now(), :w)",
             v=visit, c=clinician, w=other.link.role)  # fmt: skip
    _refused(room, "INSERT INTO audit_log (at, who, what, origin, origin_id) "
             "VALUES (now(), 'x', 'visit signed', :w, 999)", w=other.link.role)  # fmt: skip
    assert count(owner_connection, "visit") == 2
    assert count(owner_connection, "interval WHERE id = 'forged'") == 0


def test_changing_or_removing_a_sent_visit_is_refused(
    two_rooms: tuple[Workstation, Workstation], owner_connection: Any
) -> None:
    room, _ = two_rooms
    others = _others_visit(owner_connection, room)
    own = int(owner_connection.run("SELECT id FROM visit WHERE workstation = :me",
                                   me=room.link.role)[0][0])  # fmt: skip
    before = owner_connection.run("SELECT * FROM visit ORDER BY id")
    for visit in (others, own):
        _refused(room, "UPDATE visit SET status = 'billed' WHERE id = :v", v=visit)
        _refused(room, "DELETE FROM visit WHERE id = :v", v=visit)
        _refused(room, "UPDATE interval SET duration_ms = 0 WHERE visit_id = :v", v=visit)
    _refused(room, "DELETE FROM audit_log")
    assert owner_connection.run("SELECT * FROM visit ORDER BY id") == before
