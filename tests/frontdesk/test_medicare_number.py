"""A Medicare patient's member ID is a Medicare Beneficiary Identifier: its published
format is checked where it is typed ("12345" was accepted)."""

from __future__ import annotations

from timer_app.billing.identifiers import mbi_problem, normalize_mbi
from timer_app.clinic.checks import member_id_problem


def test_the_mbi_format() -> None:
    assert mbi_problem("1EG4-TE5-MK73") is None and mbi_problem("1eg4te5mk73") is None
    assert normalize_mbi("1eg4-te5-mk73") == "1EG4TE5MK73"
    assert "has 11 letters and digits" in (mbi_problem("12345") or "")
    assert "not a Medicare number" in (mbi_problem("0EG4TE5MK73") or "")  # starts 1-9
    assert "not a Medicare number" in (mbi_problem("1SG4TE5MK73") or "")  # never S
    assert member_id_problem("12345", 1, "Medicare") is not None
    assert member_id_problem("12345", 1, "Commercial (AMA)") is None  # other payers: free
