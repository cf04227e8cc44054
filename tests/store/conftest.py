"""Store fixtures: a fresh file in a temporary folder and a clock that moves when told."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.helpers import Seed, seed
from timer_app.session.clock import FakeClock
from timer_app.store import Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    opened = Store.open(tmp_path / "clinic.sqlite3", clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def seeded(store: Store) -> Seed:
    return seed(store)
