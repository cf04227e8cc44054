"""Billing a stored visit: the one way every screen, command and superbill does it."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from timer_app.billing import (
    PayerProfile,
    TimedInterval,
    VisitBilling,
    bill_visit,
    find_profile,
    profile_for_rule,
)
from timer_app.store import Payer, Visit


def payer_profile(payer: Payer | None) -> PayerProfile:
    """The payer's profile under the payer's own name, so the words name the payer."""
    if payer is None:
        return profile_for_rule("cms")
    return replace(find_profile(payer.profile), name=payer.name)


def bill_stored_visit(
    visit: Visit,
    payer: Payer | None,
    assistant_ids: Collection[int],
    chosen: Mapping[str, int] | None = None,
) -> VisitBilling | None:
    """The visit's billing from its ended intervals; None when nothing was timed.

    `assistant_ids` are the clinicians whose own minutes carry CQ/CO; `chosen` is the
    therapist's pick when a tie left a choice (default: the one stored with the visit).
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
    )
