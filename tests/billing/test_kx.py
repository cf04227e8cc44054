"""KX above Medicare's yearly therapy threshold."""

from __future__ import annotations

from timer_app.billing import WarningKind, bill_visit, find_profile, profile_for_rule
from timer_app.billing.catalog import Discipline
from timer_app.billing.kx import YearToDate, bucket

MEDICARE = find_profile("Medicare")
FEES = {"97110": 3150, "97140": 2900}
VISIT = [("97110", 30 * 60), ("97140", 15 * 60)]  # 2 + 1 units = $92.00


def test_thresholds_by_year_come_from_the_profile() -> None:
    assert MEDICARE.kx_thresholds_cents[2026] == 248000
    assert MEDICARE.kx_thresholds_cents[2025] == 241000
    assert profile_for_rule("cms").kx_thresholds_cents == {}


def test_below_the_threshold_no_kx() -> None:
    billing = bill_visit(VISIT, MEDICARE, fees=FEES, year_to_date=YearToDate(2026, 238800))
    assert all("KX" not in line.modifiers for line in billing.lines)  # 2388 + 92 = 2480


def test_the_visit_that_crosses_the_threshold_gets_kx_on_every_billed_line() -> None:
    billing = bill_visit(VISIT, MEDICARE, fees=FEES, year_to_date=YearToDate(2026, 238801))
    assert [line.modifiers for line in billing.lines] == [("GP", "KX"), ("GP", "KX")]
    warning = billing.warnings[0]
    assert warning.kind == WarningKind.KX_THRESHOLD
    assert "$2,480.01" in warning.message and "$2,480.00 threshold" in warning.message


def test_above_review_amount_says_so() -> None:
    billing = bill_visit(VISIT, MEDICARE, fees=FEES, year_to_date=YearToDate(2026, 300000))
    assert "targeted review" in billing.warnings[0].message


def test_a_year_without_a_threshold_and_a_payer_without_kx() -> None:
    assert (
        bill_visit(VISIT, MEDICARE, fees=FEES, year_to_date=YearToDate(2019, 999999)).warnings == ()
    )
    ama = find_profile("Commercial (AMA)")
    billing = bill_visit(VISIT, ama, fees=FEES, year_to_date=YearToDate(2026, 999999))
    assert all("KX" not in line.modifiers for line in billing.lines)


def test_pt_and_speech_share_a_bucket_ot_stands_alone() -> None:
    assert bucket(Discipline.PT) == bucket(Discipline.SLP) != bucket(Discipline.OT)
