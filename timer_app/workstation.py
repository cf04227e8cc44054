"""The treatment-room workstation: the open visits, their timers and the store, wired.

The one place where a timer command meets the database: every command's changes are
written in one transaction before the screen hears of them; if the write fails the timer
takes the command back, so the screen and the file never disagree. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo

from timer_app.billing import (
    Discipline,
    PayerProfile,
    VisitBilling,
)
from timer_app.billing.kx import YearToDate
from timer_app.errors import UserError
from timer_app.session import (
    Change,
    ConcurrentTimingWarning,
    TimerBoard,
    VisitStatus,
    VisitTimer,
)
from timer_app.session.clock import Clock, SystemClock
from timer_app.session.recovery import RecoveredInterval
from timer_app.store import Clinician, Diagnosis, Patient, Payer, Store, Visit
from timer_app.visit_billing import bill_stored_visit, payer_profile, year_to_date

Command = Callable[[VisitTimer], tuple[Change, ...]]


class Workstation:
    """Open visits of this workstation, by visit id, in the order they were opened."""

    def __init__(self, store: Store, clock: Clock, tz: tzinfo) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz
        self.board = TimerBoard()

    @classmethod
    def on_this_computer(cls, store: Store) -> Workstation:
        """The workstation on this computer's clock and time zone: dates are the clinic's."""
        return cls(store, SystemClock(), datetime.now(UTC).astimezone().tzinfo or UTC)

    # --- reading ---------------------------------------------------------------------------

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def timers(self) -> list[VisitTimer]:
        return list(self.board)

    def timer(self, visit_id: int) -> VisitTimer:
        return self.board[visit_id]

    def visit(self, visit_id: int) -> Visit:
        return self.store.visits.get(visit_id)

    def patient_of(self, visit_id: int) -> Patient:
        return self.store.patients.get(self.visit(visit_id).patient_id)

    def clinician(self, clinician_id: int) -> Clinician:
        return self.store.clinicians.get(clinician_id)

    def concurrent_warnings(self) -> tuple[ConcurrentTimingWarning, ...]:
        return self.board.warnings()

    def payer(self, visit: Visit) -> Payer | None:
        return None if visit.payer_id is None else self.store.payers.get(visit.payer_id)

    def profile_for(self, visit: Visit) -> PayerProfile:
        return payer_profile(self.payer(visit))

    def fees_for(self, visit: Visit) -> dict[str, int]:
        payer = self.payer(visit)
        return dict(payer.fees) if payer else {}

    def assistant_ids(self) -> set[int]:
        """Clinicians whose own minutes carry CQ/CO (PTA, COTA)."""
        clinicians = self.store.clinicians.all(include_inactive=True)
        return {c.id for c in clinicians if c.role.is_assistant}

    def billing(self, visit: Visit, chosen: Mapping[str, int] | None = None) -> VisitBilling | None:
        """The visit's billing as stored (ended intervals), or None when nothing was timed."""
        assistants = self.assistant_ids()
        before = self.year_to_date(visit, assistants)
        return bill_stored_visit(visit, self.payer(visit), assistants, chosen, before)

    def year_to_date(self, visit: Visit, assistant_ids: set[int]) -> YearToDate | None:
        """The patient's earlier amounts this year (for KX), from the visits stored here."""
        if not self.profile_for(visit).kx_thresholds_cents:
            return None
        earlier = self.store.visits.find(
            patient_id=visit.patient_id, start=date(visit.date.year, 1, 1), end=visit.date
        )
        payers = {payer.id: payer for payer in self.store.payers.all()}
        return year_to_date(visit, earlier, payers, assistant_ids)

    # --- opening visits --------------------------------------------------------------------

    def restore_open_visits(self) -> list[VisitTimer]:
        """Timers for the visits left open (any day) and today's finished, unsigned ones.

        Older unsigned visits wait in the front desk's "not yet signed" list instead of
        crowding the treatment screen.
        """
        visits = [
            *self.store.visits.find(status=VisitStatus.OPEN),
            *self.store.visits.find(status=VisitStatus.FINISHED, on=self.today()),
        ]
        for visit in sorted(visits, key=lambda v: v.id):
            if visit.id not in {t.visit_id for t in self.board}:
                self.board.add(self._timer(visit))
        return self.timers()

    def open_visit(self, visit_id: int) -> VisitTimer:
        """Put a stored visit on the board (read-only timers for signed visits are not kept)."""
        if visit_id in {t.visit_id for t in self.board}:
            return self.board[visit_id]
        timer = self._timer(self.visit(visit_id))
        self.board.add(timer)
        return timer

    def start_visit(
        self, patient_id: int, clinician_id: int, discipline: Discipline | None = None
    ) -> VisitTimer:
        visit = self.store.visits.create(
            patient_id, clinician_id, self.today(), discipline=discipline
        )
        timer = self._timer(visit)
        self.board.add(timer)
        return timer

    def close(self, visit_id: int) -> None:
        """Take a visit off this workstation's board (it stays in the store)."""
        self.board.remove(visit_id)

    def _timer(self, visit: Visit) -> VisitTimer:
        return VisitTimer(
            visit_id=visit.id,
            clinician_id=visit.clinician_id,
            visit_date=visit.date,
            tz=self.tz,
            profile=self.profile_for(visit),
            discipline=visit.discipline,
            clock=self.clock,
            intervals=visit.intervals,
            status=visit.status,
            fees=self.fees_for(visit),
        )

    # --- commands --------------------------------------------------------------------------

    def run(self, visit_id: int, command: Command) -> tuple[Change, ...]:
        """Run a timer command and store its changes in one transaction.

        A refused command raises UserError and changes nothing. If the file refuses the
        write, the timer takes the command back and the error goes up: nothing half-done.
        """
        timer = self.board[visit_id]
        changes = command(timer)
        try:
            self.store.apply(changes, who=self._who(timer))
        except Exception:
            timer.undo()
            raise
        return changes

    def beat(self) -> None:
        """Record that the program is alive (the caller's timer calls it every few seconds)."""
        if any(timer.running for timer in self.board):
            self.store.beat()

    def sign(
        self,
        visit_id: int,
        *,
        chosen_units: Mapping[str, int] | None,
        pointers: Mapping[str, Sequence[int]],
        signed_by: int | None = None,
    ) -> Visit:
        """Sign a finished visit with the therapist's choices; it becomes read-only.

        `signed_by` defaults to the treating clinician; an assistant's visit is signed by
        the supervising therapist, who is then its rendering clinician on the superbill.
        """
        timer = self.board[visit_id]
        signer = self._signer(timer, signed_by)
        who = self._clinician_words(signer)
        if chosen_units:
            self.billing(self.visit(visit_id), chosen_units)  # refuses an illegal choice
        self.store.visits.set_chosen_units(visit_id, chosen_units, who)
        if pointers:
            self.store.visits.set_diagnosis_pointers(visit_id, pointers, who)
        self.run(visit_id, lambda t: t.sign(signer))
        self.board.remove(visit_id)
        return self.visit(visit_id)

    def supervisors(self, visit_id: int) -> list[Clinician]:
        """Who may sign an assistant's visit: the therapists of its discipline."""
        discipline = self.visit(visit_id).discipline
        return [
            c
            for c in self.store.clinicians.all()
            if not c.role.is_assistant and c.discipline is discipline
        ]

    def _signer(self, timer: VisitTimer, signed_by: int | None) -> int:
        signer = self.store.clinicians.get(timer.clinician_id if signed_by is None else signed_by)
        if signer.role.is_assistant:
            raise UserError(
                f"{signer.name} is an assistant ({signer.role.value}): the supervising "
                f"therapist signs the visit. Choose who supervised it."
            )
        return signer.id

    def set_favourites(self, clinician_id: int, codes: Sequence[str]) -> None:
        clinician = self.store.clinicians.get(clinician_id)
        self.store.clinicians.update(replace(clinician, favourite_codes=tuple(codes)))

    def save_diagnoses(self, visit_id: int, diagnoses: Sequence[Diagnosis]) -> None:
        """The visit's diagnoses (A-L), kept on the patient too for the next visit."""
        visit = self.visit(visit_id)
        if tuple(diagnoses) == visit.diagnoses:
            return
        with self.store.db.atomic():
            self.store.visits.set_diagnoses(
                visit_id, diagnoses, self._clinician_words(visit.clinician_id)
            )
            self.store.patients.set_diagnoses(visit.patient_id, diagnoses)

    def amend(self, visit_id: int, reason: str) -> VisitTimer:
        """A new editable version of a signed visit; the reason goes to the history."""
        if not reason.strip():
            raise UserError("Say why the signed visit is amended; the reason is kept.")
        visit = self.visit(visit_id)
        who = self._clinician_words(visit.clinician_id)
        amended = self.store.amend(visit_id, reason.strip(), who)
        timer = self._timer(amended)
        self.board.add(timer)
        return timer

    # --- after a crash ---------------------------------------------------------------------

    def recovered(self) -> list[RecoveredInterval]:
        return self.store.recovered_intervals()

    def resolve_recovered(self, recovered: RecoveredInterval, keep_running: bool) -> None:
        """End the interval at the last heartbeat, or keep it running; both are logged."""
        visit_id = recovered.interval.visit_id
        self.open_visit(visit_id)
        heartbeat = recovered.last_heartbeat
        if keep_running:
            self.run(visit_id, lambda t: t.keep_running(recovered.interval.id, heartbeat))
        else:
            self.run(visit_id, lambda t: t.end_at_heartbeat(recovered.interval.id, heartbeat))

    # --- words for the audit log -------------------------------------------------------------

    def _who(self, timer: VisitTimer) -> str:
        return self._clinician_words(timer.clinician_id)

    def _clinician_words(self, clinician_id: int) -> str:
        clinician = self.store.clinicians.get(clinician_id)
        return f"{clinician.name}, {clinician.credentials}"
