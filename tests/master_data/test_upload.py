"""A clinic on one computer becomes the clinic server: its records go up once, under their
own uuids, and every other workstation pulls the same ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.clinic.conftest import seed_clinic
from tests.master_data.conftest import file_of, local_ids, open_workstation
from timer_app.clinic.master_data import pull_once
from timer_app.clinic.pins import hash_pin
from timer_app.records.people import Access
from timer_app.server.connection import ServerLink
from timer_app.store.master_data import upload_master_data


def test_upload_then_a_second_workstation_pulls_the_same_records(
    owner_connection: Any, room: ServerLink, tmp_path: Path
) -> None:
    with open_workstation(tmp_path / "server-computer") as first:
        seed_clinic(first.store)
        dana = first.store.clinicians.all()[0]
        first.store.users.add("Dana Reyes", Access.THERAPIST, hash_pin("4821"), dana.id)
        first.store.codes.set_favourite("97110", True)
        first_file = file_of(first)
        sent = upload_master_data(first_file, owner_connection)
        assert (sent.clinic, sent.clinicians, sent.payers, sent.patients, sent.users,
                sent.codes) == (1, 3, 2, 2, 1, 1)  # fmt: skip
        assert upload_master_data(first_file, owner_connection).total() == 0  # all there
        assert not pull_once(first.store, room).changed  # its own records, as it has them
        mine = {table: local_ids(first_file, table) for table in ("patient", "payer")}
        patients = {p.name: p for p in first.store.patients.search("")}

    with open_workstation(tmp_path / "room-2") as second:
        pull_once(second.store, room)
        theirs = file_of(second)
        for table, ids in mine.items():
            assert set(local_ids(theirs, table)) == set(ids)  # the same uuids
        for pulled in second.store.patients.search(""):
            original = patients[pulled.name]
            assert (pulled.date_of_birth, pulled.member_id, pulled.diagnoses) == (
                original.date_of_birth, original.member_id, original.diagnoses)  # fmt: skip
            assert second.store.payers.get(pulled.payer_id or 0).name == "Medicare"
        assert second.store.codes.all()["97110"].favourite
        assert [u.name for u in second.access.users()] == ["Dana Reyes"]
