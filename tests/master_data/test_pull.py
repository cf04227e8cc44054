"""Master data comes down from the real clinic server into a workstation's own file."""

from __future__ import annotations

from typing import Any

import pytest

from tests.master_data.conftest import (
    DANA_PIN,
    add_patient,
    add_user,
    file_of,
    local_ids,
    server_records,
)
from timer_app.clinic import ClinicServices
from timer_app.clinic.master_data import pull_once
from timer_app.errors import UserError
from timer_app.records import Diagnosis
from timer_app.server.connection import ServerLink
from timer_app.store.master_data import PULLED_UP_TO


def test_a_first_pull_copies_everything_under_the_servers_uuids(
    owner_connection: Any, room: ServerLink, workstation: ClinicServices
) -> None:
    server_records(owner_connection)
    summary = pull_once(workstation.store, room)
    assert summary.full and summary.changed
    assert (summary.clinic, summary.clinicians, summary.payers, summary.patients,
            summary.users, summary.codes) == (1, 1, 1, 1, 1, 1)  # fmt: skip
    store = file_of(workstation)
    server_patients = {str(u): name for u, name in owner_connection.run(
        "SELECT uuid, name FROM patient")}  # fmt: skip
    assert {u: store.patients.get(i).name for u, i in local_ids(store, "patient").items()} == (
        server_patients
    )
    [patient] = store.patients.search("Lopez")
    assert patient.diagnoses == (Diagnosis("M54.50", "Low back pain, unspecified"),
                                 Diagnosis("M62.81", "Muscle weakness"))  # fmt: skip
    medicare = store.payers.find("Medicare")
    assert medicare is not None and patient.payer_id == medicare.id
    assert medicare.fees == {"97110": 3150, "97140": 2900}
    [user] = store.users.all()
    assert user.clinician_id == store.clinicians.all()[0].id
    clinic = store.clinic.get()
    assert clinic is not None and clinic.name == "Riverside Therapy"
    assert not store.codes.all()["97035"].enabled
    [entry] = store.audit.find(who="the clinic server")
    assert entry.what == "master data from the clinic server" and entry.after is not None
    assert entry.after["patients"] == 1


def test_changes_on_the_server_come_down_and_local_ids_stay(
    owner_connection: Any, room: ServerLink, workstation: ClinicServices
) -> None:
    server_records(owner_connection)
    pull_once(workstation.store, room)
    store = file_of(workstation)
    before = {table: local_ids(store, table) for table in ("payer", "patient", "app_user")}
    owner_connection.run("UPDATE payer_fee SET cents = 3300 WHERE code = '97110'")
    new_patient = add_patient(owner_connection, "Chen, Tom", "1975-07-19",
                              [("S83.511A", "Sprain of ACL, right knee")])  # fmt: skip
    new_user = add_user(owner_connection, "Front Desk", "front_desk", "7777")

    summary = pull_once(workstation.store, room)

    assert not summary.full
    assert (summary.payers, summary.patients, summary.users, summary.clinicians) == (1, 1, 1, 0)
    after = {table: local_ids(store, table) for table in ("payer", "patient", "app_user")}
    for table, ids in before.items():
        assert {u: after[table][u] for u in ids} == ids  # the same uuid, the same local id
    assert new_patient in after["patient"] and new_user in after["app_user"]
    medicare = store.payers.find("Medicare")
    assert medicare is not None and medicare.fees["97110"] == 3300
    chen = store.patients.get(after["patient"][new_patient])
    assert chen.payer_id == medicare.id and chen.diagnoses[0].code == "S83.511A"


def test_pulling_twice_changes_nothing(
    owner_connection: Any, room: ServerLink, workstation: ClinicServices
) -> None:
    server_records(owner_connection)
    pull_once(workstation.store, room)
    store = file_of(workstation)
    entries = len(store.audit.latest(1000))
    cursor = store.settings.get(PULLED_UP_TO)

    again = pull_once(workstation.store, room)
    in_full = pull_once(workstation.store, room, full=True)

    assert not again.changed and not again.full
    assert not in_full.changed and in_full.full
    assert len(store.audit.latest(1000)) == entries
    assert store.settings.get(PULLED_UP_TO) == cursor == str(again.up_to)


