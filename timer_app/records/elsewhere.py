"""Therapy other providers billed a patient this year, as the front desk enters it.

Medicare's KX threshold counts a patient's therapy for the year wherever it was given
(BILLING_RULES.md s.6): amounts billed by another clinic, from the patient's records or
Medicare's eligibility answer, count toward it beside this clinic's own. Kept per year and
per KX bucket (physical and speech-language therapy together, occupational apart).
"""

from __future__ import annotations

from collections.abc import Mapping

from timer_app.billing.kx import BUCKET_WORDS, dollars
from timer_app.errors import UserError
from timer_app.records.visit_writes import AuditNote


def check_elsewhere(year: int, amounts: Mapping[str, int]) -> None:
    """A year, and whole cents, zero or more, per KX bucket."""
    if not 1900 <= year <= 9999:
        raise UserError(f"{year} is not a year; type one like 2026")
    for bucket, cents in amounts.items():
        if bucket not in BUCKET_WORDS:
            known = " or ".join(BUCKET_WORDS)
            raise UserError(f"'{bucket}' is not a therapy group; use {known}")
        if not isinstance(cents, int) or isinstance(cents, bool) or cents < 0:
            raise UserError(
                f"the amount for {BUCKET_WORDS[bucket]} must be whole cents, zero or more"
            )


def elsewhere_note(
    patient_name: str, year: int, before: Mapping[str, int], after: Mapping[str, int]
) -> AuditNote:
    """The audit line: whose amounts, which year, from what to what (in dollars)."""

    def shown(amounts: Mapping[str, int]) -> dict[str, str]:
        return {"patient": patient_name, "year": str(year)} | {
            bucket: dollars(cents) for bucket, cents in sorted(amounts.items())
        }

    return AuditNote("therapy billed elsewhere", before=shown(before), after=shown(after))
