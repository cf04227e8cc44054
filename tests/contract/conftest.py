"""Every store the services may be given, held to one contract: the SQLite file and the
store in memory (the clinic server of a later issue joins the list)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.store.helpers import Seed, seed
from timer_app.clinic.port import StorePort
from timer_app.records import Visit, VisitChange
from timer_app.session.clock import FakeClock
from timer_app.store import MemoryStore, Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[StorePort]:
    opened: StorePort = (
        Store.open(tmp_path / "clinic.sqlite3", clock=clock)
        if request.param == "sqlite"
        else MemoryStore(clock)
    )
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
