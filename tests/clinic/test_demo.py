"""The demo clinic: real code systems, a fee for every code, a believable week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from timer_app.billing import icd10, load_catalog
from timer_app.clinic.demo import fill_demo
from timer_app.errors import UserError
from timer_app.records import demo as data
from timer_app.session.model import VisitStatus
from timer_app.store import MemoryStore

NOW = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)  # a Friday afternoon


def _npi_ok(npi: str) -> bool:
    total = 0
    for place, digit in enumerate(reversed([int(c) for c in "80840" + npi])):
        doubled = digit * 2 if place % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return len(npi) == 10 and total % 10 == 0


def test_diagnoses_are_billable_icd10cm_codes() -> None:
    for code, diagnosis in data.DIAGNOSES.items():
        assert icd10.diagnosis_problem(code) is None, code
        assert diagnosis.description == icd10.describe(code)


def test_npis_pass_the_check_digit() -> None:
    npis = [data.CLINIC.billing_npi, *(row[2] for row in data.CLINICIANS)]
    assert all(_npi_ok(npi) for npi in npis)


def test_every_catalog_code_has_a_fee() -> None:
    assert set(data.MEDICARE_FEES) == set(load_catalog())


def test_the_week(store: MemoryStore) -> None:
    summary = fill_demo(store, NOW, UTC)
    assert (summary.clinicians, summary.patients, summary.payers) == (3, 20, 4)
    assert summary.by_status["open"] == 1
    assert summary.by_status["signed"] > 0 and summary.by_status["billed"] > 0
    assert [c.role.value for c in store.clinicians.all()] == ["PT", "SLP", "PTA"]
    profiles = {p.profile for p in store.payers.all()}
    assert {"Medicare", "Commercial (AMA)"} <= profiles
    for payer in store.payers.all():
        assert set(payer.fees) == set(load_catalog())
    visits = store.visits.find()
    assert {v.date for v in visits} == {NOW.date() - timedelta(days=d) for d in range(5)}
    catalog = load_catalog()
    kinds = {catalog[i.code].kind.value for v in visits for i in v.intervals}
    assert kinds == {"timed", "untimed"}
    assert all(i.end is not None and i.duration_ms > 0 for v in visits for i in v.intervals)
    assert all(v.diagnoses and v.diagnosis_pointers for v in visits)
    [still_open] = [v for v in visits if v.status is VisitStatus.OPEN]
    assert still_open.date == NOW.date()
    assert max(i.end for i in still_open.intervals if i.end) < NOW
    assert store.running_intervals() == []  # nothing left running for recovery to find


def test_the_demo_needs_an_empty_store(store: MemoryStore) -> None:
    store.patients.add("Someone", datetime(1970, 1, 1).date())
    with pytest.raises(UserError, match="already has clinicians or patients"):
        fill_demo(store, NOW, UTC)
