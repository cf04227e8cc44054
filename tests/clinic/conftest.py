"""The services on the store in memory, a fake clock and the clinic's time zone.

A small clinic: a PT, a PTA and an SLP, Medicare and a commercial payer, three patients
with diagnoses. Tests that need the real file open the services on SQLite (`on_file`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices, open_local
from timer_app.clinic.port import StorePort
from timer_app.records import Clinic, Diagnosis, Role
from timer_app.session import FakeClock
from timer_app.store import MemoryStore

CLINIC_TZ = timezone(timedelta(hours=-5))
MORNING = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 09:00 at the clinic, a Monday
TODAY = date(2026, 11, 2)
FEES = {"97110": 3150, "97140": 2900, "97530": 3300, "97112": 3200, "97010": 0}


def seed_clinic(store: StorePort) -> None:
    store.clinic.save(
        Clinic("Riverside Therapy", "12 Main St\nSpringfield, IL 62701", "(217) 555-0100",
               "12-3456789", "1234567893")
    )  # fmt: skip
    medicare = store.payers.add("Medicare", "Medicare", FEES)
    store.payers.add("Blue Cross", "Commercial (AMA)", FEES)
    store.clinicians.add("Dana Reyes", discipline=Discipline.PT, role=Role.PT,
                         credentials="PT, DPT", npi="1245319599")  # fmt: skip
    store.clinicians.add("Sam Ortiz", discipline=Discipline.PT, role=Role.PTA, credentials="PTA")
    store.clinicians.add("Priya Natarajan", discipline=Discipline.SLP, role=Role.SLP,
                         credentials="MS, CCC-SLP", npi="1730527466")  # fmt: skip
    for name, born in (("Lopez, Maria", date(1948, 3, 2)), ("Chen, Tom", date(1975, 7, 19))):
        store.patients.add(
            name, born, payer_id=medicare.id, member_id="1EG4TE5MK72",
            diagnoses=[Diagnosis("M54.50", "Low back pain, unspecified"),
                       Diagnosis("M62.81", "Muscle weakness (generalized)")],
        )  # fmt: skip


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture
def store(clock: FakeClock) -> MemoryStore:
    return MemoryStore(clock)


@pytest.fixture
def clinic(store: MemoryStore, clock: FakeClock) -> ClinicServices:
    seed_clinic(store)
    return ClinicServices(store, clock, CLINIC_TZ)


@pytest.fixture
def on_file(tmp_path: Path, clock: FakeClock) -> Iterator[ClinicServices]:
    """The same clinic on a real SQLite file."""
    services = open_local(data_dir=tmp_path, clock=clock, tz=CLINIC_TZ, daily_backup=False)
    seed_clinic(services.store)
    yield services
    services.close()
