"""Every shared record has a clinic-wide uuid on the file: made with it, or given one when
an older file is migrated; an amendment is a new version with a uuid of its own."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tests.store.helpers import seed
from tests.sync.helpers import signed
from timer_app.records.people import Access
from timer_app.session.clock import FakeClock
from timer_app.store import Store
from timer_app.store.schema import MIGRATIONS, SHARED_TABLES

DASHED = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _uuids(store: Store, table: str) -> list[str]:
    return [row[0] for row in store.db.execute(f"SELECT uuid FROM {table}").fetchall()]


def test_every_record_is_made_with_its_own_uuid(tmp_path: Path) -> None:
    clock = FakeClock()
    with Store.open(tmp_path / "clinic.sqlite3", clock=clock) as store:
        seeded = seed(store)
        store.users.add("Dana", Access.THERAPIST, "hash", seeded.therapist.id)
        done = signed(store, seeded.visit, clock)
        store.amend(done.id, done.revision, "wrong code", "Dana")
        for table in SHARED_TABLES:
            found = _uuids(store, table)
            assert found and all(DASHED.match(u) for u in found), table
            assert len(set(found)) == len(found)
        assert len(_uuids(store, "visit")) == 2  # the amendment is a version of its own


def test_an_older_file_is_given_uuids(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="m008_server_identity_and_outbox")
    with db.atomic():
        for name in ("Dana Reyes", "Sam Ortiz"):
            db.table("clinician").insert({"name": name, "discipline": "PT", "role": "PT"})
        db.table("payer").insert({"name": "Medicare", "profile": "Medicare"})
        db.table("patient").insert(
            {"name": "Ann Lee", "date_of_birth": "1950-01-02", "created_at": "2026-01-05"}
        )
    db.close()
    with Store.open(path, clock=FakeClock()) as store:
        for table in ("clinician", "payer", "patient"):
            assert all(DASHED.match(u) for u in _uuids(store, table)), table
        assert len(set(_uuids(store, "clinician"))) == 2
        assert store.db.table("outbox").count == 0
