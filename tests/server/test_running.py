"""Each workstation's running codes, shared so a clinician timed in two rooms is seen."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pg8000.native
import pytest

from tests.postgres import ServerForTests, add_test_workstation
from timer_app.server.running import RunningHere, elsewhere, publish

DANA = str(uuid.uuid4())
AT = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def test_each_room_sees_the_others_running_codes(
    postgres_server: ServerForTests, clinic_database: str
) -> None:
    room1 = add_test_workstation(postgres_server, clinic_database, "Room 1")
    room2 = add_test_workstation(postgres_server, clinic_database, "Room 2")
    with room1.connect() as one, room2.connect() as two:
        publish(one, [RunningHere("a" * 32, DANA, "97110", AT)])
        publish(two, [RunningHere("b" * 32, DANA, "97140", AT)])
        seen = elsewhere(one)
        assert [(s.workstation, s.code) for s in seen] == [("Room 2", "97140")]
        assert seen[0].clinician_uuid == DANA and seen[0].started_at == AT
        publish(two, [])  # stopped in Room 2
        assert elsewhere(one) == []
        publish(one, [RunningHere("a" * 32, DANA, "97110", AT)])  # again: no duplicate
        assert len(elsewhere(two)) == 1


def test_a_room_cannot_change_anothers_list(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any
) -> None:
    room1 = add_test_workstation(postgres_server, clinic_database, "Room 1")
    room2 = add_test_workstation(postgres_server, clinic_database, "Room 2")
    with room1.connect() as one, room2.connect() as two:
        publish(one, [RunningHere("a" * 32, DANA, "97110", AT)])
        two.run("DELETE FROM running_now")  # row-level security: only its own rows
        assert len(elsewhere(two)) == 1
        with pytest.raises(pg8000.native.DatabaseError, match="row-level security"):
            two.run("INSERT INTO running_now (interval_id, workstation, clinician_uuid, code, "
                    "started_at) VALUES ('x', 'ws_room_1', CAST(:c AS uuid), '97110', now())",
                    c=DANA)  # fmt: skip
