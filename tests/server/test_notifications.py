"""The front desk hears of a visit signed on another computer through LISTEN/NOTIFY."""

from __future__ import annotations

import queue
import time
import uuid
from datetime import date
from typing import Any

from tests.postgres import ServerForTests, add_test_workstation
from timer_app.server.notifications import VisitListener


def _sign_a_visit(connection: Any) -> str:
    made = str(uuid.uuid4())
    connection.run(
        "INSERT INTO visit (uuid, patient_id, clinician_id, date, discipline, status) "
        "VALUES (:u, 1, 1, '2026-12-01', 'PT', 'signed')", u=made,
    )  # fmt: skip
    return made


def test_a_new_visit_reaches_the_desk_at_once(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any
) -> None:
    owner_connection.run("INSERT INTO clinician (id, name, discipline, role) "
                         "VALUES (1, 'Dana', 'PT', 'PT')")  # fmt: skip
    owner_connection.run("INSERT INTO patient (id, name, date_of_birth) "
                         "VALUES (1, 'Pat', '1950-01-01')")  # fmt: skip
    desk = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    room = add_test_workstation(postgres_server, clinic_database, "Room 1")
    heard: queue.Queue[tuple[str | None, date | None, float]] = queue.Queue()
    listener = VisitListener(desk.open, lambda u, d: heard.put((u, d, time.perf_counter())))
    listener.start()
    try:
        assert listener.listening.wait(10)
        with room.connect() as connection:
            sent = time.perf_counter()
            made = _sign_a_visit(connection)
        visit_uuid, day, at = heard.get(timeout=5)
        assert (visit_uuid, day) == (made, date(2026, 12, 1))
        assert at - sent < 2.0
    finally:
        listener.stop()


def test_the_listener_comes_back_after_the_server_restarts(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any
) -> None:
    desk = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    heard: queue.Queue[tuple[str | None, date | None]] = queue.Queue()
    listener = VisitListener(desk.open, lambda u, d: heard.put((u, d)))
    listener.start()
    try:
        assert listener.listening.wait(10)
        owner_connection.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE usename = :r", r=desk.role)  # fmt: skip
        assert heard.get(timeout=15) == (None, None)  # back: the desk reloads
    finally:
        listener.stop()
