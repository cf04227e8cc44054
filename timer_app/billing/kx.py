"""KX: Medicare's yearly therapy threshold (BILLING_RULES.md section 6).

Above the year's threshold, each therapy line needs KX: the clinician attests that the care
is medically necessary and the note shows why. Two buckets: physical therapy with
speech-language pathology, and occupational therapy alone. Amounts are the payer's fees
(what the clinic expects Medicare to allow), in cents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from timer_app.billing.catalog import Discipline
from timer_app.billing.profiles import PayerProfile
from timer_app.billing.result import BillingLine, BillingWarning, WarningKind

BUCKETS = {Discipline.PT: "PT_SLP", Discipline.SLP: "PT_SLP", Discipline.OT: "OT"}
BUCKET_WORDS = {"PT_SLP": "physical and speech-language therapy", "OT": "occupational therapy"}


def bucket(discipline: Discipline) -> str:
    return BUCKETS[discipline]


def dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def visit_charges(lines: Sequence[BillingLine], fees: Mapping[str, int]) -> int:
    """What the visit's billed lines come to under the fee schedule."""
    return sum(line.units * fees.get(line.code, 0) for line in lines if not line.bundled)


@dataclass(frozen=True, slots=True)
class YearToDate:
    """The patient's amounts in the visit's bucket this year, before this visit."""

    year: int
    cents: int


def kx_warning(
    profile: PayerProfile,
    discipline: Discipline,
    before: YearToDate,
    this_visit_cents: int,
) -> BillingWarning | None:
    """The KX flag when this visit takes the year's total over the threshold."""
    threshold = profile.kx_thresholds_cents.get(before.year)
    total = before.cents + this_visit_cents
    if threshold is None or this_visit_cents == 0 or total <= threshold:
        return None
    words = BUCKET_WORDS[bucket(discipline)]
    text = (
        f"KX added: this patient's {before.year} {words} amounts reach {dollars(total)}, over "
        f"the {dollars(threshold)} threshold. Signing attests that the care is medically "
        f"necessary and the note shows why."
    )
    review = profile.medical_review_cents
    if review is not None and total > review:
        text += f" Above {dollars(review)} Medicare may review the records (targeted review)."
    return BillingWarning(WarningKind.KX_THRESHOLD, text)
