"""Code search by the words therapists use, ranked: the issue's everyday words find their code."""

from __future__ import annotations

import pytest

from timer_app.billing import load_catalog
from timer_app.billing.catalog import CatalogError, parse_catalog
from timer_app.billing.code_search import CodeSearch, Match


def first_codes(text: str, count: int = 1) -> list[str]:
    return [f.code.code for f in CodeSearch(load_catalog().values()).find(text)][:count]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("manual", "97140"),
        ("hot pack", "97010"),
        ("hot", "97010"),  # not Orthotic: "hot" only sits inside that word
        ("ther ex", "97110"),
        ("neuro re", "97112"),
        ("neuro re-ed", "97112"),
        ("w/c", "97542"),
        ("ice", "97010"),
        ("97140", "97140"),
        ("g0283", "G0283"),
        ("ROM", "97110"),
        ("ADL", "97535"),
        ("dysphagia", "92526"),
    ],
)
def test_everyday_words_find_the_code_first(typed: str, code: str) -> None:
    assert first_codes(typed) == [code]


@pytest.mark.parametrize("typed", ["e-stim", "estim", "e stim", "tens"])
def test_e_stim_and_tens_find_the_e_stim_codes(typed: str) -> None:
    assert set(first_codes(typed, 3)) == {"G0283", "97014", "97032"}


def test_exact_code_comes_before_words_and_words_before_contains() -> None:
    found = CodeSearch(load_catalog().values()).find("hot")
    assert [f.match for f in found] == sorted(f.match for f in found)
    assert found[0].match is Match.WORD_START and found[-1].match is Match.CONTAINS
    assert CodeSearch(load_catalog().values()).find("97010")[0].match is Match.CODE


def test_equal_matches_list_the_common_codes_first() -> None:
    assert first_codes("971", 5) == ["97110", "97140", "97112", "97116", "97161"]
    assert first_codes("97", 3) == ["97110", "97140", "97530"]


def test_an_alias_hit_says_which_everyday_word_found_it() -> None:
    found = CodeSearch(load_catalog().values()).find("tens")
    assert found[0].alias == "TENS"
    assert CodeSearch(load_catalog().values()).find("manual")[0].alias == ""


def test_nothing_typed_or_nothing_known_finds_nothing() -> None:
    search = CodeSearch(load_catalog().values())
    assert search.find("") == [] and search.find("  -/ ") == [] and search.find("xyzzy") == []


def test_the_list_is_short_enough_to_reach() -> None:
    assert len(CodeSearch(load_catalog().values()).find("e")) == 8


def test_aliases_must_be_words() -> None:
    entry = (
        '{"codes": [{"code": "97110", "label": "x", "tile": "x", "kind": "timed", '
        '"attendance": "one_on_one", "disciplines": ["PT"], "aliases": %s}]}'
    )
    with pytest.raises(CatalogError, match="97110: 'aliases'"):
        parse_catalog(entry % '["ok", ""]')
    assert parse_catalog(entry % '["ther ex"]')["97110"].aliases == ("ther ex",)
