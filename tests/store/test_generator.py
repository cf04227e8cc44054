"""The benchmark clinic generator writes what the store reads back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from timer_app.clinic import open_local
from timer_app.session.model import VisitStatus
from timer_app.store.generator import VISITS_PER_DAY, generate


def test_a_small_generated_clinic_reads_back(tmp_path: Path) -> None:
    made = generate(tmp_path / "big.sqlite3", clinicians=3, years=0.05, last_day=date(2026, 11, 20))
    weekdays = sum(
        (made.first_day + timedelta(days=n)).weekday() < 5
        for n in range((made.last_day - made.first_day).days + 1)
    )
    assert made.visits == 3 * VISITS_PER_DAY * weekdays > 0
    with open_local(made.path) as clinic:
        store = clinic.store
        day = store.visits.find(on=made.last_day)
        assert len(day) == 3 * VISITS_PER_DAY
        assert all(v.intervals and v.diagnoses and v.status is VisitStatus.SIGNED for v in day)
        assert store.visits.find(status=VisitStatus.BILLED, on=made.first_day)
        for visit in day:
            billing = clinic.biller.bill(visit)
            assert billing is not None and billing.lines
        assert store.running_intervals() == []
        assert store.patients.recent(5)
