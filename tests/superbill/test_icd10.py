"""ICD-10-CM lookups from simple-icd-10-cm: billable codes, categories, nonsense, search."""

from __future__ import annotations

import pytest

from timer_app.billing import icd10
from timer_app.errors import UserError


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    icd10.warm_up()  # the package's one slow import, once for the module


@pytest.mark.parametrize("typed", ["M54.50", "m54.50", "M5450", " m54 .50 "])
def test_a_billable_code_in_any_spelling(typed: str) -> None:
    result = icd10.check(typed)
    assert result.ok and result.billable
    assert (result.code, result.description) == ("M54.50", "Low back pain, unspecified")
    assert icd10.describe(typed) == "Low back pain, unspecified"


def test_a_category_names_its_billable_children() -> None:
    result = icd10.check("M54.5")
    assert not result.ok and not result.billable
    assert result.billable_children == ("M54.50", "M54.51", "M54.59")
    assert result.problem == (
        "M54.5 (Low back pain) is a category, not billable; "
        "use a more specific code: M54.50, M54.51, M54.59"
    )


def test_a_broad_category_names_the_first_children_and_counts_the_rest() -> None:
    problem = icd10.diagnosis_problem("M54")
    assert problem is not None
    assert problem.startswith("M54 (Dorsalgia) is a category, not billable")
    assert "M54.00, M54.01" in problem and "more" in problem


def test_a_seventh_character_is_required_where_the_code_needs_one() -> None:
    problem = icd10.diagnosis_problem("S72.001")
    assert problem is not None and "S72.001A" in problem
    assert icd10.check("S72.001A").billable


@pytest.mark.parametrize("typed", ["Z99.999", "XYZ", "hello", "M54.5X"])
def test_nonsense_is_not_a_code(typed: str) -> None:
    problem = icd10.diagnosis_problem(typed)
    assert problem is not None and "is not an ICD-10-CM code" in problem
    with pytest.raises(UserError, match="not an ICD-10-CM code"):
        icd10.describe(typed)


def test_an_empty_entry_asks_for_a_code() -> None:
    assert icd10.diagnosis_problem("  ") == "enter an ICD-10-CM code, e.g. M54.50"


def test_search_by_words() -> None:
    found = icd10.search("low back pain", billable_only=True)
    assert "M54.50" in [d.code for d in found]
    assert all(d.billable for d in found)
    assert all(all(w in d.description.casefold() for w in ("low", "back", "pain")) for d in found)
    assert [d.code for d in found[:3]] == ["M54.50", "M54.51", "M54.59"]  # the phrase first


def test_search_by_code_prefix_keeps_code_order() -> None:
    found = icd10.search("m17.1", limit=3)
    assert [d.code for d in found] == ["M17.1", "M17.10", "M17.11"]
    assert icd10.search("", limit=3) == []
    assert icd10.search("qqqzzz") == []


def test_is_loaded_after_warm_up() -> None:
    assert icd10.is_loaded()


def test_warm_up_in_background_finishes() -> None:
    thread = icd10.warm_up_in_background()
    thread.join(timeout=30)
    assert not thread.is_alive() and icd10.is_loaded()
