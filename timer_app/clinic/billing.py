"""Billing a stored visit: the one way every screen, command and superbill does it.

A visit is billed from its ended intervals under its payer's profile, with the clinic's
catalog, the assistants' minutes marked (CQ/CO) and, for Medicare, the patient's earlier
amounts this year (KX). A tie choice stored with the visit is used while it is still one
of the legal answers; after an amendment changed the minutes it may no longer be, and the
policy's pick is billed until the visit is signed again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from timer_app.billing import IllegalChoiceError, TimedInterval, VisitBilling, bill_visit
from timer_app.billing.kx import YearToDate, bucket, visit_charges
from timer_app.billing.profiles import SELF_PAY
from timer_app.clinic.catalog import ClinicCodes
from timer_app.clinic.port import StorePort
from timer_app.records import Payer, Visit, payer_profile


@dataclass(frozen=True, slots=True)
class BillingContext:
    """What billing reads besides the visit, read once for a whole list of visits."""

    payers: Mapping[int, Payer]
    assistant_ids: Collection[int]  # clinicians whose own minutes carry CQ/CO

    def payer_of(self, visit: Visit) -> Payer | None:
        """The payer the visit bills to: the one the front desk chose for a signed visit
        (`Visit.billing_payer_id`), else its own; a visit with no payer is self-pay: the
        clinic's own prices (None while the clinic has no self-pay fee schedule)."""
        payer_id = visit.payer_id if visit.billing_payer_id is None else visit.billing_payer_id
        if payer_id is None:
            return self.self_pay
        return self.payers.get(payer_id)

    @property
    def self_pay(self) -> Payer | None:
        return self_pay_of(self.payers.values())


def self_pay_of(payers: Iterable[Payer]) -> Payer | None:
    """The clinic's self-pay fee schedule: its payer with the Self-pay profile, if any."""
    return next((payer for payer in payers if payer.profile == SELF_PAY), None)


class VisitBiller:
    """Bills stored visits for the treatment screen, the front desk and the commands."""

    def __init__(self, store: StorePort, codes: ClinicCodes) -> None:
        self._store = store
        self._codes = codes

    def context(self) -> BillingContext:
        clinicians = self._store.clinicians.all(include_inactive=True)
        return BillingContext(
            {payer.id: payer for payer in self._store.payers.all()},
            {c.id for c in clinicians if c.role.is_assistant},
        )

    def bill(
        self,
        visit: Visit,
        chosen: Mapping[str, int] | None = None,
        context: BillingContext | None = None,
        shared_to: Sequence[str] | None = None,
    ) -> VisitBilling | None:
        """The visit's billing (ended intervals), or None when nothing was timed.

        `chosen` is the therapist's pick in the review (refused when it is not legal);
        without it the visit's stored choice is used while it still fits. `shared_to` is
        the review's pick of the codes that keep co-treatment minutes (None: as stored).
        """
        context = context or self.context()
        if shared_to is not None:
            visit = replace(visit, shared_minutes_to=tuple(shared_to))
        before = self.year_to_date(visit, context)
        if chosen is not None:
            return self._bill(visit, context, chosen, before)
        return self._as_stored(visit, context, before)

    def year_to_date(self, visit: Visit, context: BillingContext) -> YearToDate | None:
        """The patient's amounts this year in the visit's KX bucket before it (None: no KX)."""
        if not payer_profile(context.payer_of(visit)).kx_thresholds_cents:
            return None
        earlier = self._store.visits.find(
            patient_id=visit.patient_id, start=date(visit.date.year, 1, 1), end=visit.date
        )
        cents = 0
        for other in _counting(visit, earlier, context):
            payer = context.payer_of(other)
            billing = self._as_stored(other, context, None) if payer is not None else None
            if billing is not None and payer is not None:
                cents += visit_charges(billing.lines, payer.fees)
        elsewhere = self._store.patients.therapy_elsewhere(visit.patient_id, visit.date.year)
        return YearToDate(visit.date.year, cents, elsewhere.get(bucket(visit.discipline), 0))

    def _as_stored(
        self, visit: Visit, context: BillingContext, before: YearToDate | None
    ) -> VisitBilling | None:
        """With the visit's stored tie choice, while it is still a legal answer."""
        if visit.chosen_units is None:
            return self._bill(visit, context, None, before)
        try:
            return self._bill(visit, context, visit.chosen_units, before)
        except IllegalChoiceError:  # an amendment changed the minutes since it was chosen
            return self._bill(visit, context, None, before)

    def _bill(
        self,
        visit: Visit,
        context: BillingContext,
        chosen: Mapping[str, int] | None,
        before: YearToDate | None,
    ) -> VisitBilling | None:
        ended = [
            TimedInterval(
                i.code, i.start, i.end, i.clinician_id in context.assistant_ids, str(i.clinician_id)
            )
            for i in visit.intervals
            if i.end is not None
        ]
        if not ended:
            return None
        payer = context.payer_of(visit)
        return bill_visit(
            visit.code_seconds(),
            payer_profile(payer),
            visit.discipline,
            catalog=self._codes.catalog(),
            edit_pairs=self._codes.edit_pairs(),
            intervals=ended,
            fees=payer.fees if payer else None,
            chosen=chosen,
            year_to_date=before,
            on=visit.date,
            shared_minutes_to=visit.shared_minutes_to,
            place_of_service=visit.place_of_service,
            audio_only=visit.audio_only,
        )


def _counting(visit: Visit, earlier: Iterable[Visit], context: BillingContext) -> list[Visit]:
    """The visits before this one that count toward its KX bucket this year."""
    return [
        other
        for other in earlier
        if other.date.year == visit.date.year
        and (other.date, other.id) < (visit.date, visit.id)
        and bucket(other.discipline) == bucket(visit.discipline)
        and payer_profile(context.payer_of(other)).kx_thresholds_cents
        and context.payer_of(other) is not None
    ]
