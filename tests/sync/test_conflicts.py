"""Two workstations amend the same signed version while apart: the server keeps the first
amendment, refuses the second and keeps it whole in visit_conflict for a person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.postgres import ServerForTests
from tests.sync.helpers import sign
from tests.sync.server import Workstation, copy_workstation
from timer_app.records import Visit
from timer_app.server.push import AMENDED_ELSEWHERE, SENT, push


def _send(room: Workstation) -> list[str]:
    outcomes = []
    with room.link.connect() as connection:
        for item in room.store.outbox.pending():
            outcomes.append(push(connection, item.kind, item.payload))
            room.store.outbox.mark_sent(item.id, outcomes[-1], room.clock.now())
    return outcomes


def _amend_and_sign(room: Workstation, visit: Visit, reason: str) -> Visit:
    amended = room.store.amend(visit.id, visit.revision, reason, "Dana")
    room.clock.advance(60)
    return sign(room.store, amended, room.clock, workstation=room.name)


def test_the_second_amendment_is_refused_and_kept(
    postgres_server: ServerForTests, clinic_database: str, room: Workstation,
    owner_connection: Any, tmp_path: Path,
) -> None:  # fmt: skip
    [first] = room.sign_visits(1)
    assert _send(room) == [SENT]
    other = copy_workstation(postgres_server, clinic_database, room, tmp_path / "room-2",
                             "Room 2")  # fmt: skip
    try:
        mine = _amend_and_sign(room, first, "97110 was 97112")
        theirs = _amend_and_sign(other, first, "one unit more")
        assert _send(room) == [SENT]
        assert _send(other) == [AMENDED_ELSEWHERE]
        assert other.store.outbox.waiting().count == 0  # settled on the server, not here
        their_uuid = _uuids(other)[theirs.id]
    finally:
        other.close()
    ours = _uuids(room)
    [kept] = owner_connection.run(
        "SELECT visit_uuid::text, amends_uuid::text, workstation, payload FROM visit_conflict"
    )
    assert kept[:3] == [their_uuid, ours[first.id], other.link.role]
    assert '"one unit more"' in kept[3]  # the whole amendment, its reason in its audit rows
    server_versions = owner_connection.run("SELECT uuid::text, version FROM visit ORDER BY id")
    assert server_versions == [[ours[first.id], 1], [ours[mine.id], 2]]


def _uuids(room: Workstation) -> dict[int, str]:
    return dict(room.store.db.execute("SELECT id, uuid FROM visit").fetchall())


def test_both_sides_are_told(
    postgres_server: ServerForTests, clinic_database: str, room: Workstation,
    owner_connection: Any, tmp_path: Path,
) -> None:  # fmt: skip
    """The refused workstation's status line says so; the front desk lists it in words
    naming both workstations until someone has looked at both."""
    from timer_app.clinic.services import ClinicServices
    from timer_app.clinic.sync import SyncStatus
    from timer_app.session.clock import SystemClock
    from timer_app.store.postgres import PostgresStore

    [first] = room.sign_visits(1)
    _send(room)
    other = copy_workstation(postgres_server, clinic_database, room, tmp_path / "room-2",
                             "Room 2")  # fmt: skip
    try:
        _amend_and_sign(room, first, "97110 was 97112")
        _amend_and_sign(other, first, "one unit more")
        _send(room)
        _send(other)
        waiting = other.store.outbox.waiting()
        words = SyncStatus(True, refused=waiting.refused).words(room.store.clock.now().tzinfo)
        assert "1 amendment refused: amended on another computer first" in words
    finally:
        other.close()
    desk = ClinicServices(PostgresStore(owner_connection, SystemClock()), SystemClock(),
                          first.signed_at.tzinfo)  # type: ignore[arg-type]  # fmt: skip
    [(conflict_id, said)] = desk.front_desk.refused_amendments()
    assert f"amended on {room.name} and on Room 2" in said and "was refused and kept" in said
    desk.front_desk.settle_refused([conflict_id])
    assert desk.front_desk.refused_amendments() == []
