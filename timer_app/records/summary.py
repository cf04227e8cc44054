"""A visit as the owner's reports count it: what was signed and paid, and its time on the
clock, without its intervals or diagnoses, so a year of visits reads in a fraction of a
second (`Visits.summaries` on every store)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from timer_app.billing import Discipline
from timer_app.records.model import SignedLine, Visit
from timer_app.session.model import VisitStatus


@dataclass(frozen=True, slots=True)
class VisitSummary:
    id: int
    patient_id: int
    clinician_id: int
    date: date
    payer_id: int | None
    discipline: Discipline
    status: VisitStatus
    signed_lines: tuple[SignedLine, ...]  # empty while unsigned (or signed before seals)
    amount_paid_cents: int
    clock_seconds: int  # treated on the clock: ended intervals, overlapping ones once


def clock_seconds(spans: Iterable[tuple[datetime, datetime]]) -> int:
    """Seconds covered by the spans, overlaps counted once (as billing's total treatment
    time counts them: each merged block's whole seconds)."""
    ordered = sorted(spans)
    if not ordered:
        return 0
    covered, (start, end) = 0, ordered[0]
    for next_start, next_end in ordered[1:]:
        if next_start > end:
            covered += int((end - start).total_seconds())
            start, end = next_start, next_end
        else:
            end = max(end, next_end)
    return covered + int((end - start).total_seconds())


def billed_to(visit: Visit) -> int | None:
    """The payer the visit is billed to: the desk's choice once signed, else its own."""
    return visit.payer_id if visit.billing_payer_id is None else visit.billing_payer_id


def summary_of(visit: Visit) -> VisitSummary:
    """A whole visit, summed up (the stores that hold visits whole use it)."""
    spans = [(i.start, i.end) for i in visit.intervals if i.end is not None]
    return VisitSummary(
        visit.id, visit.patient_id, visit.clinician_id, visit.date, billed_to(visit),
        visit.discipline, visit.status, visit.signed_lines, visit.amount_paid_cents,
        clock_seconds(spans),
    )  # fmt: skip
