"""The clinic's services run on the clinic server's records: the front desk's day from
every room, billed, read over TLS by a front-desk workstation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tests.postgres import ServerForTests, add_test_workstation
from timer_app.clinic.services import ClinicServices, open_server
from timer_app.session.clock import FakeClock
from timer_app.store.postgres import PostgresStore

ZONE = timezone(timedelta(hours=-5))


def test_the_desk_lists_and_bills_the_clinics_visits_from_the_server(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any
) -> None:
    clock = FakeClock(datetime(2026, 11, 6, 20, 0, tzinfo=UTC))
    demo = ClinicServices(PostgresStore(owner_connection, clock), clock, ZONE).fill_demo()
    desk_link = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    with open_server(desk_link, clock=clock, tz=ZONE) as desk:
        week = desk.front_desk.visits(clock.now().date() - timedelta(days=7), clock.now().date())
        assert len(week) == demo.visits
        signed = [item for item in week if item.visit.status.value == "signed"]
        assert signed and all(item.billing is not None for item in signed)
