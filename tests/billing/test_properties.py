"""Invariants of the unit rules, checked by hypothesis against plain-integer reference models."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timer_app.billing import bill_visit, chart_units, load_catalog, profile_for_rule

CATALOG = load_catalog()
# Single-code 15-minute activities: the 97129/97130 pair is checked apart (its units are
# split); codes of other unit lengths are not pooled (tests/billing/test_unit_lengths.py).
TIMED = [c.code for c in CATALOG.values() if c.pooled and c.activity == c.code and not c.add_on]
UNTIMED = [c.code for c in CATALOG.values() if not c.is_timed]

CMS = profile_for_rule("cms")
AMA = profile_for_rule("ama")

minutes = st.integers(min_value=0, max_value=120)
timed_visits = st.dictionaries(st.sampled_from(TIMED), minutes, min_size=1, max_size=6)


def _seconds(visit: dict[str, int]) -> list[tuple[str, int]]:
    return [(code, m * 60) for code, m in visit.items()]


def _timed_units(visit: dict[str, int], profile=CMS) -> dict[str, int]:  # type: ignore[no-untyped-def]
    billing = bill_visit(_seconds(visit), profile)
    return {code: units for code, units in billing.units_by_code().items() if code in visit}


def test_chart_matches_the_published_table() -> None:
    table = {0: 0, 7: 0, 8: 1, 22: 1, 23: 2, 37: 2, 38: 3, 52: 3, 53: 4, 67: 4, 68: 5, 82: 5}
    table |= {83: 6, 97: 6, 98: 7, 112: 7, 113: 8, 127: 8, 128: 9}
    assert {m: chart_units(m) for m in table} == table


@given(timed_visits)
def test_cms_total_is_the_chart_of_the_pooled_minutes(visit: dict[str, int]) -> None:
    billing = bill_visit(_seconds(visit), CMS)
    assert billing.total_timed_minutes == sum(visit.values())
    assert billing.total_timed_units == chart_units(sum(visit.values()))
    assert sum(_timed_units(visit).values()) == billing.total_timed_units


@given(timed_visits)
def test_cms_each_code_gets_its_full_units_and_at_most_one_more(visit: dict[str, int]) -> None:
    for code, units in _timed_units(visit).items():
        assert visit[code] // 15 <= units <= visit[code] // 15 + 1


@given(timed_visits)
def test_cms_leftover_units_go_to_the_largest_leftovers(visit: dict[str, int]) -> None:
    units = _timed_units(visit)
    extra = {code for code in visit if units[code] > visit[code] // 15}
    others = set(visit) - extra
    for winner in extra:
        assert all(visit[winner] % 15 >= visit[other] % 15 for other in others)


@given(timed_visits, st.randoms(use_true_random=False))
def test_input_order_changes_nothing_but_a_declared_tie_break(visit: dict[str, int], rnd) -> None:  # type: ignore[no-untyped-def]
    entries = _seconds(visit)
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    first, second = bill_visit(entries, CMS), bill_visit(shuffled, CMS)
    assert first.total_timed_units == second.total_timed_units
    if first.units_by_code() != second.units_by_code():
        assert first.tie_broken and second.tie_broken
        assert second.units_by_code() in first.alternatives
        assert any("tie-break policy" in s for s in first.explanation)


@given(timed_visits)
def test_ama_each_code_is_the_chart_of_its_own_minutes(visit: dict[str, int]) -> None:
    units = _timed_units(visit, AMA)
    assert units == {code: chart_units(m) for code, m in visit.items()}
    assert bill_visit(_seconds(visit), AMA).alternatives == ()


@given(timed_visits, st.sampled_from(TIMED), st.integers(min_value=1, max_value=30))
def test_adding_minutes_never_lowers_the_cms_total(
    visit: dict[str, int], code: str, more: int
) -> None:
    before = bill_visit(_seconds(visit), CMS).total_timed_units
    longer = dict(visit)
    longer[code] = longer.get(code, 0) + more
    assert bill_visit(_seconds(longer), CMS).total_timed_units >= before


@given(
    timed_visits,
    st.dictionaries(st.sampled_from(UNTIMED), minutes, min_size=1, max_size=3),
    st.sampled_from([CMS, AMA]),
)
def test_untimed_codes_never_touch_timed_totals(visit, untimed, profile) -> None:  # type: ignore[no-untyped-def]
    alone = bill_visit(_seconds(visit), profile)
    mixed = bill_visit(_seconds(visit) + _seconds(untimed), profile)
    assert mixed.total_timed_minutes == alone.total_timed_minutes
    assert mixed.total_timed_units == alone.total_timed_units
    assert {c: u for c, u in mixed.units_by_code().items() if c in visit} == alone.units_by_code()
    assert mixed.total_treatment_minutes == alone.total_treatment_minutes + sum(untimed.values())
    assert all(mixed.line(code).units == 1 for code in untimed)


@given(
    timed_visits,
    st.dictionaries(st.sampled_from(UNTIMED), minutes, max_size=3),
    st.sampled_from([CMS, AMA]),
)
@settings(max_examples=60)
def test_the_explanation_names_every_code(visit, untimed, profile) -> None:  # type: ignore[no-untyped-def]
    billing = bill_visit(_seconds(visit) + _seconds(untimed), profile)
    text = " ".join(billing.explanation)
    for line in billing.lines:
        assert line.code in text


@given(st.lists(st.integers(min_value=0, max_value=3600), min_size=1, max_size=8))
def test_seconds_are_summed_per_code_then_floored_once(pieces: list[int]) -> None:
    billing = bill_visit([("97110", s) for s in pieces], CMS)
    assert billing.line("97110").minutes == sum(pieces) // 60


@given(st.integers(min_value=0, max_value=180), st.sampled_from([CMS, AMA]))
def test_cognitive_pair_bills_one_first_unit_and_the_rest_as_add_ons(total: int, profile) -> None:  # type: ignore[no-untyped-def]
    billing = bill_visit([("97129", total * 60)], profile)
    units = billing.units_by_code()
    assert units["97129"] == min(chart_units(total), 1)
    assert units.get("97130", 0) == max(chart_units(total) - 1, 0)
    assert sum(line.minutes for line in billing.lines) == total
