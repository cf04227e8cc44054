"""The sender on a thread against the real server: it arrives, survives the server going
away (stopped, hung) without the signing waiting, and never sends a visit twice."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC
from typing import Any

from tests.postgres import ServerForTests
from tests.sync.server import Workstation, count, elsewhere, eventually, hung_server
from timer_app.clinic.events import Events, VisitEvent
from timer_app.server.cluster import free_port
from timer_app.server.push import ALREADY_THERE, SENT, push

SIGN_SECONDS = 0.5  # far above a signature's local write, far below any network wait


def _outcomes(room: Workstation) -> list[str]:
    rows = room.store.db.execute("SELECT outcome FROM outbox ORDER BY id").fetchall()
    return [row[0] for row in rows]


def _all_sent(room: Workstation) -> Callable[[], bool]:
    return lambda: room.store.outbox.waiting().count == 0


def test_a_signature_wakes_the_sender_and_arrives(room: Workstation, owner_connection: Any) -> None:
    sender = room.sender()
    eventually(lambda: sender.status().connected)
    events = Events()
    events.subscribe(sender.heard)
    [visit] = room.sign_visits(1)
    events.visit(visit.id, VisitEvent.SIGNED)
    eventually(_all_sent(room), seconds=5)
    assert _outcomes(room) == [SENT]
    assert count(owner_connection, "visit") == 1
    eventually(lambda: sender.status().words(UTC) == "connected")


def test_signing_while_the_sender_marks_is_never_refused(
    room: Workstation, owner_connection: Any
) -> None:
    """Two connections to one file: a write that reads first never meets a mark the sender
    committed in between as 'in use' (each takes the write lock first, and waits)."""
    room.sign_visits(100)
    room.sender()
    eventually(lambda: room.store.outbox.waiting().visits < 100)
    room.sign_visits(30)  # while the sender marks the first ones sent
    eventually(_all_sent(room))
    assert count(owner_connection, "visit") == 130


def test_killed_between_the_commit_and_the_mark_it_is_not_sent_twice(
    room: Workstation, owner_connection: Any
) -> None:
    room.sign_visits(3)
    with room.link.connect() as connection:  # the server commits; the mark never comes
        for item in room.store.outbox.pending():
            push(connection, item.kind, item.payload)
    assert room.store.outbox.waiting().visits == 3
    room.sender()
    eventually(_all_sent(room))
    assert _outcomes(room) == [ALREADY_THERE] * 3
    assert count(owner_connection, "visit") == 3
    assert count(owner_connection, "interval") == 3


VISITS = 100


def test_the_server_stopped_mid_drain_loses_nothing_and_doubles_nothing(
    postgres_server: ServerForTests, room: Workstation
) -> None:
    room.sign_visits(VISITS)
    cluster = postgres_server.cluster
    sender = room.sender()
    try:
        eventually(lambda: room.store.outbox.waiting().visits < VISITS - 2, seconds=30)
        cluster.stop(mode="immediate")  # as a power cut: transactions in flight are lost
        eventually(lambda: not sender.status().connected, seconds=30)
        assert room.store.outbox.waiting().visits > 0  # stopped mid-drain
    finally:
        cluster.start()
    eventually(_all_sent(room), seconds=60)
    with cluster.connect(room.link.database) as owner:
        assert count(owner, "visit") == VISITS
        assert count(owner, "(SELECT DISTINCT uuid FROM visit) AS v") == VISITS
        assert count(owner, "interval") == VISITS
    assert set(_outcomes(room)) <= {SENT, ALREADY_THERE}


def test_signing_does_not_wait_for_a_stopped_server(room: Workstation) -> None:
    sender = room.sender(elsewhere(room.link, free_port()))  # nothing listens there
    _signing_is_local(room)
    eventually(lambda: room.store.outbox.waiting().last_tried_at is not None)
    status = sender.status()
    assert not status.connected and status.visits == 3
    assert "cannot be reached" in status.last_error
    assert status.last_tried_at is not None
    tried = f"{status.last_tried_at:%H:%M}"
    assert status.words(UTC) == f"3 visits waiting to send, last tried {tried}"


def test_signing_does_not_wait_for_a_hung_server(room: Workstation) -> None:
    with hung_server() as port:
        sender = room.sender(elsewhere(room.link, port))
        time.sleep(0.2)  # the sender is now waiting on the hung server
        _signing_is_local(room)
        eventually(lambda: "cannot be reached" in sender.status().last_error, seconds=10)
        assert room.store.outbox.waiting().visits == 3


def _signing_is_local(room: Workstation) -> None:
    for _ in range(3):
        started = time.perf_counter()
        [visit] = room.sign_visits(1)
        assert time.perf_counter() - started < SIGN_SECONDS
        assert room.store.visits.get(visit.id).signed_at is not None


def test_ten_workstations_at_once_all_arrive(
    workstations: Callable[[str], Workstation], owner_connection: Any
) -> None:
    rooms = [workstations(f"Room {n}") for n in range(1, 11)]
    for room in rooms:
        room.sign_visits(5)
    for room in rooms:
        room.sender()
    for room in rooms:
        eventually(_all_sent(room), seconds=60)
    assert count(owner_connection, "visit") == 50
    by_role = owner_connection.run("SELECT workstation, count(*) FROM visit GROUP BY 1")
    assert sorted(n for _, n in by_role) == [5] * 10
    assert {r for r, _ in by_role} == {room.link.role for room in rooms}
    assert count(owner_connection, "audit_log") == sum(
        room.store.db.execute(
            "SELECT count(*) FROM audit_log WHERE visit_id IS NOT NULL"
        ).fetchone()[0]
        for room in rooms
    )
