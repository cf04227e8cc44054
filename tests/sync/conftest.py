"""The sync tests: a local store of each kind, and a workstation joined to a real server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.postgres import ServerForTests
from tests.store.helpers import Seed, seed
from tests.sync.server import Workstation, make_workstation
from timer_app.clinic.port import LocalStorePort
from timer_app.session.clock import FakeClock
from timer_app.store import MemoryStore, Store
from timer_app.store.outbox import JOINED_SETTING


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", "memory"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> Iterator[LocalStorePort]:
    opened: LocalStorePort = (
        Store.open(tmp_path / "clinic.sqlite3", clock=clock, daily_backup=False)
        if request.param == "sqlite"
        else MemoryStore(clock)
    )
    yield opened
    opened.close()


@pytest.fixture
def seeded(store: LocalStorePort) -> Seed:
    return seed(store)


@pytest.fixture
def joined(store: LocalStorePort, seeded: Seed) -> LocalStorePort:
    """The seeded store, its workstation joined to a clinic server after the seeding."""
    store.settings.set(JOINED_SETTING, "1")
    return store


@pytest.fixture
def workstations(
    postgres_server: ServerForTests, clinic_database: str, tmp_path: Path
) -> Iterator[Callable[[str], Workstation]]:
    """Make workstations joined to a fresh clinic database: `workstations("Room 1")`."""
    made: list[Workstation] = []

    def make(name: str) -> Workstation:
        folder = tmp_path / name.replace(" ", "-")
        made.append(make_workstation(postgres_server, clinic_database, folder, name))
        return made[-1]

    yield make
    for workstation in made:
        workstation.close()


@pytest.fixture
def room(workstations: Callable[[str], Workstation]) -> Workstation:
    return workstations("Room 1")
