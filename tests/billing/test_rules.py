"""Billing behaviour beyond the unit chart: modifiers, warnings, time blocks, choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from timer_app.billing import (
    Discipline,
    TimedInterval,
    WarningKind,
    bill_visit,
    find_profile,
    profile_for_rule,
)
from timer_app.billing.catalog import parse_catalog
from timer_app.billing.profiles import parse_profiles
from timer_app.errors import UserError

CMS = profile_for_rule("cms")
MEDICARE = find_profile("Medicare")
T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def _block(code: str, start_min: int, end_min: int) -> TimedInterval:
    return TimedInterval(code, T0 + timedelta(minutes=start_min), T0 + timedelta(minutes=end_min))


def _kinds(billing) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.kind for w in billing.warnings]


def test_manual_example_explains_where_the_third_unit_went() -> None:
    billing = bill_visit([("97110", 33 * 60), ("97140", 7 * 60)], CMS)
    text = "\n".join(billing.explanation)
    assert "40 minutes is 3 units" in text
    assert "97140 (7 minutes left over)" in text
    assert billing.warnings == ()


def test_tie_names_the_policy_and_honours_fees() -> None:
    entries = [("97112", 20 * 60), ("97110", 20 * 60)]
    cheap_first = bill_visit(entries, CMS, fees={"97112": 3000, "97110": 4000})
    assert cheap_first.units_by_code() == {"97112": 1, "97110": 2}
    assert any("higher fee" in s and "gave it to 97110" in s for s in cheap_first.explanation)


def test_therapist_may_pick_another_legal_answer_but_not_an_illegal_one() -> None:
    entries = [("97112", 20 * 60), ("97110", 20 * 60)]
    picked = bill_visit(entries, CMS, chosen={"97112": 1, "97110": 2})
    assert picked.units_by_code() == {"97112": 1, "97110": 2}
    assert any("the therapist chose" in s for s in picked.explanation)
    with pytest.raises(UserError, match="not one of the legal answers"):
        bill_visit(entries, CMS, chosen={"97112": 3, "97110": 0})


def test_minutes_policy_nearest_rounds_half_up_once_per_code() -> None:
    nearest = parse_profiles(
        '{"profiles": [{"name": "N", "rule": "ama", "minutes_policy": "nearest"}]}'
    )["N"]
    assert bill_visit([("97110", 7 * 60 + 30)], nearest).line("97110").units == 1
    assert bill_visit([("97110", 7 * 60 + 29)], nearest).line("97110").units == 0


def test_untimed_code_bills_once_and_counts_only_toward_treatment_time() -> None:
    billing = bill_visit([("97161", 45 * 60), ("97110", 20 * 60)], CMS)
    assert billing.units_by_code() == {"97161": 1, "97110": 1}
    assert (billing.total_timed_minutes, billing.total_treatment_minutes) == (20, 65)


def test_medicare_bundles_hot_pack_and_refuses_97014() -> None:
    billing = bill_visit([("97010", 600), ("97014", 900), ("97110", 1500)], MEDICARE)
    assert billing.line("97010").units == 0 and billing.line("97010").bundled
    assert billing.line("97014").units == 1
    assert WarningKind.BUNDLED in _kinds(billing)
    assert any("record the service as G0283" in w.message for w in billing.warnings)
    commercial = bill_visit([("97010", 600)], find_profile("Commercial (AMA)"))
    assert commercial.line("97010").units == 1


def test_discipline_sets_the_therapy_modifier() -> None:
    for discipline, modifier in [("PT", "GP"), ("OT", "GO"), ("SLP", "GN")]:
        billing = bill_visit([("97530", 900)], CMS, Discipline(discipline))
        assert billing.line("97530").modifiers == (modifier,)


def test_code_outside_the_discipline_is_flagged() -> None:
    billing = bill_visit([("92507", 1800)], CMS, Discipline.PT)
    assert WarningKind.DISCIPLINE_MISMATCH in _kinds(billing)


def test_timed_code_with_no_unit_is_flagged_with_its_minutes() -> None:
    billing = bill_visit([("97110", 38 * 60), ("97140", 6 * 60)], CMS)
    assert billing.units_by_code() == {"97110": 3, "97140": 0}
    warning = next(w for w in billing.warnings if w.kind == WarningKind.NO_UNIT)
    assert warning.codes == ("97140",) and "6 minutes" in warning.message


def test_several_services_under_8_minutes_in_all() -> None:
    billing = bill_visit([("97110", 180), ("97140", 240)], CMS)
    assert billing.total_timed_units == 0
    assert WarningKind.TIMED_UNDER_8 in _kinds(billing)


def test_ncci_pair_without_timestamps_asks_to_confirm_blocks() -> None:
    billing = bill_visit([("97140", 900), ("97530", 900)], CMS)
    warning = next(w for w in billing.warnings if w.kind == WarningKind.NCCI_PAIR)
    assert "confirm separate time blocks" in warning.message
    assert billing.line("97530").modifiers == ("GP",)


def test_ncci_pair_in_distinct_blocks_gets_59_on_column_two_only() -> None:
    blocks = [_block("97140", 0, 15), _block("97530", 20, 35)]
    billing = bill_visit([("97140", 900), ("97530", 900)], CMS, intervals=blocks)
    assert billing.line("97530").modifiers == ("GP", "59")
    assert billing.line("97140").modifiers == ("GP",)
    assert any("Modifier 59 on 97530" in s for s in billing.explanation)


def test_ncci_pair_in_interleaved_blocks_gets_59() -> None:
    """CMS's own example: 97140 0-10, 97530 10-25, 97140 25-30 are separate blocks."""
    blocks = [_block("97140", 0, 10), _block("97530", 10, 25), _block("97140", 25, 30)]
    billing = bill_visit([("97140", 900), ("97530", 900)], CMS, intervals=blocks)
    assert billing.line("97530").modifiers == ("GP", "59")
    assert any("separate time blocks" in w.message for w in billing.warnings)


