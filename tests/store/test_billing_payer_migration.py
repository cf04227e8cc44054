"""m012: a file's earlier visits bill to their own payer (none chosen at the desk), and its
clinic writes dates as the program did before (MM/DD/YYYY)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from timer_app.session.clock import FakeClock
from timer_app.store import Store
from timer_app.store.schema import MIGRATIONS


def test_an_older_file_gets_no_billing_payer_and_the_us_date_style(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="m012_billing_payer_and_date_style")
    with db.atomic():
        db.table("clinic").insert({"id": 1, "name": "Riverside"})
        db.table("clinician").insert({"name": "Dana Reyes", "credentials": "PT", "npi": "",
                                      "discipline": "PT", "role": "PT", "uuid": "c-1"})  # fmt: skip
        db.table("patient").insert({"name": "Ann Lee", "date_of_birth": "1950-01-02",
                                    "created_at": "2026-01-05", "uuid": "p-1"})  # fmt: skip
        db.table("visit").insert(
            {"patient_id": 1, "clinician_id": 1, "date": "2026-01-05", "discipline": "PT",
             "status": "signed", "signed_by": 1, "uuid": "v-1",
             "signed_at": "2026-01-05T16:00:00.000000+00:00",
             "created_at": "2026-01-05T15:00:00.000000+00:00"}
        )  # fmt: skip
    db.close()
    with Store.open(path, clock=FakeClock()) as store:
        assert store.visits.get(1).billing_payer_id is None
        clinic = store.clinic.get()
        assert clinic is not None and clinic.date_style == "MM/DD/YYYY"
