"""The front desk of a workstation joined to the clinic server lists every room's signed
visits from the server, and a visit signed in a room appears without a click."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.contract.test_visit_writes import finish, sign
from tests.postgres import ServerForTests, add_test_workstation
from tests.store.helpers import Seed, seed
from tests.ui.conftest import CLINIC_TZ, delete_closed_widgets, people_window_on, sign_in_as
from timer_app.clinic import ClinicServices, open_local
from timer_app.server.connection import CA_FILE, ServerLink
from timer_app.session.clock import FakeClock
from timer_app.store.postgres import PostgresStore
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.main_window import MainWindow


def _desk_computer(folder: Path, link: ServerLink, clock: FakeClock) -> ClinicServices:
    """A workstation as `timer-app join` leaves it: the link and the clinic's authority."""
    folder.mkdir()
    shutil.copy(link.ca_file, folder / CA_FILE)
    link.save(folder)
    clinic = open_local(data_dir=folder, clock=clock, tz=CLINIC_TZ, daily_backup=False)
    clinic.access.create_owner("Kim Lee", "4444")
    return clinic


def _front_desk(qtbot: Any, window: MainWindow) -> FrontDeskView:
    window.tabs.setCurrentWidget(window.front_desk)
    qtbot.waitUntil(lambda: window.front_desk.content is not None
                    and window.front_desk.content.isVisible())  # fmt: skip
    view = window.front_desk.content
    assert isinstance(view, FrontDeskView)
    return view


def _signed_visit(store: PostgresStore, seeded: Seed, clock: FakeClock) -> None:
    visit = store.visits.create(seeded.patient.id, seeded.therapist.id, seeded.visit.date)
    finish(store, replace(seeded, visit=visit), clock)
    sign(store, store.visits.get(visit.id), seeded.therapist.id, clock)


@pytest.fixture
def server_store(owner_connection: Any) -> Iterator[tuple[PostgresStore, FakeClock]]:
    clock = FakeClock()
    yield PostgresStore(owner_connection, clock), clock


def test_the_desk_lists_the_servers_visits_live(
    qtbot: Any, qapp: Any, tmp_path: Path, postgres_server: ServerForTests,
    clinic_database: str, server_store: tuple[PostgresStore, FakeClock],
) -> None:  # fmt: skip
    store, clock = server_store
    seeded = seed(store)
    sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    link = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    clinic = _desk_computer(tmp_path / "desk", link, FakeClock(clock.now()))
    window = people_window_on(qtbot, clinic, tmp_path)
    try:
        sign_in_as(qtbot, window, "Kim Lee", "4444")
        view = _front_desk(qtbot, window)
        assert view.model.rowCount() == 1 and not view.source_note.isVisible()
        _signed_visit(store, seeded, clock)  # signed in a room: the server tells the desk
        qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10_000)
    finally:
        window.close()
        delete_closed_widgets()
        clinic.close()


def test_the_desk_says_when_the_server_is_away(
    qtbot: Any, qapp: Any, tmp_path: Path, postgres_server: ServerForTests,
    clinic_database: str,
) -> None:  # fmt: skip
    link = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    from timer_app.server.cluster import free_port

    away = ServerLink(link.host, free_port(), link.role, link.password, link.workstation,
                      link.ca_file, link.database)  # fmt: skip
    clinic = _desk_computer(tmp_path / "desk", away, FakeClock())
    window = people_window_on(qtbot, clinic, tmp_path)
    try:
        sign_in_as(qtbot, window, "Kim Lee", "4444")
        view = _front_desk(qtbot, window)
        assert view.source_note.isVisible()
        assert "cannot be reached" in view.source_note.text()
        assert "this computer only" in view.source_note.text()
    finally:
        window.close()
        delete_closed_widgets()
        clinic.close()


def test_a_desks_set_up_keeps_the_clinics_records_on_the_server(
    qtbot: Any, qapp: Any, tmp_path: Path, postgres_server: ServerForTests,
    clinic_database: str, server_store: tuple[PostgresStore, FakeClock],
) -> None:  # fmt: skip
    from timer_app.clinic.setup import NEW
    from timer_app.records.people import Access
    from timer_app.ui.clinic_setup import ClinicSetup

    store, clock = server_store
    link = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    clinic = _desk_computer(tmp_path / "desk", link, FakeClock(clock.now()))
    window = people_window_on(qtbot, clinic, tmp_path)
    try:
        sign_in_as(qtbot, window, "Kim Lee", "4444")
        window.tabs.setCurrentWidget(window.setup)
        qtbot.waitUntil(lambda: window.setup.content is not None)
        setup = window.setup.content
        assert isinstance(setup, ClinicSetup)
        setup.payers.setup.save_payer(NEW, "Aetna", "Commercial (AMA)", {"97110": 4000})
        assert [p.name for p in store.payers.all()] == ["Aetna"]  # on the server
        assert clinic.store.payers.all() == []  # here only when it comes down
        setup.users.access.add_user("Pat Desk", Access.FRONT_DESK, "2222")
        assert [u.name for u in store.users.all()] == ["Pat Desk"]
        entry = store.audit.latest(1)[0]
        assert entry.who == "Kim Lee" and entry.workstation  # recorded under who is here
    finally:
        window.close()
        delete_closed_widgets()
        clinic.close()
