"""Episodes of care and authorizations are master data: kept at the front desk on the
clinic server, copied down to every workstation by uuid, and one added on a workstation
while apart goes up later, as a patient does; a visit's episode and place go up with it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.clinic.conftest import CLINIC_TZ
from tests.master_data.conftest import MORNING, file_of, local_ids, server_records
from tests.postgres import ServerForTests
from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices
from timer_app.clinic.master_data import pull_once
from timer_app.clinic.plan_of_care import NEW
from timer_app.records import Diagnosis, VisitDetailsSet, VisitSealed
from timer_app.records.plan_of_care import Authorization, Episode
from timer_app.server.connection import ServerLink
from timer_app.server.push import SENT, push
from timer_app.session import FakeClock
from timer_app.session.model import VisitStatus, VisitStatusChanged
from timer_app.store.postgres import PostgresStore

CERTIFIED = date(2026, 10, 1)


@pytest.fixture
def desk(
    postgres_server: ServerForTests, clinic_database: str, owner_connection: Any
) -> Iterator[ClinicServices]:
    """The front desk's services on the clinic server's records."""
    server_records(owner_connection)
    store = PostgresStore(postgres_server.cluster.connect(clinic_database), FakeClock(MORNING))
    services = ClinicServices(store, FakeClock(MORNING), CLINIC_TZ)
    yield services
    services.close()


def _episode(patient_id: int, **changes: object) -> Episode:
    typed = Episode(
        NEW, patient_id, Discipline.PT, CERTIFIED, date(2026, 12, 29), physician="Alan Grant, MD",
        physician_npi="1245319599", frequency="2x/week", duration_weeks=12,
        diagnoses=(Diagnosis("M54.50", "Low back pain, unspecified"),),
    )  # fmt: skip
    return dataclasses.replace(typed, **changes)  # type: ignore[arg-type]


def _lopez(services: ClinicServices) -> int:
    return services.store.patients.search("Lopez")[0].id


def test_the_desks_episode_comes_down_and_its_changes_follow(
    desk: ClinicServices, room: ServerLink, workstation: ClinicServices, owner_connection: Any
) -> None:
    plans = desk.plan_of_care
    episode = plans.save_episode(_episode(_lopez(desk)))
    medicare = desk.store.payers.find("Medicare")
    assert medicare is not None
    plans.save_authorization(Authorization(
        NEW, episode.id, medicare.id, CERTIFIED, date(2026, 12, 31), visits=12, reference="A-77"
    ))  # fmt: skip
    assert [e.what for e in desk.store.audit.latest(2)] == [
        "authorization added", "episode of care added"]

    summary = pull_once(workstation.store, room)
    assert (summary.episodes, summary.authorizations) == (1, 1)
    [copied] = workstation.plan_of_care.episodes(_lopez(workstation))
    assert copied == dataclasses.replace(episode, id=copied.id, patient_id=_lopez(workstation))
    [authorization] = workstation.plan_of_care.authorizations(copied.id)
    assert (authorization.visits, authorization.reference) == (12, "A-77")
    [[server_uuid]] = owner_connection.run("SELECT uuid FROM episode")
    assert set(local_ids(file_of(workstation), "episode")) == {str(server_uuid)}

    plans.save_episode(dataclasses.replace(episode, period_ends=date(2026, 12, 20),
                                           diagnoses=()))  # fmt: skip
    again = pull_once(workstation.store, room)
    assert (again.episodes, again.full) == (1, False)
    [changed] = workstation.plan_of_care.episodes(_lopez(workstation))
    assert (changed.period_ends, changed.diagnoses) == (date(2026, 12, 20), ())
    assert not pull_once(workstation.store, room).changed  # the same data twice: nothing


def test_an_episode_added_on_a_workstation_goes_up_with_its_visit(
    desk: ClinicServices, room: ServerLink, workstation: ClinicServices, owner_connection: Any
) -> None:
    pull_once(workstation.store, room)
    local = file_of(workstation)
    local.settings.set("server.joined", "1")
    episode = workstation.plan_of_care.save_episode(_episode(_lopez(workstation)))
    medicare = local.payers.find("Medicare")
    assert medicare is not None
    workstation.plan_of_care.save_authorization(Authorization(
        NEW, episode.id, medicare.id, CERTIFIED, date(2026, 12, 31), units=40))  # fmt: skip
    dana = local.clinicians.all()[0]
    visit = local.visits.create(_lopez(workstation), dana.id, date(2026, 11, 2))
    assert visit.episode_id == episode.id
    visit = local.write_visit(visit.id, visit.revision, [
        VisitDetailsSet(episode.id, "02", progress_report=True),
        VisitStatusChanged(visit.id, VisitStatus.FINISHED)], "Dana")  # fmt: skip
    local.write_visit(visit.id, visit.revision, [
        VisitSealed("Room 1", ()), VisitStatusChanged(visit.id, VisitStatus.SIGNED, dana.id,
                                                      MORNING)], "Dana")  # fmt: skip
    waiting = local.outbox.waiting()
    assert (waiting.plans, waiting.visits) == (2, 1)

    with room.connect() as connection:
        for item in local.outbox.pending():
            assert push(connection, item.kind, item.payload) == SENT
            local.outbox.mark_sent(item.id, SENT, MORNING)

    [(period_ends, physician, added_by)] = owner_connection.run(
        "SELECT period_ends, physician, added_by FROM episode")
    assert (period_ends, physician) == (date(2026, 12, 29), "Alan Grant, MD")
    assert added_by != "postgres"  # inserted as the room itself
    assert owner_connection.run("SELECT code FROM episode_diagnosis") == [["M54.50"]]
    assert owner_connection.run("SELECT units, visits FROM payer_authorization") == [[40, None]]
    [(place, report, same)] = owner_connection.run(
        "SELECT v.place_of_service, v.progress_report, v.episode_id = e.id FROM visit v, "
        "episode e")
    assert (place, report, same) == ("02", True, True)
    desk_episodes = desk.plan_of_care.episodes(_lopez(desk))
    assert [e.frequency for e in desk_episodes] == ["2x/week"]
    pulled = pull_once(workstation.store, room)  # its own episode back: nothing to change
    assert (pulled.episodes, pulled.authorizations) == (0, 0)


def test_an_older_visit_payload_goes_up_at_the_clinics_place(
    desk: ClinicServices, room: ServerLink, workstation: ClinicServices, owner_connection: Any
) -> None:
    pull_once(workstation.store, room)
    local = file_of(workstation)
    local.settings.set("server.joined", "1")
    dana = local.clinicians.all()[0]
    visit = local.visits.create(_lopez(workstation), dana.id, date(2026, 11, 2))
    visit = local.write_visit(visit.id, visit.revision,
                              [VisitStatusChanged(visit.id, VisitStatus.FINISHED)], "Dana")
    local.write_visit(visit.id, visit.revision, [
        VisitSealed("Room 1", ()), VisitStatusChanged(visit.id, VisitStatus.SIGNED, dana.id,
                                                      MORNING)], "Dana")  # fmt: skip
    [item] = local.outbox.pending()
    for key in ("episode_uuid", "place_of_service", "audio_only", "progress_report"):
        del item.payload["visit"][key]  # as a workstation of the version before sent it
    with room.connect() as connection:
        assert push(connection, item.kind, item.payload) == SENT
    assert owner_connection.run("SELECT place_of_service, audio_only, episode_id FROM visit") == [
        ["11", False, None]]
