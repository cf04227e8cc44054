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


def test_a_year_without_a_threshold_is_said_and_a_payer_without_kx_gets_none() -> None:
    billing = bill_visit(VISIT, MEDICARE, fees=FEES, year_to_date=YearToDate(2019, 999999))
    [warning] = billing.warnings
    assert warning.kind is WarningKind.KX_THRESHOLD_UNKNOWN and "2019" in warning.message
    assert all("KX" not in line.modifiers for line in billing.lines)
    ama = find_profile("Commercial (AMA)")
    billing = bill_visit(VISIT, ama, fees=FEES, year_to_date=YearToDate(2026, 999999))
    assert all("KX" not in line.modifiers for line in billing.lines)


def test_pt_and_speech_share_a_bucket_ot_stands_alone() -> None:
    assert bucket(Discipline.PT) == bucket(Discipline.SLP) != bucket(Discipline.OT)


def test_already_over_the_threshold_a_visit_without_a_fee_still_gets_kx() -> None:
    """The code has no fee: the visit adds $0, yet the patient is over the threshold."""
    billing = bill_visit([("97530", 30 * 60)], MEDICARE, fees=FEES,
                         year_to_date=YearToDate(2026, 250000))  # fmt: skip
    assert billing.line("97530").modifiers == ("GP", "KX")
    kinds = [w.kind for w in billing.warnings]
    assert kinds[0] is WarningKind.KX_THRESHOLD
    assert "already $2,500.00" in billing.warnings[0].message
    assert WarningKind.MISSING_FEE in kinds  # said at review time, not first at the desk


def test_amounts_billed_elsewhere_this_year_count_too() -> None:
    before = YearToDate(2026, 200000, elsewhere_cents=48000)  # $2,000 here, $480 elsewhere
    billing = bill_visit(VISIT, MEDICARE, fees=FEES, year_to_date=before)
    assert billing.line("97110").modifiers == ("GP", "KX")


def test_an_assistants_units_count_at_85_percent() -> None:
    from datetime import UTC, datetime, timedelta

    from timer_app.billing import TimedInterval
    from timer_app.billing.kx import visit_charges

    t0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
    blocks = [TimedInterval("97110", t0, t0 + timedelta(minutes=30), True)]
    billing = bill_visit([("97110", 1800)], MEDICARE, intervals=blocks, fees=FEES)
    assert billing.line("97110").modifiers == ("GP", "CQ")
    assert visit_charges(billing.lines, FEES) == 2 * 3150 * 85 // 100 == 5355


def test_a_visit_past_the_shipped_rules_is_warned_twice() -> None:
    from datetime import date

    billing = bill_visit(VISIT, MEDICARE, fees=FEES, year_to_date=YearToDate(2027, 0),
                         on=date(2027, 1, 4))  # fmt: skip
    kinds = [w.kind for w in billing.warnings]
    assert kinds[:2] == [WarningKind.KX_THRESHOLD_UNKNOWN, WarningKind.RULES_OUT_OF_DATE]
    assert "12/31/2026" in billing.warnings[1].message  # the clinic's date style


def test_the_medical_review_amount_is_kept_by_year() -> None:
    assert MEDICARE.medical_review_cents[2026] == 300000
