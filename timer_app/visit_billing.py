"""Billing a stored visit: the one way every screen, command and superbill does it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from timer_app.billing import (
    PayerProfile,
    TimedInterval,
    VisitBilling,
    bill_visit,
    find_profile,
    profile_for_rule,
)
from timer_app.billing.kx import YearToDate, bucket, visit_charges
from timer_app.store import Payer, Visit


def payer_profile(payer: Payer | None) -> PayerProfile:
    """The payer's profile under the payer's own name, so the words name the payer."""
    if payer is None:
        return profile_for_rule("cms")
    return replace(find_profile(payer.profile), name=payer.name)


def year_to_date(
    visit: Visit,
    earlier: Iterable[Visit],
    payers: Mapping[int, Payer],
    assistant_ids: Collection[int],
) -> YearToDate | None:
    """The patient's amounts this year in the visit's KX bucket before it (None: no KX)."""
    payer = payers.get(visit.payer_id) if visit.payer_id is not None else None
    if not payer_profile(payer).kx_thresholds_cents:
        return None
    cents = 0
    for other in earlier:
        other_payer = payers.get(other.payer_id) if other.payer_id is not None else None
        counts = (
            other.date.year == visit.date.year
            and (other.date, other.id) < (visit.date, visit.id)
            and bucket(other.discipline) == bucket(visit.discipline)
            and other_payer is not None
            and payer_profile(other_payer).kx_thresholds_cents
        )
        billing = bill_stored_visit(other, other_payer, assistant_ids) if counts else None
        if billing is not None and other_payer is not None:
            cents += visit_charges(billing.lines, other_payer.fees)
    return YearToDate(visit.date.year, cents)


def bill_stored_visit(
    visit: Visit,
    payer: Payer | None,
    assistant_ids: Collection[int],
    chosen: Mapping[str, int] | None = None,
    before: YearToDate | None = None,
) -> VisitBilling | None:
    """The visit's billing from its ended intervals; None when nothing was timed.

    `assistant_ids` are the clinicians whose own minutes carry CQ/CO; `chosen` is the
    therapist's pick when a tie left a choice (default: the one stored with the visit);
    `before`, the patient's amounts this year before the visit, decides KX.
    """
    ended = [i for i in visit.intervals if i.end is not None]
    if not ended:
        return None
    return bill_visit(
        visit.code_seconds(),
        payer_profile(payer),
        visit.discipline,
        intervals=[
            TimedInterval(i.code, i.start, i.end, i.clinician_id in assistant_ids)
            for i in ended
            if i.end is not None
        ],
        fees=payer.fees if payer else {},
        chosen=visit.chosen_units if chosen is None else chosen,
        year_to_date=before,
    )
