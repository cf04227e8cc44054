"""The benchmark clinic generator writes what the store reads back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from timer_app.session.model import VisitStatus
from timer_app.store import Store
from timer_app.store.generator import VISITS_PER_DAY, generate
from timer_app.visit_billing import bill_stored_visit


def test_a_small_generated_clinic_reads_back(tmp_path: Path) -> None:
    made = generate(tmp_path / "big.sqlite3", clinicians=3, years=0.05, last_day=date(2026, 11, 20))
    weekdays = sum(
        (made.first_day + timedelta(days=n)).weekday() < 5
        for n in range((made.last_day - made.first_day).days + 1)
    )
    assert made.visits == 3 * VISITS_PER_DAY * weekdays > 0
    with Store.open(made.path) as store:
        day = store.visits.for_day(made.last_day)
        assert len(day) == 3 * VISITS_PER_DAY
        assert all(v.intervals and v.diagnoses and v.status is VisitStatus.SIGNED for v in day)
        assert store.visits.find(status=VisitStatus.BILLED, on=made.first_day)
        for visit in day:
            payer = store.payers.get(visit.payer_id) if visit.payer_id else None
            billing = bill_stored_visit(visit, payer, set())
            assert billing is not None and billing.lines
        assert store.recovered_intervals() == []
        assert store.patients.recent(5)
