"""A small clinic with known figures for the owner's reports (tests/clinic/test_reports.py,
tests/ui/test_reports_view.py, tests/superbill/test_day_sheet.py).

On the seeded clinic (tests/clinic/conftest.py: Medicare and Blue Cross with FEES, Dana
Reyes PT, Sam Ortiz PTA, Priya Natarajan SLP; Lopez and Chen on Medicare) plus Kim on Blue
Cross, the clock walks from September to Monday 2 November 2026:

    when          who    patient  codes (minutes)             then
    Mon 21 Sep    Dana   Kim      97112 8                     finished, never signed
    Mon  5 Oct    Dana   Lopez    97110 33, 97140 7           signed, billed; $20 cash
    Mon  5 Oct    Sam    Chen     97110 38 (a PTA: CQ)        signed by Dana, billed
    Tue 20 Oct    Dana   Kim      97110 22, 97530 7 (AMA)     signed; $15 card, $5 check voided
    Tue 20 Oct    Dana   Lopez    97110 15                    finished, never signed
    Mon  2 Nov    Priya  Lopez    92507 45 (no fee)           signed; $10 insurer
    Mon  2 Nov    Dana   Chen     97110 20 with 97010 10      signed; $25 check
                                  alongside its first minutes
    Mon  2 Nov    Dana   Kim      97140 running               open

Lopez's other providers billed $2,200.00 of PT this year, Chen's $2,400.00 (KX).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.clinic.conftest import seed_clinic
from timer_app.clinic import ClinicServices
from timer_app.clinic.port import StorePort
from timer_app.records import Diagnosis
from timer_app.records.payments import PaidBy, PaymentMethod
from timer_app.session import FakeClock

START = datetime(2026, 9, 21, 14, 0, tzinfo=UTC)  # 09:00 at the clinic (UTC-5)
TODAY = date(2026, 11, 2)
RANGE = (date(2026, 10, 1), TODAY)


def seed_reports_clinic(store: StorePort) -> None:
    seed_clinic(store)
    blue = store.payers.find("Blue Cross")
    assert blue is not None
    store.patients.add("Kim, Ana", date(1990, 5, 6), payer_id=blue.id, member_id="BC123",
                       diagnoses=[Diagnosis("M25.561", "Pain in right knee")])  # fmt: skip


def _go(clock: FakeClock, day: date, hour: int = 14) -> None:
    target = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    clock.advance((target - clock.now()).total_seconds())


def _person(clinic: ClinicServices, name: str) -> int:
    return next(c.id for c in clinic.store.clinicians.all() if c.name == name)


def _patient(clinic: ClinicServices, name: str) -> int:
    return clinic.setup.patients(name)[0].id


def _timed(
    clinic: ClinicServices, clock: FakeClock, who: str, whom: str, *codes: tuple[str, int]
) -> int:
    timer = clinic.treatment.start_visit(_patient(clinic, whom), _person(clinic, who))
    for code, minutes in codes:
        clinic.treatment.run(timer.visit_id, lambda t, c=code: t.start(c))
        clock.advance(minutes * 60)
    clinic.treatment.run(timer.visit_id, lambda t: t.end_visit())
    clock.advance(600)
    return timer.visit_id


def _sign(clinic: ClinicServices, visit_id: int, by: str | None = None, no_fee: str = "") -> None:
    treatment = clinic.treatment
    signature = treatment.check_signature(
        visit_id, diagnoses=treatment.visit(visit_id).diagnoses, pointer_letters={},
        chosen_units=None, signed_by=None if by is None else _person(clinic, by),
        acknowledged={f"missing_fee:{no_fee}": "fee to come"} if no_fee else None,
    )  # fmt: skip
    treatment.sign(signature)


def _pay(clinic: ClinicServices, visit_id: int, cents: int, method: PaymentMethod) -> None:
    desk = clinic.front_desk
    paid_by = PaidBy.INSURER if method is PaymentMethod.INSURER else PaidBy.PATIENT
    desk.record_payment(desk.visit(visit_id), cents, method=method, paid_by=paid_by)


def fill_reports_clinic(clinic: ClinicServices, clock: FakeClock) -> dict[str, int]:
    """The visits above; their ids by name (v1 ... v8)."""
    _go(clock, date(2026, 9, 21))
    ids = {"old": _timed(clinic, clock, "Dana Reyes", "Kim", ("97112", 8))}
    _go(clock, date(2026, 10, 5))
    ids["v1"] = _timed(clinic, clock, "Dana Reyes", "Lopez", ("97110", 33), ("97140", 7))
    _sign(clinic, ids["v1"])
    ids["v2"] = _timed(clinic, clock, "Sam Ortiz", "Chen", ("97110", 38))
    _sign(clinic, ids["v2"], by="Dana Reyes")
    _pay(clinic, ids["v1"], 2000, PaymentMethod.CASH)
    desk = clinic.front_desk
    desk.mark_billed([desk.visit(ids["v1"]), desk.visit(ids["v2"])])
    _go(clock, date(2026, 10, 20))
    ids["v3"] = _timed(clinic, clock, "Dana Reyes", "Kim", ("97110", 22), ("97530", 7))
    _sign(clinic, ids["v3"])
    _pay(clinic, ids["v3"], 1500, PaymentMethod.CARD)
    _pay(clinic, ids["v3"], 500, PaymentMethod.CHECK)
    mistaken = desk.payments(desk.visit(ids["v3"]))[-1]
    desk.void_payment(mistaken, "entered twice")
    ids["v6"] = _timed(clinic, clock, "Dana Reyes", "Lopez", ("97110", 15))
    _go(clock, TODAY)
    ids["v4"] = _timed(clinic, clock, "Priya Natarajan", "Lopez", ("92507", 45))
    _sign(clinic, ids["v4"], no_fee="92507")
    _pay(clinic, ids["v4"], 1000, PaymentMethod.INSURER)
    ids["v5"] = _hot_pack_alongside(clinic, clock)
    _sign(clinic, ids["v5"])
    _pay(clinic, ids["v5"], 2500, PaymentMethod.CHECK)
    timer = clinic.treatment.start_visit(_patient(clinic, "Kim"), _person(clinic, "Dana Reyes"))
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97140"))
    clock.advance(5 * 60)
    ids["open"] = timer.visit_id
    lopez, chen = _patient(clinic, "Lopez"), _patient(clinic, "Chen")
    with clinic.store.atomic():
        clinic.store.patients.set_therapy_elsewhere(lopez, 2026, {"PT_SLP": 220000}, "test")
        clinic.store.patients.set_therapy_elsewhere(chen, 2026, {"PT_SLP": 240000}, "test")
    return ids


def _hot_pack_alongside(clinic: ClinicServices, clock: FakeClock) -> int:
    """97110 for 20 minutes; a hot pack (97010) runs alongside its first 10."""
    timer = clinic.treatment.start_visit(_patient(clinic, "Chen"), _person(clinic, "Dana Reyes"))
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97010"))
    clock.advance(10 * 60)
    clinic.treatment.run(timer.visit_id, lambda t: t.stop("97010"))
    clock.advance(10 * 60)
    clinic.treatment.run(timer.visit_id, lambda t: t.end_visit())
    clock.advance(600)
    return timer.visit_id
