"""Workstations joined with `timer-app join`, running as the window runs them: what is
signed in a room reaches the server, the clinic's records come down, and one clinician
timed one-on-one in two rooms at once is flagged in both."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.clinic.conftest import CLINIC_TZ, MORNING, seed_clinic
from tests.postgres import ServerForTests
from timer_app.clinic import ClinicServices, open_local, workstation_link
from timer_app.clinic.clinic_server import join_server
from timer_app.server.enrollment import add_workstation
from timer_app.session.clock import FakeClock, SystemClock
from timer_app.session.model import VisitStatus
from timer_app.store.postgres import PostgresStore


def _until(condition: Callable[[], bool], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


@pytest.fixture
def server_records(owner_connection: Any) -> PostgresStore:
    store = PostgresStore(owner_connection, SystemClock())
    seed_clinic(store)  # the front desk set the clinic up on the server
    return store


@pytest.fixture
def join(
    postgres_server: ServerForTests, clinic_database: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[str], ClinicServices]]:  # fmt: skip
    monkeypatch.setattr(workstation_link, "PASS_SECONDS", 0.2)
    opened: list[ClinicServices] = []

    def joined(name: str) -> ClinicServices:
        owner = postgres_server.cluster.connect(clinic_database)
        try:
            code = add_workstation(owner, name).code
        finally:
            owner.close()
        folder = tmp_path / name
        join_server(folder, "localhost", code, port=postgres_server.port,
                    database=clinic_database)  # fmt: skip
        clinic = open_local(data_dir=folder, clock=FakeClock(MORNING), tz=CLINIC_TZ,
                            daily_backup=False)  # fmt: skip
        clinic.start_link()
        opened.append(clinic)
        return clinic

    yield joined
    for clinic in opened:
        clinic.close()


def _visit(clinic: ClinicServices, patient: str, code: str) -> int:
    treatment = clinic.treatment
    who = next(p for p in clinic.store.patients.recent() if p.name == patient)
    dana = next(c for c in treatment.clinicians() if c.name == "Dana Reyes")
    timer = treatment.start_visit(who.id, dana.id)
    treatment.run(timer.visit_id, lambda t: t.start(code))
    return timer.visit_id


def test_a_visit_signed_in_a_room_reaches_the_server(
    join: Callable[[str], ClinicServices], server_records: PostgresStore
) -> None:
    room = join("Room 1")
    assert {c.name for c in room.treatment.clinicians()} >= {"Dana Reyes"}  # came down
    visit_id = _visit(room, "Lopez, Maria", "97110")
    clock = room.clock
    assert isinstance(clock, FakeClock)
    clock.advance(16 * 60)
    room.treatment.run(visit_id, lambda t: t.end_visit())
    patient = room.treatment.patient_of(visit_id)
    room.treatment.sign(room.treatment.check_signature(
        visit_id, diagnoses=patient.diagnoses, pointer_letters={}, chosen_units=None,
    ))  # fmt: skip
    _until(lambda: len(server_records.visits.find(status=VisitStatus.SIGNED)) == 1)
    arrived = server_records.visits.find(status=VisitStatus.SIGNED)[0]
    assert [i.code for i in arrived.intervals] == ["97110"]
    _until(lambda: room.server_status() == "Clinic server: connected")


def test_one_clinician_in_two_rooms_is_flagged_in_both(
    join: Callable[[str], ClinicServices], server_records: PostgresStore
) -> None:
    room1, room2 = join("Room 1"), join("Room 2")
    _visit(room1, "Lopez, Maria", "97110")
    _visit(room2, "Chen, Tom", "97140")

    def flagged(room: ClinicServices, other: str) -> bool:
        return any(f"on {other}" in w.message for w in room.treatment.concurrent_warnings())

    _until(lambda: flagged(room1, "Room 2") and flagged(room2, "Room 1"))
    warning = next(w for w in room1.treatment.concurrent_warnings() if "Room 2" in w.message)
    assert "Dana Reyes is timing 97110 here and 97140 one-on-one on Room 2" in warning.message


def test_a_patient_added_at_the_desk_comes_down_to_the_rooms(
    join: Callable[[str], ClinicServices], server_records: PostgresStore
) -> None:
    from datetime import date

    room = join("Room 1")
    server_records.patients.add("Okafor, Grace", date(1961, 4, 9))
    _until(lambda: any(p.name == "Okafor, Grace" for p in room.store.patients.recent(50)))
    heard: list[object] = []
    room.events.subscribe(heard.append)
    room.take_server_news()  # the window's status line does this on its UI thread
    assert heard