def test_sign_in_works_offline_with_the_pulled_pin(
    owner_connection: Any, room: ServerLink, workstation: ClinicServices
) -> None:
    server_records(owner_connection)
    pull_once(workstation.store, room)
    offline = ServerLink("localhost", 1, room.role, room.password, room.workstation,
                         room.ca_file, room.database)  # fmt: skip
    with pytest.raises(UserError, match="cannot be reached"):
        pull_once(workstation.store, offline)

    access = workstation.access
    access.require_people()
    [dana] = access.users()
    with pytest.raises(UserError, match="not Dana Reyes's"):
        access.sign_in(dana.id, "0000")
    assert access.sign_in(dana.id, DANA_PIN).name == "Dana Reyes"
    assert access.user is not None and access.user.clinician_id is not None


def test_a_full_pull_retires_what_the_server_no_longer_has(
    owner_connection: Any, room: ServerLink, workstation: ClinicServices
) -> None:
    server_records(owner_connection)
    add_user(owner_connection, "Former Desk", "front_desk", "5555")
    owner_connection.run("INSERT INTO payer (name, profile) VALUES ('Aetna', 'Commercial (AMA)')")
    pull_once(workstation.store, room)
    owner_connection.run("DELETE FROM app_user WHERE name = 'Former Desk'")
    owner_connection.run("DELETE FROM payer WHERE name = 'Aetna'")
    owner_connection.run("DELETE FROM code_setting")

    assert not pull_once(workstation.store, room).changed  # a removal leaves no change number
    summary = pull_once(workstation.store, room, full=True)

    store = file_of(workstation)
    assert summary.retired == 2  # the user, the payer (the code kept: none left there)
    assert [u.name for u in store.users.all()] == ["Dana Reyes"]
    former = next(u for u in store.users.all(include_inactive=True) if u.name == "Former Desk")
    with pytest.raises(UserError, match="no longer has access"):
        workstation.access.confirm_pin(former.id, "5555")
    assert store.payers.find("Aetna") is None
    assert "97035" in store.codes.all()  # a server with no code settings empties none here


def test_a_payer_this_file_had_before_it_joined_becomes_the_servers(
    owner_connection: Any, room: ServerLink, workstation: ClinicServices
) -> None:
    store = file_of(workstation)
    mine = store.payers.add("MEDICARE", "Medicare", {"97110": 1})
    server_records(owner_connection)
    pull_once(workstation.store, room)
    [payer] = store.payers.all()
    assert (payer.id, payer.name, payer.fees["97110"]) == (mine.id, "Medicare", 3150)
    server_uuid = str(owner_connection.run("SELECT uuid FROM payer")[0][0])
    assert local_ids(store, "payer") == {server_uuid: mine.id}


def test_payers_that_swapped_names_on_the_server_swap_here(
    owner_connection: Any, room: ServerLink, workstation: ClinicServices
) -> None:
    server_records(owner_connection)
    owner_connection.run("INSERT INTO payer (name, profile) VALUES ('Aetna', 'Commercial (AMA)')")
    pull_once(workstation.store, room)
    for old, new in (("Aetna", "Swapping"), ("Medicare", "Aetna"), ("Swapping", "Medicare")):
        owner_connection.run("UPDATE payer SET name = :new WHERE name = :old", new=new, old=old)
    ids = local_ids(file_of(workstation), "payer")
    assert pull_once(workstation.store, room).payers == 2
    store = file_of(workstation)
    assert local_ids(store, "payer") == ids
    swapped = owner_connection.run("SELECT uuid, name FROM payer")
    assert {store.payers.get(ids[str(u)]).name: name for u, name in swapped} == {
        "Aetna": "Aetna", "Medicare": "Medicare"
    }
