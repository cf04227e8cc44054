"""A clinic server with master data the owner keeps, and workstations with their own file.

`server_records(owner)` puts the clinic on the server as the front desk would; `room` is a
workstation's link (its role reads master data only); `workstation` is that computer's own
SQLite file, opened through the clinic services.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.postgres import ServerForTests, add_test_workstation
from timer_app.clinic import ClinicServices, open_local
from timer_app.clinic.pins import hash_pin
from timer_app.server.connection import ServerLink
from timer_app.session import FakeClock
from timer_app.store import Store

CLINIC_TZ = timezone(timedelta(hours=-5))
MORNING = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
DANA_PIN = "4821"


def server_records(owner: Any) -> None:
    """The clinic as the front desk keeps it on the server: a PT and her user, Medicare
    with two fees, a patient with two diagnoses, a code turned off."""
    owner.run("INSERT INTO clinic (id, name, phone) VALUES (1, 'Riverside Therapy', "
              "'(217) 555-0100')")  # fmt: skip
    owner.run("INSERT INTO clinician (name, credentials, npi, discipline, role) VALUES "
              "('Dana Reyes', 'PT, DPT', '1245319599', 'PT', 'PT')")  # fmt: skip
    owner.run("INSERT INTO payer (name, profile) VALUES ('Medicare', 'Medicare')")
    owner.run("INSERT INTO payer_fee (payer_id, code, cents) SELECT id, code, cents FROM payer, "
              "(VALUES ('97110', 3150), ('97140', 2900)) AS f (code, cents)")  # fmt: skip
    add_patient(owner, "Lopez, Maria", "1948-03-02", [("M54.50", "Low back pain, unspecified"),
                                                     ("M62.81", "Muscle weakness")])  # fmt: skip
    add_user(owner, "Dana Reyes", "therapist", DANA_PIN, clinician="Dana Reyes")
    owner.run("INSERT INTO code_setting (code, enabled) VALUES ('97035', false)")


def add_patient(owner: Any, name: str, born: str, diagnoses: list[tuple[str, str]]) -> str:
    """A patient on Medicare with their diagnoses; their uuid."""
    found = owner.run(
        "INSERT INTO patient (name, date_of_birth, payer_id, member_id) VALUES "
        "(:name, CAST(:born AS date), (SELECT id FROM payer WHERE name = 'Medicare'), "
        "'1EG4TE5MK72') RETURNING id, uuid", name=name, born=born,
    )  # fmt: skip
    for slot, (code, description) in enumerate(diagnoses, start=1):
        owner.run("INSERT INTO patient_diagnosis VALUES (:p, :slot, :code, :d)",
                  p=found[0][0], slot=slot, code=code, d=description)  # fmt: skip
    return str(found[0][1])


def add_user(owner: Any, name: str, access: str, pin: str, clinician: str | None = None) -> str:
    found = owner.run(
        "INSERT INTO app_user (name, access, clinician_id, pin_hash) VALUES (:name, :access, "
        "(SELECT id FROM clinician WHERE name = :clinician), :hash) RETURNING uuid",
        name=name, access=access, clinician=clinician, hash=hash_pin(pin),
    )  # fmt: skip
    return str(found[0][0])


def local_ids(store: Store, table: str) -> dict[str, int]:
    return {row["uuid"]: row["id"] for row in store.db.query(f"SELECT uuid, id FROM {table}")}


def open_workstation(folder: Path) -> ClinicServices:
    folder.mkdir(parents=True, exist_ok=True)
    return open_local(data_dir=folder, clock=FakeClock(MORNING), tz=CLINIC_TZ,
                      daily_backup=False)  # fmt: skip


@pytest.fixture
def room(postgres_server: ServerForTests, clinic_database: str) -> ServerLink:
    """A treatment-room workstation's link: it reads master data and writes none."""
    link: ServerLink = add_test_workstation(postgres_server, clinic_database, "Room 1")
    return link


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[ClinicServices]:
    """The room's own file, empty until it pulls."""
    services = open_workstation(tmp_path / "room-1")
    yield services
    services.close()


def file_of(services: ClinicServices) -> Store:
    assert isinstance(services.store, Store)
    return services.store
