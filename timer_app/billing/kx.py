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

ASSISTED = frozenset({"CQ", "CO"})
ASSISTANT_PERCENT = 85  # Medicare pays an assistant's unit at 85% of the fee schedule

BUCKETS = {Discipline.PT: "PT_SLP", Discipline.SLP: "PT_SLP", Discipline.OT: "OT"}
BUCKET_WORDS = {"PT_SLP": "physical and speech-language therapy", "OT": "occupational therapy"}


def bucket(discipline: Discipline) -> str:
    return BUCKETS[discipline]


def dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def visit_charges(lines: Sequence[BillingLine], fees: Mapping[str, int]) -> int:
    """What the visit's billed lines come to under the fee schedule, an assistant's unit
    (CQ/CO) at the 85% Medicare pays for it."""
    return sum(line_charge(line, fees) for line in lines if not line.bundled)


def line_charge(line: BillingLine, fees: Mapping[str, int]) -> int:
    cents = line.units * fees.get(line.code, 0)
    if ASSISTED & set(line.modifiers):
        return cents * ASSISTANT_PERCENT // 100
    return cents


@dataclass(frozen=True, slots=True)
class YearToDate:
    """The patient's amounts in the visit's bucket this year, before this visit (this
    clinic's and, as the front desk entered them, other providers')."""

    year: int
    cents: int
    elsewhere_cents: int = 0

    @property
    def total(self) -> int:
        return self.cents + self.elsewhere_cents


def kx_decision(
    profile: PayerProfile,
    discipline: Discipline,
    before: YearToDate,
    this_visit_cents: int,
) -> tuple[bool, BillingWarning | None]:
    """Whether every billed line needs KX, and the warning that says why (or why it could
    not be decided). Over the threshold, KX goes on every line, with a fee or without."""
    threshold = profile.kx_thresholds_cents.get(before.year)
    if threshold is None:
        known = sorted(profile.kx_thresholds_cents)
        covered = f"{known[0]}-{known[-1]}" if known else "no year"
        text = (
            f"No Medicare therapy threshold is known for {before.year} (the rules shipped "
            f"cover {covered}): KX was not decided. Check CMS's figure for {before.year} and "
            f"add KX by hand if this patient is over it."
        )
        return False, BillingWarning(WarningKind.KX_THRESHOLD_UNKNOWN, text)
    total = before.total + this_visit_cents
    if total <= threshold:
        return False, None
    words = BUCKET_WORDS[bucket(discipline)]
    already = (
        f" (already {dollars(before.total)} before this visit)" if before.total > threshold else ""
    )
    elsewhere = (
        f", {dollars(before.elsewhere_cents)} of it billed by other providers"
        if before.elsewhere_cents
        else ""
    )
    text = (
        f"KX added: this patient's {before.year} {words} amounts reach {dollars(total)}"
        f"{already}{elsewhere}, over the {dollars(threshold)} threshold. Signing attests that "
        f"the care is medically necessary and the note shows why."
    )
    review = profile.medical_review_cents.get(before.year)
    if review is not None and total > review:
        text += f" Above {dollars(review)} Medicare may review the records (targeted review)."
    return True, BillingWarning(WarningKind.KX_THRESHOLD, text)