def test_ncci_pair_overlapping_in_time_gets_no_59() -> None:
    blocks = [_block("97140", 0, 15), _block("97530", 10, 25)]
    billing = bill_visit([("97140", 900), ("97530", 900)], CMS, intervals=blocks)
    assert "59" not in billing.line("97530").modifiers
    assert any("not supported" in w.message for w in billing.warnings)


def test_a_payer_may_want_an_x_modifier_instead_of_59() -> None:
    from dataclasses import replace

    blocks = [_block("97140", 0, 15), _block("97530", 20, 35)]
    xu = replace(CMS, distinct_service_modifier="XU")
    billing = bill_visit([("97140", 900), ("97530", 900)], xu, intervals=blocks)
    assert billing.line("97530").modifiers == ("GP", "XU")


def test_group_beside_one_on_one_overlapping_is_flagged() -> None:
    blocks = [_block("97150", 0, 30), _block("97110", 20, 40)]
    billing = bill_visit([("97150", 1800), ("97110", 1200)], CMS, intervals=blocks)
    warning = next(w for w in billing.warnings if w.kind == WarningKind.GROUP_WITH_ONE_ON_ONE)
    assert "overlap" in warning.message


def test_treatment_time_counts_overlapping_minutes_once() -> None:
    blocks = [_block("97010", 0, 10), _block("97140", 0, 10)]
    billing = bill_visit([("97010", 600), ("97140", 600)], CMS, intervals=blocks)
    assert billing.total_treatment_minutes == 10


def test_bad_catalog_names_the_entry() -> None:
    with pytest.raises(UserError, match="code 97110: 'sometimes' is not one of timed, untimed"):
        parse_catalog(
            '{"codes": [{"code": "97110", "label": "x", "tile": "x", "kind": "sometimes",'
            ' "attendance": "one_on_one", "disciplines": ["PT"]}]}'
        )
    with pytest.raises(UserError, match="not valid JSON"):
        parse_catalog("{")


def test_shipped_catalog_has_every_code_of_section_9_with_our_labels() -> None:
    from timer_app.billing import load_catalog

    catalog = load_catalog()
    expected = """
        97110 97112 97113 97116 97124 97140 97530 97533 97535 97537 97542 97750
        97755 97760 97761 97763 97129 97130 97032 97033 97034 97035 97036 97010
        97012 97014 G0283 97016 97018 97022 97024 97026 97028 97150 97161 97162
        97163 97164 97165 97166 97167 97168 92507 92508 92521 92522 92523 92524
        92526 92610
    """.split()
    assert set(expected) <= set(catalog)
    assert all(code.label and code.tile for code in catalog.values())
    assert catalog["97035"].is_timed and catalog["97035"].is_exclusive
    assert not catalog["97010"].is_timed and not catalog["97010"].is_exclusive
    assert catalog["97130"].activity == "97129"
