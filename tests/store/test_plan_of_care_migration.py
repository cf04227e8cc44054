"""m011: plans of care. A file's earlier visits take the clinic's place of service (what
their superbills printed), no episode, no report; a visit sealed before keeps its seal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from timer_app.clinic.integrity import Integrity
from timer_app.records.chain import digest
from timer_app.session.clock import FakeClock
from timer_app.store import Store
from timer_app.store.schema import MIGRATIONS


def test_an_older_file_keeps_its_visits_and_their_seals(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="m011_plan_of_care")
    with db.atomic():
        db.table("clinic").insert({"id": 1, "name": "Riverside", "place_of_service": "22"})
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
        visit = store.visits.get(1)
        assert (visit.place_of_service, visit.episode_id, visit.audio_only,
                visit.progress_report) == ("22", None, False, False)  # fmt: skip
        assert store.episodes.for_patient(1) == []
        from timer_app.records.chain import _sealed_v1

        # the seal an older version made: without the place of service
        store.db.execute("UPDATE visit SET signed_digest = ? WHERE id = 1",
                         [digest(*_sealed_v1(visit))])  # fmt: skip
        store.db.conn.commit()
        assert Integrity(store).check().visits == {}
        store.db.execute("UPDATE visit SET payer_id = NULL, date = '2026-01-06' WHERE id = 1")
        store.db.conn.commit()
        assert list(Integrity(store).check().visits) == [1]
