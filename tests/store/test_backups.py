"""Backups: the backup API, once a day at start-up, the last 30 daily ones kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.store.helpers import seed
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.store import Store
from timer_app.store.backups import KEEP, backups


def test_one_backup_a_day_at_start_up(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "clinic.sqlite3"
    for _ in range(3):
        Store.open(path, clock=clock).close()
    assert len(backups(tmp_path / "backups")) == 1
    clock.advance(24 * 3600)
    Store.open(path, clock=clock).close()
    assert len(backups(tmp_path / "backups")) == 2


def test_the_last_thirty_are_kept(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "clinic.sqlite3"
    for _ in range(KEEP["daily"] + 5):
        Store.open(path, clock=clock).close()
        clock.advance(24 * 3600)
    kept = backups(tmp_path / "backups")
    assert len(kept) == KEEP["daily"] == 30
    assert kept[0].name.startswith("clinic-20261107T")  # the first five days rotated out


def test_a_backup_is_a_complete_database(tmp_path: Path) -> None:
    with Store.open(tmp_path / "clinic.sqlite3", clock=FakeClock()) as store:
        seeded = seed(store)
        copy = store.backup_to(tmp_path / "copy.sqlite3")
        with pytest.raises(UserError, match="already exists"):
            store.backup_to(copy)
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert connection.execute("SELECT name FROM patient").fetchall() == [(seeded.patient.name,)]
    connection.close()
    assert not list(tmp_path.glob("*.partial"))
