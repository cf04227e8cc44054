"""Migrations: from a blank file and from an older schema, with a backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from timer_app.records import Sex
from timer_app.session.clock import FakeClock
from timer_app.store import Store
from timer_app.store.backups import backups
from timer_app.store.schema import MIGRATIONS, SCHEMA_VERSION

FIRST_ONLY = "m002_code_settings_and_indexes"


def _older_file(path: Path) -> None:
    """A file as the first release left it: migration 1 only, a clinician, a payer, a visit."""
    db = Database(sqlite3.connect(path))
    db.execute("PRAGMA foreign_keys = ON")
    MIGRATIONS.apply(db, stop_before=FIRST_ONLY)
    with db.atomic():
        db.table("clinician").insert(
            {"name": "Dana Reyes", "credentials": "PT", "npi": "", "discipline": "PT",
             "role": "PT"}
        )  # fmt: skip
        db.table("payer").insert({"name": "Medicare", "profile": "Medicare"})
        db.table("patient").insert(
            {"name": "Ann Lee", "date_of_birth": "1950-01-02", "created_at": "2026-01-05"}
        )
        db.table("visit").insert(
            {"patient_id": 1, "clinician_id": 1, "date": "2026-01-05", "discipline": "PT",
             "status": "signed", "created_at": "2026-01-05"}
        )  # fmt: skip
    db.close()


def test_blank_file(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.sqlite3", clock=FakeClock()) as store:
        assert not MIGRATIONS.pending(store.db)
        assert store.db.table("code_setting").exists()
    # a new file has nothing to lose: only the daily backup, no "before-migration" one
    assert [p.name.endswith("-daily.sqlite3") for p in backups(tmp_path / "backups")] == [True]


def test_upgrade_from_the_first_schema(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    _older_file(path)
    older = Database(sqlite3.connect(path))
    assert older.execute("PRAGMA user_version").fetchone()[0] == 1
    assert not older.table("code_setting").exists()
    older.close()

    with Store.open(path, clock=FakeClock()) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [c.name for c in store.clinicians.all()] == ["Dana Reyes"]
        assert store.payers.find("Medicare") is not None
        assert store.codes.all() == {}  # the clinic chose nothing yet
        assert store.visits.get(1).revision == 0  # a visit of the old file can be written
        indexes = {tuple(i.columns) for i in store.db.table("visit").indexes}
        assert ("date", "clinician_id") in indexes

    kinds = [p.name.rsplit("-", 1)[-1] for p in backups(tmp_path / "backups")]
    assert kinds == ["migration.sqlite3"]  # it is also the day's backup
    saved = Database(sqlite3.connect(backups(tmp_path / "backups")[0]))
    assert saved.execute("PRAGMA user_version").fetchone()[0] == 1  # the file as it was
    assert [r["name"] for r in saved.table("clinician").rows] == ["Dana Reyes"]
    saved.close()


def test_upgrade_gives_patients_empty_claim_fields(tmp_path: Path) -> None:
    """m009: a patient of an older file reads back with sex unknown and nothing else typed;
    a sex the claim form does not take is refused by the file itself."""
    path = tmp_path / "clinic.sqlite3"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="m009_patient_claim_fields")
    db.table("patient").insert(
        {"name": "Ann Lee", "date_of_birth": "1950-01-02", "created_at": "2026-01-05"}
    )
    db.close()
    with Store.open(path, clock=FakeClock()) as store:
        ann = store.patients.get(1)
        assert (ann.sex, ann.referring_physician, ann.referring_npi) == (Sex.UNKNOWN, "", "")
        assert (ann.group_number, ann.secondary_payer_id, ann.secondary_member_id) == (
            "", None, "")  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute("UPDATE patient SET sex = 'X' WHERE id = 1")
