"""The front desk: which visits, their superbills, what was paid, marking them billed.

Shared by the front desk view and the `visits`, `superbill` and `export` commands, so a
visit is listed, billed and printed the same way everywhere. No Qt here (the commands that
only export CSV never load it). A visit that cannot be billed keeps its row and says why:
one bad visit never empties the day's list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING

from timer_app.billing import VisitBilling
from timer_app.clinic.access import AccessControl
from timer_app.clinic.billing import BillingContext, VisitBiller
from timer_app.clinic.events import Events, Records, VisitEvent
from timer_app.clinic.port import StorePort
from timer_app.clinic.setup import time_record_with_superbill
from timer_app.dates import show_date
from timer_app.errors import UserError
from timer_app.records import BillingPayerSet, Clinic, Clinician, Patient, Payer, Visit
from timer_app.records.payments import NewPayment, PaidBy, Payment, PaymentMethod
from timer_app.records.people import Permission
from timer_app.session.model import VisitStatus, VisitStatusChanged
from timer_app.superbill import Superbill, build_superbill
from timer_app.superbill.build import charges
from timer_app.superbill.model import printable
from timer_app.superbill.receipt import Receipt, build_receipt
from timer_app.superbill.time_record import TimeRecord, build_time_record

if TYPE_CHECKING:
    from timer_app.clinic.plan_of_care import PlanOfCare
    from timer_app.store.postgres.conflicts import RefusedAmendment

FRONT_DESK = "Front desk"  # who the audit log names for the desk's actions
SUPERBILL_DISCLOSED = "superbill disclosed"  # the audit log's words for a printed or saved one
RECEIPT_DISCLOSED = "receipt disclosed"
TIME_RECORD_DISCLOSED = "time record disclosed"


class StatusChoice(StrEnum):
    """The statuses the front desk filters by, in its words."""

    SIGNED = "Signed"
    BILLED = "Billed"
    NOT_SIGNED = "Not yet signed"
    ALL = "All"

    @property
    def statuses(self) -> tuple[VisitStatus, ...]:
        return {
            StatusChoice.SIGNED: (VisitStatus.SIGNED,),
            StatusChoice.BILLED: (VisitStatus.BILLED,),
            StatusChoice.NOT_SIGNED: (VisitStatus.OPEN, VisitStatus.FINISHED),
            StatusChoice.ALL: tuple(VisitStatus),
        }[self]


STATUS_WORDS = {
    VisitStatus.OPEN: "Being timed",
    VisitStatus.FINISHED: "Not yet signed",
    VisitStatus.SIGNED: "Signed",
    VisitStatus.BILLED: "Billed",
}


@dataclass(frozen=True, slots=True)
class DeskVisit:
    """One visit as the front desk lists it."""

    visit: Visit
    patient: Patient
    clinician: Clinician
    payer: Payer | None
    billing: VisitBilling | None  # None while nothing has been timed, or when it cannot be
    problem: str | None = None  # why the visit cannot be billed as it stands
    charged_cents: int | None = None  # what its superbill charges (None: it cannot say)

    @property
    def final(self) -> bool:
        """Signed or billed: its superbill may be printed."""
        return self.visit.status.locked

    @property
    def status_words(self) -> str:
        words = STATUS_WORDS[self.visit.status]
        return words if self.problem is None else f"{words} — cannot be billed"

    @property
    def line_count(self) -> int:
        return 0 if self.billing is None else len(self.billing.lines)

    @property
    def units(self) -> int:
        return 0 if self.billing is None else sum(line.units for line in self.billing.lines)

    @property
    def timed_minutes(self) -> int:
        return 0 if self.billing is None else self.billing.total_timed_minutes

    @property
    def paid_cents(self) -> int:
        return self.visit.amount_paid_cents

    @property
    def balance_cents(self) -> int | None:
        return None if self.charged_cents is None else self.charged_cents - self.paid_cents

    @property
    def label(self) -> str:
        """How a message names the visit: 'Lopez, Maria (visit 12, 2026-11-02)'."""
        return f"{self.patient.name} (visit {self.visit.id}, {show_date(self.visit.date)})"


@dataclass(frozen=True, slots=True)
class Totals:
    visits: int
    lines: int
    units: int
    timed_minutes: int
    charged_cents: int = 0  # of the visits that can say what they charge
    paid_cents: int = 0
    balance_cents: int = 0


def totals(visits: Iterable[DeskVisit]) -> Totals:
    listed = list(visits)
    priced = [v for v in listed if v.charged_cents is not None]
    return Totals(
        visits=len(listed),
        lines=sum(v.line_count for v in listed),
        units=sum(v.units for v in listed),
        timed_minutes=sum(v.timed_minutes for v in listed),
        charged_cents=sum(v.charged_cents or 0 for v in priced),
        paid_cents=sum(v.paid_cents for v in listed),
        balance_cents=sum(v.balance_cents or 0 for v in priced),
    )


@dataclass(frozen=True, slots=True)
class Skipped:
    """A visit left out of a batch, and why, in words the front desk can act on."""

    item: DeskVisit
    reason: str

    @property
    def words(self) -> str:
        return f"{self.item.label}: {self.reason}"


@dataclass(slots=True)
class SuperbillBatch:
    """What a print, a PDF or an export made: a superbill per billable visit, in order."""

    bills: list[Superbill] = field(default_factory=list)
    visits: list[DeskVisit] = field(default_factory=list)  # whose superbills these are
    skipped: list[Skipped] = field(default_factory=list)

    def skipped_words(self, limit: int = 6) -> str:
        """The skipped visits with their reasons, one a line ('and N more' past `limit`)."""
        lines = [f"Skipped {s.words}" for s in self.skipped[:limit]]
        if len(self.skipped) > limit:
            lines.append(f"… and {len(self.skipped) - limit} more")
        return "\n".join(lines)


class FrontDesk:
    """Lists visits, builds their superbills, records payments and marks visits billed."""

    def __init__(
        self,
        store: StorePort,
        biller: VisitBiller,
        events: Events,
        tz: tzinfo,
        access: AccessControl,
        today: Callable[[], date] | None = None,
    ) -> None:
        self.access = access
        self.store = store
        self.biller = biller
        self.events = events
        self.tz = tz
        self.today = today or (lambda: datetime.now(tz).date())
        self.plan_of_care: PlanOfCare | None = None  # the superbill's authorization line

    def clinicians(self) -> list[Clinician]:
        return self.store.clinicians.all(include_inactive=True)

    def visits(
        self,
        start: date,
        end: date,
        *,
        clinician_id: int | None = None,
        status: StatusChoice = StatusChoice.ALL,
    ) -> list[DeskVisit]:
        """Current versions of the visits in the range (inclusive), by date then start."""
        if end < start:
            raise UserError(f"the range ends ({end}) before it starts ({start}); swap the dates")
        wanted = set(status.statuses)
        found = self.store.visits.find(start=start, end=end, clinician_id=clinician_id)
        return self._describe(v for v in found if v.status in wanted)

    def find(self, *, on: date | None = None, status: VisitStatus | None = None) -> list[DeskVisit]:
        """Current versions of every visit (of a day, in a status), by date then start."""
        return self._describe(self.store.visits.find(on=on, status=status))

    def refused_amendments(self) -> list[tuple[int, str]]:
        """Amendments of one signed version made on two computers while apart (the clinic
        server's; none on a computer on its own): (id, in words) each, to look at both."""
        amendments = getattr(self.store, "refused_amendments", None)
        if amendments is None:
            return []
        return [(a.id, _refused_words(a, self.tz)) for a in amendments.unsettled()]

    def settle_refused(self, ids: Sequence[int]) -> None:
        """Someone looked at both versions: the refused ones leave the list."""
        self.access.require(Permission.MARK_BILLED)
        amendments = getattr(self.store, "refused_amendments", None)
        if amendments is None:
            return
        who = self.access.user.name if self.access.user else "the front desk"
        for conflict_id in ids:
            amendments.settle(conflict_id, who)

    def visit(self, visit_id: int) -> DeskVisit:
        return self._describe([self.store.visits.get(visit_id)])[0]

    def _describe(self, visits: Iterable[Visit]) -> list[DeskVisit]:
        clinicians = {c.id: c for c in self.clinicians()}
        context = self.biller.context()
        patients: dict[int, Patient] = {}
        listed = []
        for visit in visits:
            if visit.patient_id not in patients:
                patients[visit.patient_id] = self.store.patients.get(visit.patient_id)
            billing, problem = self._bill(visit, context)
            patient, clinician = patients[visit.patient_id], clinicians[visit.clinician_id]
            payer = context.payer_of(visit)
            charged, problem = _charged(billing, payer, problem)
            listed.append(DeskVisit(visit, patient, clinician, payer, billing, problem, charged))
        return listed

    def _bill(
        self, visit: Visit, context: BillingContext
    ) -> tuple[VisitBilling | None, str | None]:
        try:
            return self.biller.bill(visit, context=context), None
        except UserError as error:
            return None, error.message

    def superbill(self, item: DeskVisit) -> Superbill:
        return self.superbills([item], final_only=False)[0]

    def superbills(self, items: Sequence[DeskVisit], *, final_only: bool = True) -> list[Superbill]:
        """Every superbill, or a UserError naming the visit that cannot be printed."""
        made = self.batch(items, final_only=final_only)
        if made.skipped:
            first = made.skipped[0]
            raise UserError(f"{first.item.label}: {first.reason}")
        return made.bills

    def batch(self, items: Sequence[DeskVisit], *, final_only: bool = True) -> SuperbillBatch:
        """The superbills of the visits that can be billed; the others skipped with their
        reason, so one bad visit (a code with no fee, no payer) never holds up the rest."""
        self.access.require(Permission.PRINT)
        if final_only:
            require_final(items, "printed")
        clinic = self.store.clinic.get()
        if clinic is None:
            raise UserError("the clinic's details are missing; fill them in under Clinic set-up")
        clinicians = {c.id: c for c in self.clinicians()}
        made = SuperbillBatch()
        for item in items:
            try:
                made.bills.append(self._superbill(item, clinic, clinicians))
            except UserError as error:
                made.skipped.append(Skipped(item, error.message))
            else:
                made.visits.append(item)
        return made

    def _superbill(
        self, item: DeskVisit, clinic: Clinic, clinicians: Mapping[int, Clinician]
    ) -> Superbill:
        if item.problem is not None:
            raise UserError(item.problem)
        bill = build_superbill(
            item.visit, clinic=clinic, patient=item.patient, payer=item.payer,
            clinicians=clinicians, billing=item.billing, timezone=self.tz,
        )  # fmt: skip
        authorization, number = self._authorization(item.visit)
        return replace(
            bill, first_printed_on=self.first_printed_on(item),
            secondary_payer_name=self._secondary_payer_name(item.patient),
            authorization=authorization, authorization_reference=number,
            time_record=(self._time_record(item, clinic, clinicians)
                         if time_record_with_superbill(self.store) else None),
        )  # fmt: skip

    def _authorization(self, visit: Visit) -> tuple[str, str]:
        """The superbill's authorization line (used and left, until when) and number."""
        if self.plan_of_care is None or visit.episode_id is None:
            return "", ""
        use = next(iter(self.plan_of_care.authorization_uses(visit.id)), None)
        if use is None:
            return "", ""
        number = next((a.reference for a in self.store.episodes.authorizations(visit.episode_id)
                       if (a.starts, a.ends, a.visits, a.units)
                       == (use.starts, use.ends, use.visits, use.units)), "")  # fmt: skip
        return use.summary(), printable(number)

    def time_record(self, item: DeskVisit) -> TimeRecord:
        """The visit's treatment time record: each code's intervals, the totals, who signed."""
        self.access.require(Permission.PRINT)
        clinic = self.store.clinic.get()
        if clinic is None:
            raise UserError("the clinic's details are missing; fill them in under Clinic set-up")
        return self._time_record(item, clinic, {c.id: c for c in self.clinicians()})

    def _time_record(
        self, item: DeskVisit, clinic: Clinic, clinicians: Mapping[int, Clinician]
    ) -> TimeRecord:
        return build_time_record(
            item.visit, clinic=clinic, patient=item.patient,
            payer_name=item.payer.name if item.payer else "", clinicians=clinicians,
            billing=item.billing, timezone=self.tz,
        )  # fmt: skip

    def time_record_disclosed(self, item: DeskVisit, how: str) -> None:
        """Record that the visit's time record left the program (printed, saved as PDF)."""
        self.store.log_access(
            TIME_RECORD_DISCLOSED, visit_id=item.visit.id, patient_id=item.patient.id,
            after={"how": how},
        )  # fmt: skip

    def first_printed_on(self, item: DeskVisit) -> date | None:
        """The day the visit's superbill first left the program (printed or saved as PDF;
        any version of the visit), from the disclosures audited; None: never before."""
        days = [
            entry.at.astimezone(self.tz).date()
            for version in self.store.visits.history(item.visit.id)
            for entry in self.store.audit.for_visit(version.id)
            if entry.what == SUPERBILL_DISCLOSED and _printed_or_saved(entry.after)
        ]
        return min(days, default=None)

    def _secondary_payer_name(self, patient: Patient) -> str:
        """Item 9: the name of the patient's secondary insurance ('' when none)."""
        if patient.secondary_payer_id is None:
            return ""
        try:
            return printable(self.store.payers.get(patient.secondary_payer_id).name)
        except UserError:
            return ""

    def record_payment(
        self,
        item: DeskVisit,
        cents: int,
        *,
        paid_on: date | None = None,
        method: PaymentMethod = PaymentMethod.CASH,
        paid_by: PaidBy = PaidBy.PATIENT,
        reference: str = "",
        who: str = FRONT_DESK,
    ) -> Payment:
        """A payment for the visit (one more in its ledger; the day paid is today unless
        given); the visit's amount paid becomes the total not voided, on the superbill
        with the balance. Audited; bad input refused in words with nothing kept."""
        self.access.require(Permission.PAYMENTS)
        payment = NewPayment(paid_on or self.today(), cents, method, paid_by, reference)
        with self.store.atomic():
            kept = self.store.payments.add(item.visit.id, payment, who)
        self.events.visit(item.visit.id, VisitEvent.PAID)
        return kept

    def void_payment(self, payment: Payment, reason: str, who: str = FRONT_DESK) -> Payment:
        """Take a payment back (entered twice, a check that bounced): kept with the reason,
        it no longer counts toward what was paid. Audited."""
        self.access.require(Permission.PAYMENTS)
        with self.store.atomic():
            voided = self.store.payments.void(payment.id, reason, who)
        self.events.visit(voided.visit_id, VisitEvent.PAID)
        return voided

    def payments(self, item: DeskVisit) -> list[Payment]:
        """The visit's payments, voided ones too, by day paid."""
        return self.store.payments.for_visit(item.visit.id)

    def receipt(self, item: DeskVisit) -> Receipt:
        """The receipt of what was paid for the visit, with its balance."""
        self.access.require(Permission.PAYMENTS)
        clinic = self.store.clinic.get()
        if clinic is None:
            raise UserError("the clinic's details are missing; fill them in under Clinic set-up")
        return build_receipt(
            visit_id=item.visit.id, date_of_service=item.visit.date, issued_on=self.today(),
            clinic=clinic, patient=item.patient, clinician=item.clinician,
            payer_name=item.payer.name if item.payer else "",
            payments=self.payments(item), charged_cents=item.charged_cents,
        )  # fmt: skip

    def receipt_disclosed(self, item: DeskVisit, how: str) -> None:
        """Record that the visit's receipt left the program (printed, saved as PDF)."""
        self.store.log_access(
            RECEIPT_DISCLOSED, visit_id=item.visit.id, patient_id=item.patient.id,
            after={"how": how},
        )  # fmt: skip

    def patient_history(self, patient_id: int) -> list[DeskVisit]:
        """Every visit of the patient (current versions), oldest first."""
        return self._describe(self.store.visits.find(patient_id=patient_id))

    def therapy_elsewhere(self, item: DeskVisit) -> dict[str, int]:
        """What other providers billed the visit's patient for therapy in the visit's year,
        cents by KX bucket (it counts toward Medicare's threshold)."""
        return self.store.patients.therapy_elsewhere(item.patient.id, item.visit.date.year)

    def set_therapy_elsewhere(
        self, item: DeskVisit, amounts: Mapping[str, int], who: str = FRONT_DESK
    ) -> dict[str, int]:
        """Record those amounts for the visit's patient and year; every visit of theirs that
        year is billed with them from now on (KX)."""
        self.access.require(Permission.PAYMENTS)
        year = item.visit.date.year
        with self.store.atomic():
            saved = self.store.patients.set_therapy_elsewhere(item.patient.id, year, amounts, who)
        self.events.records(Records.PATIENTS)
        return saved

    def payers(self) -> list[Payer]:
        """The clinic's payers, by name: whom a signed visit's bills may go to."""
        return self.store.payers.all()

    def set_payer(
        self, item: DeskVisit, payer_id: int | None, who: str = FRONT_DESK
    ) -> DeskVisit:
        """Bill a signed visit to another payer (the patient's insurance found after a
        self-pay visit), or back to the one it was signed with (None), without an
        amendment: the visit's own payer and its seal stay as signed. Re-billed under
        the new payer first; refused in words, nothing kept, when that bills other codes
        or units than the therapist signed (other modifiers, CQ or KX, are fine: the
        desk's bills carry them). Audited with the payers' names before and after."""
        self.access.require(Permission.MARK_BILLED)
        visit = item.visit
        context = self.biller.context()
        if payer_id is not None and payer_id not in context.payers:
            raise UserError(f"There is no payer with id {payer_id}; choose one of the "
                            "clinic's payers.")  # fmt: skip
        if payer_id == visit.payer_id:
            payer_id = None  # the payer it was signed with: nothing chosen at the desk
        if payer_id == visit.billing_payer_id and visit.status is VisitStatus.SIGNED:
            return item
        trial = replace(visit, billing_payer_id=payer_id)
        was, now = context.payer_of(visit), context.payer_of(trial)
        if visit.status is VisitStatus.SIGNED:
            problem = unsigned_units(self._signed_units(visit, context),
                                     self.biller.bill(trial, context=context), now)  # fmt: skip
            if problem is not None:
                raise UserError(problem)
        change = BillingPayerSet(payer_id, payer_words(now), payer_words(was))
        with self.store.atomic():
            self.store.write_visit(visit.id, visit.revision, [change], who)
        self.events.visit(visit.id, VisitEvent.BILLED)
        return self.visit(visit.id)

    def _signed_units(self, visit: Visit, context: BillingContext) -> dict[str, int]:
        """Units by code as the therapist signed them (a visit signed before the lines
        were kept: as it bills under the payer it was signed with)."""
        if visit.signed_lines:
            return _units_by_code((code, units) for code, _, units, _ in visit.signed_lines)
        billing = self.biller.bill(replace(visit, billing_payer_id=None), context=context)
        lines = () if billing is None else billing.lines
        return _units_by_code((line.code, line.units) for line in lines)

    def mark_billed(self, items: Sequence[DeskVisit], who: str = FRONT_DESK) -> int:
        """Mark the signed ones billed (already billed ones stay); returns how many changed.

        All of them or none; a visit changed elsewhere since it was listed is refused.
        """
        self.access.require(Permission.MARK_BILLED)
        require_final(items, "billed")
        signed = [item.visit for item in items if item.visit.status is VisitStatus.SIGNED]
        with self.store.atomic():
            for visit in signed:
                billed = VisitStatusChanged(visit.id, VisitStatus.BILLED)
                self.store.write_visit(visit.id, visit.revision, [billed], who)
        for visit in signed:
            self.events.visit(visit.id, VisitEvent.BILLED)
        return len(signed)

    def undo_billed(self, visit_ids: Sequence[int], who: str = FRONT_DESK) -> int:
        """Return visits just marked billed to signed (the desk's Undo), audited; all of
        them or none. Returns how many changed; one no longer billed stays as it is."""
        self.access.require(Permission.MARK_BILLED)
        billed = [self.store.visits.get(i) for i in visit_ids]
        billed = [visit for visit in billed if visit.status is VisitStatus.BILLED]
        with self.store.atomic():
            for visit in billed:
                signed = VisitStatusChanged(visit.id, VisitStatus.SIGNED)
                self.store.write_visit(visit.id, visit.revision, [signed], who)
        for visit in billed:
            self.events.visit(visit.id, VisitEvent.BILLED)
        return len(billed)

    def disclosed(self, items: Sequence[DeskVisit], how: str) -> None:
        """Record a disclosure: these visits' superbills left the program (printed, saved
        as PDF, exported); one audit row each, naming how and where to."""
        for item in items:
            self.store.log_access(
                SUPERBILL_DISCLOSED, visit_id=item.visit.id, patient_id=item.patient.id,
                after={"how": how},
            )  # fmt: skip


def _charged(
    billing: VisitBilling | None, payer: Payer | None, problem: str | None
) -> tuple[int | None, str | None]:
    """What the superbill will charge; a code with no fee or self-pay without the clinic's
    prices is said on the row now, not first when the batch is printed."""
    if billing is None or problem is not None:
        return (0 if billing is None and problem is None else None), problem
    try:
        return charges(billing, payer), None
    except UserError as error:
        return None, error.message


def payer_words(payer: Payer | None) -> str:
    """How the desk's words and the audit log name the payer a visit bills to."""
    return "self-pay" if payer is None else payer.name


def unsigned_units(
    signed: Mapping[str, int], billing: VisitBilling | None, payer: Payer | None
) -> str | None:
    """Why the visit may not bill under `payer` without an amendment: the codes and units
    its rule bills differ from those signed (None: the same). Modifiers may differ."""
    billed = _units_by_code(
        (line.code, line.units) for line in (billing.lines if billing else ())
    )
    wrong = [code for code in dict.fromkeys([*signed, *billed])
             if signed.get(code, 0) != billed.get(code, 0)]  # fmt: skip
    if not wrong:
        return None
    rule = "the self-pay rule" if payer is None else f"{payer.name}'s rule"
    said = "; ".join(
        f"{code} x {billed.get(code, 0)}, not the {_units(signed.get(code, 0))} signed"
        for code in wrong
    )
    return (f"Under {rule} this visit bills {said}: amend the visit so the therapist signs "
            "the units.")  # fmt: skip


def _units(count: int) -> str:
    return f"{count} unit" if count == 1 else f"{count} units"


def _units_by_code(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for code, units in pairs:
        found[code] = found.get(code, 0) + units
    return found


def _printed_or_saved(after: Mapping[str, object] | None) -> bool:
    """A disclosure of the superbill itself (printed, saved as PDF), not a claims export."""
    how = str((after or {}).get("how", ""))
    return how.startswith(("printed", "saved"))


def not_final(items: Iterable[DeskVisit]) -> list[DeskVisit]:
    return [item for item in items if not item.final]


def refusal(items: Sequence[DeskVisit], action: str) -> str | None:
    """Why these visits cannot be `action` ("printed", "billed"), or None when they can."""
    if not items:
        return f"Select at least one visit to be {action}."
    waiting = not_final(items)
    if not waiting:
        return None
    named = "; ".join(f"{item.label}: {item.status_words.lower()}" for item in waiting[:4])
    more = f" and {len(waiting) - 4} more" if len(waiting) > 4 else ""
    return (
        f"{len(waiting)} of the {len(items)} selected visits are not signed yet, so nothing "
        f"was {action}: {named}{more}. A superbill is final only once the therapist signs "
        "the visit; ask them to sign it, or leave it out of the selection."
    )


def require_final(items: Sequence[DeskVisit], action: str) -> None:
    problem = refusal(items, action)
    if problem is not None:
        raise UserError(problem)


def _refused_words(amendment: RefusedAmendment, tz: tzinfo) -> str:
    at = amendment.refused_at.astimezone(tz)
    return (
        f"{amendment.patient}'s visit of {show_date(amendment.visit_date)} was amended on "
        f"{amendment.kept_from} and on {amendment.refused_from} while they were apart: "
        f"{amendment.kept_from}'s amendment is the visit now; {amendment.refused_from}'s "
        f"(sent {at:%m/%d %H:%M}) was refused and kept. Look at both; amend the visit again "
        "if the refused changes are needed."
    )
