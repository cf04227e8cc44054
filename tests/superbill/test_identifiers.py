"""NPI check digits and EIN formats, each problem said in words."""

from __future__ import annotations

import pytest

from timer_app.billing.identifiers import (
    ein_problem,
    is_valid_ein,
    is_valid_npi,
    luhn_check_digit,
    normalize_ein,
    normalize_npi,
    npi_problem,
)
from timer_app.errors import UserError


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126", " 12345 67893 "])
def test_valid_npis(npi: str) -> None:
    assert npi_problem(npi) is None
    assert is_valid_npi(npi)


@pytest.mark.parametrize(
    ("npi", "problem"),
    [
        ("1234567890", "check digit does not match"),
        ("1234567839", "check digit does not match"),  # two digits swapped
        ("123456789", "has 10 digits; this one has 9"),
        ("12345678931", "this one has 11"),
        ("12345-67893", "digits only"),
        ("123456789O", "digits only"),
        ("١٢٣٤٥٦٧٨٩٣", "digits only"),  # Arabic-Indic digits are not ASCII digits
        ("", "enter the 10-digit NPI"),
    ],
)
def test_invalid_npis_say_what_is_wrong(npi: str, problem: str) -> None:
    message = npi_problem(npi)
    assert message is not None and problem in message
    assert not is_valid_npi(npi)


def test_the_check_digit_counts_the_80840_prefix() -> None:
    # The CMS worked example: 123456789 with the prefix gives check digit 3.
    assert luhn_check_digit("80840123456789") == 3
    assert luhn_check_digit("123456789") != 3


def test_normalize_npi() -> None:
    assert normalize_npi(" 1234 567 893") == "1234567893"
    with pytest.raises(UserError, match="NPI '1234567890': this NPI's check digit"):
        normalize_npi("1234567890")


@pytest.mark.parametrize("ein", ["12-3456789", "123456789", " 12-3456789 "])
def test_valid_eins(ein: str) -> None:
    assert ein_problem(ein) is None
    assert is_valid_ein(ein)
    assert normalize_ein(ein) == "12-3456789"


@pytest.mark.parametrize(
    ("ein", "problem"),
    [
        ("123-45-6789", "Social Security number"),
        ("1-23456789", "NN-NNNNNNN"),
        ("12-345678", "NN-NNNNNNN"),
        ("12345678", "9 digits; this one has 8"),
        ("1234567890", "9 digits; this one has 10"),
        ("AB-CDEFGHI", "NN-NNNNNNN"),
        ("00-1234567", "no EIN starts with 00"),
        ("", "enter the tax ID"),
    ],
)
def test_invalid_eins_say_what_is_wrong(ein: str, problem: str) -> None:
    message = ein_problem(ein)
    assert message is not None and problem in message
    with pytest.raises(UserError, match="tax ID"):
        normalize_ein(ein)
