"""Joining with a one-time code; each workstation's role may do only what it needs."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pg8000.native
import pytest

from tests.postgres import ServerForTests, add_test_workstation
from timer_app.errors import UserError
from timer_app.server.connection import ServerLink
from timer_app.server.enrollment import add_workstation, join, parse_code


def _join(server: ServerForTests, database: str, owner: Any, tmp_path: Path) -> ServerLink:
    code = add_workstation(owner, "Room 2").code
    return join("localhost", code, tmp_path, port=server.port, database=database)


def test_join_stores_the_link_and_the_code_is_spent(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any,
    tmp_path: Path,
) -> None:  # fmt: skip
    code = add_workstation(owner_connection, "Room 2").code
    link = join("localhost", code, tmp_path, port=postgres_server.port,
                database=clinic_database)  # fmt: skip
    assert link.workstation == "Room 2" and link.role == "ws_room_2"
    assert ServerLink.load(tmp_path) == link
    assert (tmp_path / "clinic-server.json").stat().st_mode & 0o077 == 0
    with link.connect() as connection:
        assert connection.run("SELECT session_user")[0][0] == "ws_room_2"
    with pytest.raises(UserError, match="does not accept this code"):
        join("localhost", code, tmp_path / "again", port=postgres_server.port,
             database=clinic_database)  # fmt: skip
    listed = owner_connection.run("SELECT enrolled_at IS NOT NULL FROM workstation_login")
    assert listed == [[True]]


def test_a_code_with_another_authority_is_refused(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any,
    tmp_path: Path,
) -> None:  # fmt: skip
    code = add_workstation(owner_connection, "Room 3").code
    forged = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    with pytest.raises(UserError, match="not the clinic server"):
        join("localhost", forged, tmp_path, port=postgres_server.port,
             database=clinic_database)  # fmt: skip
    assert not (tmp_path / "clinic-server.json").exists()


def test_names_and_codes_are_checked_in_words(owner_connection: Any) -> None:
    add_workstation(owner_connection, "Room 2")
    with pytest.raises(UserError, match="already has a workstation named"):
        add_workstation(owner_connection, "room 2")
    with pytest.raises(UserError, match="cannot name a workstation"):
        add_workstation(owner_connection, "Room 2; DROP TABLE visit")
    with pytest.raises(UserError, match="not a workstation code"):
        parse_code("hello")


def _insert_visit(connection: Any, *, workstation: str | None = None) -> None:
    column, value = (", workstation", ", :w") if workstation else ("", "")
    connection.run(
        "INSERT INTO visit (uuid, patient_id, clinician_id, date, discipline, status"
        f"{column}) VALUES (:u, 1, 1, '2026-12-01', 'PT', 'signed'{value})",
        u=str(uuid.uuid4()), **({"w": workstation} if workstation else {}),
    )  # fmt: skip


def test_a_workstation_inserts_as_itself_and_changes_nothing_else(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any
) -> None:
    owner_connection.run(
        "INSERT INTO clinician (id, name, discipline, role) VALUES (1, 'Dana', 'PT', 'PT');"
    )
    owner_connection.run(
        "INSERT INTO patient (id, name, date_of_birth) VALUES (1, 'Pat', '1950-01-01')"
    )
    room1 = add_test_workstation(postgres_server, clinic_database, "Room 1")
    room2 = add_test_workstation(postgres_server, clinic_database, "Room 2")
    with room1.connect() as one:
        _insert_visit(one)
        with pytest.raises(pg8000.native.DatabaseError, match="row-level security"):
            _insert_visit(one, workstation="ws_room_2")
    with room2.connect() as two:
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            two.run("UPDATE visit SET status = 'open'")
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            two.run("DELETE FROM visit")
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            two.run("UPDATE payer SET name = 'x'")
        assert two.run("SELECT count(*) FROM visit")[0][0] == 1  # reads what others signed


def test_a_workstation_cannot_connect_in_plain_text(
    postgres_server: ServerForTests, clinic_database: str
) -> None:
    room = add_test_workstation(postgres_server, clinic_database, "Room 1")
    with pytest.raises(pg8000.native.DatabaseError, match=r"no encryption|reject"):
        pg8000.native.Connection(
            room.role, password=room.password, host="127.0.0.1", port=room.port,
            database=room.database, ssl_context=False,
        )  # fmt: skip
