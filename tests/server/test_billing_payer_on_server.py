"""On the clinic server the front desk's role may set a signed visit's payer for billing
(that column, as it sets the status); a treatment room's may not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pg8000.native
import pytest

from tests.postgres import ServerForTests, add_test_workstation
from timer_app.clinic.services import ClinicServices, open_server
from timer_app.session.clock import FakeClock
from timer_app.session.model import VisitStatus
from timer_app.store.postgres import PostgresStore

ZONE = timezone(timedelta(hours=-5))


def test_the_desk_bills_a_signed_visit_to_another_payer_and_a_room_cannot(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any
) -> None:
    clock = FakeClock(datetime(2026, 11, 6, 20, 0, tzinfo=UTC))
    ClinicServices(PostgresStore(owner_connection, clock), clock, ZONE).fill_demo()
    desk_link = add_test_workstation(postgres_server, clinic_database, "Front desk", desk=True)
    with open_server(desk_link, clock=clock, tz=ZONE) as desk:
        week = desk.front_desk.visits(clock.now().date() - timedelta(days=7), clock.now().date())
        item = next(  # no hot pack: Medicare bundles it, Aetna bills it (refused)
            i for i in week if i.visit.status is VisitStatus.SIGNED and i.payer is not None
            and i.payer.name == "Medicare" and all(t.code != "97010" for t in i.visit.intervals)
        )  # fmt: skip
        aetna = desk.store.payers.find("Aetna")
        assert aetna is not None
        moved = desk.front_desk.set_payer(item, aetna.id)
        assert moved.payer == aetna and moved.visit.signed_digest == item.visit.signed_digest
    room = add_test_workstation(postgres_server, clinic_database, "Room 1")
    with room.connect() as connection, pytest.raises(pg8000.native.DatabaseError,
                                                     match="permission denied"):  # fmt: skip
        connection.run("UPDATE visit SET billing_payer_id = NULL WHERE id = :v", v=item.visit.id)
    found = owner_connection.run("SELECT billing_payer_id FROM visit WHERE id = :v",
                                 v=item.visit.id)  # fmt: skip
    assert found == [[aetna.id]]
