"""Only the front desk writes master data on the server; every workstation reads it."""

from __future__ import annotations

from typing import Any

import pg8000.native
import pytest

from tests.master_data.conftest import server_records
from tests.postgres import ServerForTests, add_test_workstation
from timer_app.clinic import ClinicServices
from timer_app.clinic.master_data import pull_once
from timer_app.server.connection import ServerLink

WRITES = (
    "UPDATE payer_fee SET cents = 1",
    "INSERT INTO payer (name, profile) VALUES ('Aetna', 'Commercial (AMA)')",
    "UPDATE patient SET name = 'Someone Else'",
    "DELETE FROM patient_diagnosis",
    "UPDATE app_user SET pin_hash = 'mine'",
    "INSERT INTO clinician (name, discipline, role) VALUES ('Sam', 'PT', 'PTA')",
    "UPDATE clinic SET name = 'Elsewhere'",
    "INSERT INTO code_setting (code) VALUES ('97999')",
)


@pytest.mark.parametrize("sql", WRITES)
def test_a_treatment_room_cannot_write_master_data(
    owner_connection: Any, room: ServerLink, sql: str
) -> None:
    server_records(owner_connection)
    with room.connect() as connection, pytest.raises(pg8000.native.DatabaseError,
                                                     match="permission denied"):  # fmt: skip
        connection.run(sql)


def test_the_front_desk_writes_and_the_rooms_pull_it(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any,
    room: ServerLink, workstation: ClinicServices,
) -> None:  # fmt: skip
    server_records(owner_connection)
    desk = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    pull_once(workstation.store, room)
    with desk.connect() as connection:
        connection.run("INSERT INTO payer (name, profile) VALUES ('Aetna', 'Commercial (AMA)')")
        connection.run("UPDATE payer_fee SET cents = 3300 WHERE code = '97110'")
    summary = pull_once(workstation.store, room)
    assert summary.payers == 2
    aetna, medicare = workstation.store.payers.all()
    assert aetna.name == "Aetna" and medicare.fees["97110"] == 3300
