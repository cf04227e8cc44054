"""Every store the services may be given, held to one contract: the SQLite file, the
store in memory, and the clinic server (a fresh database on the session's throwaway
PostgreSQL, as its owner)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.postgres import ServerForTests
from tests.store.helpers import Seed, seed
from timer_app.clinic.port import StorePort
from timer_app.records import Visit, VisitChange
from timer_app.session.clock import FakeClock
from timer_app.store import MemoryStore, Store
from timer_app.store.postgres import PostgresStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", "memory", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[StorePort]:
    opened: StorePort
    if request.param == "sqlite":
        opened = Store.open(tmp_path / "clinic.sqlite3", clock=clock)
    elif request.param == "memory":
        opened = MemoryStore(clock)
    else:  # asked for only here, so the other stores run without PostgreSQL
        server: ServerForTests = request.getfixturevalue("postgres_server")
        database: str = request.getfixturevalue("clinic_database")
        opened = PostgresStore(server.cluster.connect(database), clock)
    yield opened
    opened.close()


@pytest.fixture
def seeded(store: StorePort) -> Seed:
    return seed(store)


def write(
    store: StorePort, visit_id: int, changes: Sequence[VisitChange], who: str = "Dana"
) -> Visit:
    """A write at the visit's current revision, as a screen that is up to date makes it."""
    return store.write_visit(visit_id, store.visits.get(visit_id).revision, changes, who)
