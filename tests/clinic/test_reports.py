"""The owner's reports: every figure exact on a small known clinic (tests/clinic/reports_data),
on the store in memory and on the SQLite file alike."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.clinic.conftest import CLINIC_TZ
from tests.clinic.reports_data import RANGE, START, TODAY, fill_reports_clinic, seed_reports_clinic
from timer_app.clinic import ClinicServices, open_local
from timer_app.clinic.port import StorePort
from timer_app.clinic.reports import (
    REPORT_EXPORTED,
    ClinicianFigures,
    KxPatient,
    PayerFigures,
    Report,
    UnearnedMinutes,
    WaitingAge,
    last_month,
    tenths,
    this_month,
    this_year,
)
from timer_app.errors import UserError
from timer_app.records.people import Access
from timer_app.session import FakeClock, VisitStatus
from timer_app.store import MemoryStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture(params=["memory", "file"])
def clinic(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> Iterator[ClinicServices]:
    if request.param == "memory":
        store = MemoryStore(clock)
        seed_reports_clinic(store)
        services = ClinicServices(store, clock, CLINIC_TZ)
    else:
        services = open_local(data_dir=tmp_path, clock=clock, tz=CLINIC_TZ, daily_backup=False)
        seed_reports_clinic(services.store)
    fill_reports_clinic(services, clock)
    yield services
    services.close()


@pytest.fixture
def report(clinic: ClinicServices) -> Report:
    return clinic.reports.report(*RANGE)


DANA = ClinicianFigures("Dana Reyes", visits=3, timed_minutes=89, units=5, clocked_minutes=89,
                        assisted_units=0, charged_cents=15500, paid_cents=6000)  # fmt: skip
PRIYA = ClinicianFigures("Priya Natarajan", 1, 0, 1, 45, 0, 0, 1000, unpriced=1)
SAM = ClinicianFigures("Sam Ortiz", 1, 38, 3, 38, 3, 9450, 0)


def test_productivity_per_clinician(report: Report) -> None:
    # Dana: 33+7 (3 units), 22+7 under the AMA rule (1 unit: 7 minutes alone earn none),
    # 20 with a hot pack alongside its first 10 (1 unit; the clock counts the 20 once)
    assert report.productivity == (DANA, PRIYA, SAM)
    assert [(c.units_per_visit, c.units_per_hour) for c in report.productivity] == [
        (17, 34),  # 5 / 3 = 1.7 units a visit; 5 x 60 / 89 = 3.4 an hour
        (10, 13),  # 1 a visit; 60 / 45 = 1.3 an hour
        (30, 47),  # 3; 180 / 38 = 4.7
    ]
    table = report.table("productivity")
    assert table.total == ("All", 5, 127, 9, 18, 172, 31)
    assert [table.shown(v, i) for i, v in enumerate(table.rows[0])] == [
        "Dana Reyes", "3", "89", "5", "1.7", "89", "3.4",
    ]  # fmt: skip


def test_payer_mix_and_money(report: Report) -> None:
    # Medicare: 9,200 + 9,450 (a PTA's units at the full fee, as the superbill prints them)
    # + 3,150; Priya's 92507 has no fee, so her visit says no charge (counted apart)
    assert report.payers == (
        PayerFigures("Blue Cross", visits=1, units=1, charged_cents=3150, paid_cents=1500),
        PayerFigures("Medicare", 4, 8, 21800, 5500, unpriced=1),
    )
    mix = report.table("payer-mix")
    assert mix.rows == (("Blue Cross", 1, 200, 1, 3150), ("Medicare", 4, 800, 8, 21800))
    assert mix.total == ("All", 5, 1000, 9, 24950)
    money = report.table("charges-payments")
    # the voided $5 check does not count; $20 cash, $10 from the insurer, $25 check do
    assert money.rows == (("Blue Cross", 1, 3150, 1500, 1650), ("Medicare", 4, 21800, 5500, 16300))
    assert money.total == ("All", 5, 24950, 7000, 17950)
    assert "1 visits cannot say what they charge" in money.note


def test_cq_co_share(report: Report) -> None:
    table = report.table("cq-co-share")
    assert table.rows == (
        ("Dana Reyes", 5, 0, 0), ("Priya Natarajan", 1, 0, 0), ("Sam Ortiz", 3, 3, 1000),
    )  # fmt: skip
    assert table.total == ("All", 9, 3, 333)
    assert table.shown(333, 3) == "33.3%"


def test_minutes_that_earned_no_unit(report: Report) -> None:
    # 97110: 33 - 2 x 15 = 3, 22 - 15 = 7, 20 - 15 = 5; 97140's 7 minutes won the third
    # unit of the first visit (nothing lost); 97530's 7 alone under the AMA rule: all lost
    assert report.unearned == (
        UnearnedMinutes("Dana Reyes", "97110", minutes=75, units=4, unearned=15),
        UnearnedMinutes("Dana Reyes", "97140", 7, 1, 0),
        UnearnedMinutes("Dana Reyes", "97530", 7, 0, 7),
        UnearnedMinutes("Sam Ortiz", "97110", 38, 3, 0),
    )
    assert report.table("minutes-no-unit").total == ("All", "", 127, 8, 22)


def test_patients_over_or_near_the_kx_threshold(report: Report) -> None:
    # Chen: 9,450 at 85% = 8,032 + 3,150 + $2,400.00 elsewhere; Lopez: 9,200 + the unsigned
    # visit's 3,150 (KX counts it, as the biller does) + $0 for 92507 + $2,200.00 elsewhere
    assert report.kx == (
        KxPatient("Chen, Tom", "PT and SLP", 2026, 251182, 240000, 248000),
        KxPatient("Lopez, Maria", "PT and SLP", 2026, 232350, 220000, 248000),
    )
    assert [p.over for p in report.kx] == [True, False]
    rows = report.table("kx").rows
    assert [(r[5], r[6]) for r in rows] == [("Over: KX", 0), ("Within 10%", 15650)]


def test_visits_waiting_by_age(report: Report) -> None:
    # today 11/02: the open visit and two signed today; 10/20's unsigned and signed ones
    # (13 days); 09/21's never signed (42 days, before the range: still waiting)
    assert report.waiting == (
        WaitingAge("0-2 days", unsigned=1, unbilled=2),
        WaitingAge("3-7 days", 0, 0),
        WaitingAge("8-30 days", 1, 1),
        WaitingAge("Over 30 days", 1, 0),
    )


def test_one_clinician(clinic: ClinicServices) -> None:
    dana = next(c.id for c in clinic.store.clinicians.all() if c.name == "Dana Reyes")
    report = clinic.reports.report(*RANGE, clinician_id=dana)
    assert report.clinician == "Dana Reyes"
    assert report.productivity == (DANA,)
    assert report.payers == (
        PayerFigures("Blue Cross", 1, 1, 3150, 1500), PayerFigures("Medicare", 2, 4, 12350, 4500),
    )  # fmt: skip
    assert [p.patient for p in report.kx] == ["Chen, Tom", "Lopez, Maria"]  # seen by Dana
    assert [(w.unsigned, w.unbilled) for w in report.waiting] == [(1, 1), (0, 0), (1, 1), (1, 0)]


def test_a_range_before_the_visits_is_empty_but_waiting(clinic: ClinicServices) -> None:
    report = clinic.reports.report(date(2026, 1, 5), date(2026, 1, 9))
    assert (report.productivity, report.payers, report.unearned, report.kx) == ((), (), (), ())
    assert report.table("productivity").total is None
    assert report.table("waiting").total == ("All", 3, 3)


def test_a_range_backwards_is_refused(clinic: ClinicServices) -> None:
    with pytest.raises(UserError, match="before it starts"):
        clinic.reports.report(date(2026, 11, 2), date(2026, 10, 1))


def test_only_the_owner_reads_the_reports(clinic: ClinicServices) -> None:
    access = clinic.access
    owner = access.create_owner("Olivia Owner", "2468")
    desk = access.add_user("Frank Desk", Access.FRONT_DESK, "1357")
    access.require_people()
    access.sign_in(desk.id, "1357")
    with pytest.raises(UserError, match="may not read the clinic's reports; the owner may"):
        clinic.reports.report(*RANGE)
    access.sign_in(owner.id, "2468")
    assert clinic.reports.report(*RANGE).visits == 5


def test_the_csv_of_each_report(clinic: ClinicServices, report: Report, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()  # not beside the clinic's file: refused there
    money = report.table("charges-payments")
    target = clinic.reports.export_csv(money, tmp_path / "out" / "m.csv", report)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows == [
        ["Payer", "Visits", "Charges", "Paid", "Balance"],
        ["Blue Cross", "1", "31.50", "15.00", "16.50"],
        ["Medicare", "4", "218.00", "55.00", "163.00"],
        ["All", "5", "249.50", "70.00", "179.50"],
    ]
    productivity = report.table("productivity").csv_text().splitlines()
    assert productivity[1] == "Dana Reyes,3,89,5,1.7,89,3.4"
    kx = report.table("kx").csv_text().splitlines()
    assert kx[1] == '"Chen, Tom",PT and SLP,2511.82,2400.00,2480.00,Over: KX,0.00'
    logged = clinic.store.audit.latest(1)[0]
    assert logged.what == REPORT_EXPORTED
    assert logged.after == {"report": "charges-payments", "from": "2026-10-01",
                            "to": "2026-11-02", "rows": 2, "file": "m.csv"}  # fmt: skip


def test_a_visit_signed_before_lines_were_kept_is_billed_as_it_stands(
    clock: FakeClock,
) -> None:
    store = MemoryStore(clock)
    seed_reports_clinic(store)
    clinic = ClinicServices(store, clock, CLINIC_TZ)
    ids = fill_reports_clinic(clinic, clock)
    before = clinic.reports.report(*RANGE)
    for name in ("v1", "v2", "v3"):  # as a file from before seals would hold them
        visit = store.data.visits[ids[name]]
        store.data.visits[ids[name]] = replace(visit, signed_lines=())
    after = clinic.reports.report(*RANGE)
    assert after.tables == before.tables
    assert after.productivity == before.productivity


def test_the_stores_sum_visits_up_alike(clock: FakeClock, tmp_path: Path) -> None:
    memory = MemoryStore(clock)
    seed_reports_clinic(memory)
    fill_reports_clinic(ClinicServices(memory, clock, CLINIC_TZ), clock)
    on_file = open_local(data_dir=tmp_path, clock=FakeClock(START), tz=CLINIC_TZ,
                         daily_backup=False)  # fmt: skip
    seed_reports_clinic(on_file.store)
    fill_reports_clinic(on_file, on_file.clock)  # type: ignore[arg-type]

    def dana(store: StorePort) -> int:
        return next(c.id for c in store.clinicians.all() if c.name == "Dana Reyes")

    def alike(store: StorePort, **kwargs: Any) -> list[tuple[Any, ...]]:  # ids are each store's
        return [(v.date, v.discipline, v.status, v.signed_lines, v.amount_paid_cents,
                 v.clock_seconds) for v in store.visits.summaries(**kwargs)]  # fmt: skip

    for kwargs in ({}, {"start": date(2026, 10, 5), "end": date(2026, 10, 20)},
                   {"statuses": (VisitStatus.SIGNED,)}):  # fmt: skip
        assert alike(memory, **kwargs) == alike(on_file.store, **kwargs)
    assert alike(memory, clinician_id=dana(memory)) == alike(
        on_file.store, clinician_id=dana(on_file.store)
    )
    assert len(alike(memory)) == 8
    v5 = memory.visits.summaries(start=TODAY, statuses=(VisitStatus.SIGNED,))[-1]
    assert v5.clock_seconds == 20 * 60  # the hot pack ran alongside: counted once
    on_file.close()


def test_ratios_and_ranges() -> None:
    assert [tenths(5, 3), tenths(7, 2), tenths(1, 3), tenths(1, 0)] == [17, 35, 3, None]
    assert this_month(date(2026, 11, 20)) == (date(2026, 11, 1), date(2026, 11, 20))
    assert last_month(date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert this_year(date(2026, 11, 20)) == (date(2026, 1, 1), date(2026, 11, 20))
