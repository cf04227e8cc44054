"""Checks for the identifiers a claim carries: the NPI and the US tax ID (EIN).

Each `*_problem` function returns None when the value is fine, else one sentence that
says what is wrong, written for the person typing it in a form beside the field.
"""

from __future__ import annotations

import re

from timer_app.errors import UserError

NPI_LENGTH = 10
# The NPI is an ISO 7812 card number whose issuer prefix 80840 is left out of the
# printed ten digits; the Luhn sum must include it.
_NPI_PREFIX = "80840"
_EIN_DASHED = re.compile(r"\d{2}-\d{7}")
_SSN_DASHED = re.compile(r"\d{3}-\d{2}-\d{4}")


def _compact(value: str) -> str:
    """Spaces are how people group digits when they read them aloud; drop them."""
    return re.sub(r"\s+", "", value)


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit to append to `digits` (a string of digits)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # the digit next to the check digit is doubled
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return (10 - total % 10) % 10


def npi_problem(value: str) -> str | None:
    """What is wrong with an NPI, or None when it is a well-formed 10-digit NPI."""
    npi = _compact(value)
    if not npi:
        return "enter the 10-digit NPI"
    if not npi.isdigit() or not npi.isascii():
        return "an NPI has digits only (no letters, dashes or dots)"
    if len(npi) != NPI_LENGTH:
        return f"an NPI has 10 digits; this one has {len(npi)}"
    if luhn_check_digit(_NPI_PREFIX + npi[:-1]) != int(npi[-1]):
        return "this NPI's check digit does not match: a digit is probably mistyped"
    return None


def is_valid_npi(value: str) -> bool:
    return npi_problem(value) is None


def normalize_npi(value: str) -> str:
    """The NPI as its 10 digits, or a UserError that says what is wrong."""
    problem = npi_problem(value)
    if problem is not None:
        raise UserError(f"NPI '{value.strip()}': {problem}")
    return _compact(value)


def ein_problem(value: str) -> str | None:
    """What is wrong with a US employer tax ID, or None for NN-NNNNNNN or 9 digits."""
    ein = _compact(value)
    if not ein:
        return "enter the tax ID (EIN) as NN-NNNNNNN"
    if _SSN_DASHED.fullmatch(ein):
        return "this looks like a Social Security number; enter the clinic's EIN as NN-NNNNNNN"
    digits = ein.replace("-", "")
    if not _EIN_DASHED.fullmatch(ein) and not (ein.isdigit() and ein.isascii()):
        return "write the tax ID as NN-NNNNNNN (two digits, a dash, seven digits) or 9 digits"
    if len(digits) != 9:
        return f"a tax ID (EIN) has 9 digits; this one has {len(digits)}"
    if digits.startswith("00"):
        return "no EIN starts with 00; check the first two digits"
    return None


def is_valid_ein(value: str) -> bool:
    return ein_problem(value) is None


def normalize_ein(value: str) -> str:
    """The EIN as NN-NNNNNNN, or a UserError that says what is wrong."""
    problem = ein_problem(value)
    if problem is not None:
        raise UserError(f"tax ID '{value.strip()}': {problem}")
    digits = _compact(value).replace("-", "")
    return f"{digits[:2]}-{digits[2:]}"


# Medicare Beneficiary Identifier (CMS's published format): 11 characters, no dashes when
# stored; letters never S, L, O, I, B or Z (they look like digits).
MBI_LENGTH = 11
_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
_MBI = re.compile(
    rf"[1-9]{_MBI_LETTER}[0-9AC-HJKMNP-RT-Y]\d{_MBI_LETTER}[0-9AC-HJKMNP-RT-Y]\d"
    rf"{_MBI_LETTER}{{2}}\d{{2}}"
)


def normalize_mbi(value: str) -> str:
    """As printed on the claim: upper case, without the dashes or spaces of the card."""
    return re.sub(r"[\s-]", "", value).upper()


def mbi_problem(value: str) -> str | None:
    """None for a well-formed MBI, else what is wrong with it, in a sentence."""
    mbi = normalize_mbi(value)
    if len(mbi) != MBI_LENGTH:
        return (
            f"A Medicare number (MBI) has {MBI_LENGTH} letters and digits, like "
            f"1EG4-TE5-MK73; this one has {len(mbi)}"
        )
    if not _MBI.fullmatch(mbi):
        return (
            "This is not a Medicare number (MBI): it is a digit 1-9, then letters and digits "
            "in a fixed pattern, like 1EG4-TE5-MK73 (never S, L, O, I, B or Z)"
        )
    return None
