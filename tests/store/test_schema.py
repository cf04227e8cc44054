"""The schema on a blank file: strict tables, keys, WAL, full sync, every migration applied."""

from __future__ import annotations

import sqlite3

import pytest

from timer_app.store import Store
from timer_app.store.schema import MIGRATION_SET, SCHEMA_VERSION, known_migrations

TABLES = {
    "clinic", "clinician", "payer", "payer_fee", "patient", "patient_diagnosis", "visit",
    "visit_diagnosis", "interval", "heartbeat", "audit_log", "code_setting",
}  # fmt: skip


def test_every_clinic_table_is_strict(store: Store) -> None:
    for table in TABLES:
        sql = store.db.table(table).schema
        assert sql.rstrip().endswith("STRICT"), table


def test_connection_settings(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_all_migrations_applied_in_order(store: Store) -> None:
    rows = store.db.query(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
        [MIGRATION_SET],
    )
    names = [row["name"] for row in rows]
    assert names == sorted(known_migrations())
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(names)


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.db.table("visit").insert(
            {"patient_id": 99, "clinician_id": 99, "date": "2026-11-02", "discipline": "PT",
             "status": "open", "created_at": "2026-11-02T14:00:00+00:00"}
        )  # fmt: skip


def test_money_and_time_columns_are_integers(store: Store) -> None:
    columns = {
        (table, c.name): c.type
        for table in ("payer_fee", "interval", "visit")
        for c in store.db.table(table).columns
    }
    assert columns["payer_fee", "cents"] == "INTEGER"
    assert columns["interval", "duration_ms"] == "INTEGER"
    assert columns["visit", "amount_paid_cents"] == "INTEGER"
    with pytest.raises(sqlite3.IntegrityError):  # STRICT: no float cents slip in
        store.db.execute("INSERT INTO payer (name, profile) VALUES ('X', 'Medicare')")
        store.db.execute("INSERT INTO payer_fee VALUES (1, '97110', 29.5)")
    store.db.conn.rollback()
