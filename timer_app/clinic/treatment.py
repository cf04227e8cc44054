"""Treatment: timing a visit in the treatment room, from the first tap to the signature.

Every timer command is decide -> persist -> evolve: the timer works out the changes
without moving, the store writes them at the visit's revision, and only then does the
timer take them. A write the store refuses leaves the timer, the screen and the file as
they were; a visit changed elsewhere meanwhile is read again and said so. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, tzinfo

from timer_app.billing import Catalog, Discipline, PayerProfile, VisitBilling, profile_for_rule
from timer_app.billing.result import WarningKind
from timer_app.clinic.access import AccessControl
from timer_app.clinic.billing import VisitBiller
from timer_app.clinic.catalog import ClinicCodes
from timer_app.clinic.events import Events, VisitEvent
from timer_app.clinic.port import StorePort
from timer_app.clinic.two_rooms import CodeTimedElsewhere, two_room_warnings
from timer_app.errors import ChangedElsewhereError, UserError
from timer_app.records import (
    Clinician,
    DiagnosesSet,
    Diagnosis,
    Patient,
    Payer,
    PointersSet,
    SharedMinutesKept,
    UnitsChosen,
    Visit,
    VisitChange,
    VisitSealed,
    payer_profile,
)
from timer_app.records.diagnoses import DEFAULT_POINTERS, parse_letters
from timer_app.records.model import SignedLine
from timer_app.records.people import Permission
from timer_app.session import (
    ConcurrentTimingWarning,
    Decision,
    Names,
    Reading,
    RecoveredInterval,
    TimerBoard,
    VisitStatus,
    VisitTimer,
    recover,
)
from timer_app.session.clock import Clock

Command = Callable[[VisitTimer], Decision]
# the billing warnings a signature waits on until they are resolved or acknowledged with a
# reason, and how each is resolved
NEEDS_ACTION = {
    WarningKind.CODE_NOT_ACCEPTED: "change the interval's code (Back to timer, double-click it)",
    WarningKind.MISSING_FEE: "add the fee in Clinic set-up, Payers",
    WarningKind.CO_TREATMENT: "pick the code that keeps the shared minutes",
    WarningKind.TOO_MANY_MODIFIERS: "ask the payer which modifier to leave off",
}
SAME_MINUTES = "correct the times (Back to timer, double-click the interval)"


@dataclass(frozen=True, slots=True)
class ReviewWarning:
    """A warning as the review lists it. One that needs action blocks the signature until
    it is resolved or acknowledged with a reason (kept in the audit log)."""

    key: str  # the same warning keeps its key while the review is open
    message: str
    resolve: str = ""  # how to resolve it; "" when it needs no action

    @property
    def needs_action(self) -> bool:
        return bool(self.resolve)


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature checked and ready: what `Treatment.sign` stores in one write."""

    visit_id: int
    signer: Clinician
    diagnoses: tuple[Diagnosis, ...]
    pointers: dict[str, tuple[int, ...]]
    chosen_units: dict[str, int] | None
    shared_minutes_to: tuple[str, ...] = ()  # the codes keeping co-treatment minutes
    workstation: str = ""  # where it was signed
    acknowledged: tuple[tuple[str, str], ...] = ()  # (warning, the signer's reason)


@dataclass(frozen=True, slots=True)
class VisitHeading:
    """Who and for whom, as the treatment screen's header names them (read once a visit)."""

    patient: str
    clinician: str  # "Dana Reyes, PT, DPT"
    payer: str  # "Medicare"; "no payer" when the patient has none


@dataclass(frozen=True, slots=True)
class DayVisit:
    """A visit as the day's list names it."""

    visit: Visit
    patient: str
    clinician: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.code for i in self.visit.intervals))


class Treatment:
    """This workstation's open visits (by visit id, in the order they were opened)."""

    def __init__(
        self,
        store: StorePort,
        codes: ClinicCodes,
        biller: VisitBiller,
        events: Events,
        clock: Clock,
        tz: tzinfo,
        access: AccessControl,
    ) -> None:
        self.access = access
        self.store = store
        self.codes = codes
        self.biller = biller
        self.events = events
        self.clock = clock
        self.tz = tz
        self.board = TimerBoard()
        # codes timed now on the other workstations (`WorkstationLink`; none when alone)
        self.running_elsewhere: Callable[[], Sequence[CodeTimedElsewhere]] = tuple
        # what a stop of the program left running, by interval id, until answered
        self._pending: dict[str, RecoveredInterval] | None = None

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

    def clinicians(self) -> list[Clinician]:
        """Who may treat: the clinic's active clinicians, by name."""
        return self.store.clinicians.all()

    def catalog(self) -> Catalog:
        return self.codes.catalog()

    def favourites(self, timer: VisitTimer) -> tuple[str, ...]:
        return self.codes.favourites(self.clinician(timer.clinician_id), timer.discipline)

    def concurrent_warnings(self) -> tuple[ConcurrentTimingWarning, ...]:
        """On this workstation's board, and, joined to a clinic server, across rooms."""
        elsewhere = self.running_elsewhere()
        if not elsewhere:
            return self.board.warnings(self._names())
        name_of = lambda clinician_id: self.clinician(clinician_id).name  # noqa: E731
        across = two_room_warnings(self.board, elsewhere, name_of, self.tz)
        return (*self.board.warnings(self._names()), *across)

    def live_warnings(self) -> tuple[ConcurrentTimingWarning, ...]:
        """The concurrent-timing warnings that hold now (both codes still run): the screen
        shows these; once the overlap ends, the review lists the shared minutes."""
        return tuple(w for w in self.concurrent_warnings() if w.ongoing)

    def heading(self, visit_id: int) -> VisitHeading:
        visit = self.visit(visit_id)
        payer = None if visit.payer_id is None else self.store.payers.get(visit.payer_id)
        return VisitHeading(
            self.store.patients.get(visit.patient_id).name,
            _words(self.clinician(visit.clinician_id)),
            payer.name if payer else "no payer",
        )

    def running_beside(self, visit_id: int) -> tuple[str, ...]:
        """What runs outside this visit, in words: "97110 runs in the visit of Chen, Tom",
        "97140 runs on Room 2" (another workstation, joined to a clinic server)."""
        found = [
            f"{' and '.join(dict.fromkeys(i.code for i in timer.running))} "
            f"{'run' if len({i.code for i in timer.running}) > 1 else 'runs'} in the visit of "
            f"{self.patient_of(timer.visit_id).name}"
            for timer in self.board
            if timer.visit_id != visit_id and timer.running
        ]
        found += [f"{e.code} runs on {e.workstation}" for e in self.running_elsewhere()]
        return tuple(found)

    def pause_or_resume(self, visit_id: int) -> Decision:
        """Space: resume what was paused, else pause what runs. Nothing running here is said
        with what runs beside it, never a bare "nothing is running" while a code runs."""
        timer = self.board[visit_id]
        if not timer.running and timer.paused:
            return self.run(visit_id, lambda t: t.resume())
        if not timer.running and timer.status is VisitStatus.OPEN:
            beside = self.running_beside(visit_id)
            if beside:
                raise UserError(
                    f"Nothing runs in this visit, so there is nothing to pause; "
                    f"{'; '.join(beside)}."
                )
        return self.run(visit_id, lambda t: t.pause_all())

    def _names(self) -> Names:
        return Names(
            clinician=lambda clinician_id: self.clinician(clinician_id).name,
            patient=lambda visit_id: self.patient_of(visit_id).name,
        )

    def review_warnings(
        self, visit_id: int, billing: VisitBilling | None, shared_to: Sequence[str] = ()
    ) -> tuple[ReviewWarning, ...]:
        """Every warning of the visit for the review: the biller's, and one clinician's
        one-on-one minutes shared with another patient's visit of that day (read from the
        store: the other visit may be signed already). Co-treatment is resolved by picking
        the code that keeps the minutes."""
        found = []
        for warning in billing.warnings if billing else ():
            resolve = NEEDS_ACTION.get(warning.kind, "")
            if warning.kind is WarningKind.CO_TREATMENT and shared_to:
                resolve = ""
            key = f"{warning.kind.value}:{','.join(warning.codes)}"
            found.append(ReviewWarning(key, warning.message, resolve))
        for same in self._same_minutes(self.visit(visit_id)):
            key = f"same_minutes:{same.visit_ids}:{same.codes}:{same.start.isoformat()}"
            found.append(ReviewWarning(key, same.message, SAME_MINUTES))
        return tuple(found)

    def _same_minutes(self, visit: Visit) -> list[ConcurrentTimingWarning]:
        """The day's visits (on the board or stored) whose one-on-one minutes overlap."""
        board, here = TimerBoard(), {t.visit_id: t for t in self.board}
        for other in self.store.visits.find(on=visit.date):
            if other.intervals:
                board.add(here.get(other.id) or self._timer(other))
        return [
            w for w in board.warnings(self._names())
            if visit.id in w.visit_ids and w.visit_ids[0] != w.visit_ids[1]
        ]  # fmt: skip

    def same_day_visits(self, patient_id: int) -> list[DayVisit]:
        """The patient's visits today: a second one is usually a mistake."""
        return [v for v in self.day_visits(self.today()) if v.visit.patient_id == patient_id]

    def billing(
        self,
        visit: Visit,
        chosen: Mapping[str, int] | None = None,
        shared_to: Sequence[str] | None = None,
    ) -> VisitBilling | None:
        """The visit's billing as stored (ended intervals), or None when nothing was timed;
        `chosen` and `shared_to` are the review's picks (tie units; codes keeping shared
        co-treatment minutes)."""
        return self.biller.bill(visit, chosen, shared_to=shared_to)

    def team(self, visit_id: int) -> list[Clinician]:
        """Who may time codes on the visit: its clinician first, then the clinic's other
        active clinicians of its discipline (an assistant taking over part of a therapist's
        visit, or a therapist stepping in: CQ/CO and co-treatment follow whose minutes)."""
        visit = self.visit(visit_id)
        own = self.clinician(visit.clinician_id)
        others = [
            c for c in self.clinicians()
            if c.id != own.id and c.role.discipline is visit.discipline
        ]  # fmt: skip
        return [own, *others]

    def supervisors(self, visit_id: int) -> list[Clinician]:
        """Who may sign an assistant's visit: the therapists of its discipline. A therapist's
        own visit has none to choose from: the therapist signs it."""
        visit = self.visit(visit_id)
        if not self.clinician(visit.clinician_id).role.is_assistant:
            return []
        return [
            c
            for c in self.clinicians()
            if not c.role.is_assistant and c.discipline is visit.discipline
        ]

    def day_visits(self, day: date) -> list[DayVisit]:
        """Every visit of a day, by its first start, with its patient and clinician."""
        return [
            DayVisit(visit, self.store.patients.get(visit.patient_id).name,
                     self.clinician(visit.clinician_id).name)
            for visit in self.store.visits.find(on=day)
        ]  # fmt: skip

    # --- opening visits --------------------------------------------------------------------

    def restore_open_visits(self) -> list[VisitTimer]:
        """Timers for the visits left open (any day) and today's finished, unsigned ones.

        Older unsigned visits wait in the front desk's "not yet signed" list instead of
        crowding the treatment screen.
        """
        self.recovered()  # before any timer: what a crash left running stays frozen
        visits = [
            *self.store.visits.find(status=VisitStatus.OPEN),
            *self.store.visits.find(status=VisitStatus.FINISHED, on=self.today()),
        ]
        for visit in sorted(visits, key=lambda v: v.id):
            if visit.id not in self._open_ids():
                self.board.add(self._timer(visit))
        return self.timers()

    def open_visit(self, visit_id: int) -> VisitTimer:
        """Put a stored visit on the board (signed visits never are: they are read-only)."""
        if visit_id in self._open_ids():
            return self.board[visit_id]
        visit = self.visit(visit_id)
        if visit.status.locked:
            raise UserError(
                f"visit {visit_id} is {visit.status.value}; open it read-only, or amend it"
            )
        timer = self._timer(visit)
        self.board.add(timer)
        self.events.visit(visit_id, VisitEvent.OPENED)
        return timer

    def start_visit(
        self, patient_id: int, clinician_id: int, discipline: Discipline | None = None
    ) -> VisitTimer:
        self.access.require(Permission.TIME)
        with self.store.atomic():
            visit = self.store.visits.create(
                patient_id, clinician_id, self.today(), discipline=discipline
            )
            self.store.audit.record(
                _words(self.clinician(clinician_id)), "visit started", visit_id=visit.id,
                after={"clinician_id": clinician_id, "date": visit.date.isoformat()},
            )  # fmt: skip
        timer = self._timer(visit)
        self.board.add(timer)
        self.events.visit(visit.id, VisitEvent.OPENED)
        return timer

    def discard(self, visit_id: int, reason: str) -> None:
        """A visit started by mistake (nothing timed), removed with a reason kept in the
        audit log; a visit with timed codes, a signed one or a blank reason is refused."""
        self.access.require(Permission.TIME)
        if not reason.strip():
            raise UserError("Say why the visit is discarded; the reason is kept in the audit log.")
        visit = self.visit(visit_id)
        who = _words(self.clinician(visit.clinician_id))
        self.store.discard(visit_id, visit.revision, reason, who)
        if visit_id in self._open_ids():
            self.board.remove(visit_id)
        self.events.visit(visit_id, VisitEvent.RELOADED)  # read again: it is gone

    def close(self, visit_id: int) -> None:
        """Take a visit off this workstation's board (it stays in the store)."""
        self.board.remove(visit_id)

    def use_catalog(self) -> None:
        """The clinic's codes changed: every open timer reads them anew."""
        catalog = self.catalog()
        for timer in self.board:
            timer.use_catalog(catalog)

    def _open_ids(self) -> set[int]:
        return {t.visit_id for t in self.board}

    def _timer(self, visit: Visit) -> VisitTimer:
        payer = None if visit.payer_id is None else self.store.payers.get(visit.payer_id)
        return VisitTimer(
            visit_id=visit.id,
            clinician_id=visit.clinician_id,
            visit_date=visit.date,
            tz=self.tz,
            profile=_timing_profile(payer),
            discipline=visit.discipline,
            clock=self.clock,
            catalog=self.catalog(),
            intervals=visit.intervals,
            status=visit.status,
            fees=dict(payer.fees) if payer else {},
            revision=visit.revision,
            held={key: found.seen_ms for key, found in (self._pending or {}).items()},
        )

    # --- commands --------------------------------------------------------------------------

    def run(self, visit_id: int, command: Command) -> Decision:
        """Decide, store, then move the timer. A refusal (UserError) changes nothing."""
        self.access.require(Permission.TIME)
        timer = self.board[visit_id]
        decision = command(timer)
        visit = self._write(timer, decision.changes)
        timer.evolve(decision, visit.revision)
        self.events.visit(visit_id, VisitEvent.TIMED)
        return decision

    def recode(
        self, visit_id: int, interval_ids: Sequence[str], code: str, reason: str
    ) -> Decision:
        """Several intervals of a visit given another code in one write and one undo step;
        the history keeps a change with the reason for each."""
        return self.run(visit_id, lambda timer: timer.recode(interval_ids, code, reason=reason))

    def beat(self) -> None:
        """Record that the program is alive and how long it has seen each running interval
        (the caller's timer calls it every few seconds)."""
        held = {key: found.seen_ms for key, found in (self._pending or {}).items()}
        seen = {
            interval.id: timer.elapsed_ms(interval)
            for timer in self.board
            for interval in timer.running
            if interval.id not in held
        }
        if seen or held:
            self.store.beat(seen, held)

    def check_signature(
        self,
        visit_id: int,
        *,
        diagnoses: Sequence[Diagnosis],
        pointer_letters: Mapping[str, str],
        chosen_units: Mapping[str, int] | None,
        signed_by: int | None = None,
        shared_minutes_to: Sequence[str] = (),
        pin: str | None = None,
        acknowledged: Mapping[str, str] | None = None,
    ) -> Signature:
        """Everything a signature needs, checked before the therapist is asked to sign.

        Pointers are typed letters per code ("A", "AB", "A,B"); a blank one points to the
        first diagnosis. `signed_by` defaults to the treating clinician; an assistant's
        visit is signed by the supervising therapist, the rendering clinician. `pin` is the
        signer's own: a signature is the signer's, whoever is signed in at the workstation.
        """
        signature = self.precheck_signature(
            visit_id, diagnoses=diagnoses, pointer_letters=pointer_letters,
            chosen_units=chosen_units, signed_by=signed_by, shared_minutes_to=shared_minutes_to,
            acknowledged=acknowledged,
        )  # fmt: skip
        self._check_signer_pin(signature.signer, pin)
        return signature

    def precheck_signature(
        self,
        visit_id: int,
        *,
        diagnoses: Sequence[Diagnosis],
        pointer_letters: Mapping[str, str],
        chosen_units: Mapping[str, int] | None,
        signed_by: int | None = None,
        shared_minutes_to: Sequence[str] = (),
        acknowledged: Mapping[str, str] | None = None,
    ) -> Signature:
        """All of `check_signature` but the PIN: the review says what is missing before it
        asks for one. What it returns is not yet a signature: only check_signature's is.

        `acknowledged`: a reason per warning key (`review_warnings`), for the warnings that
        need action and were not resolved."""
        self.access.require(Permission.TIME)
        timer = self.board[visit_id]
        if not timer.intervals:
            raise UserError(
                "Nothing was timed in this visit, so there is nothing to sign. If it was "
                "started by mistake, discard it (a reason is kept)."
            )
        if not diagnoses:
            raise UserError(
                "Add at least one diagnosis (ICD-10-CM) before signing: the claim needs one."
            )
        pointers = {
            code: parse_letters(text, code, len(diagnoses)) or DEFAULT_POINTERS
            for code, text in pointer_letters.items()
        }
        kept = self._shared_choice(visit_id, shared_minutes_to)
        # refuses an illegal tie choice
        billing = self.billing(self.visit(visit_id), chosen_units, kept)
        signer = self._signer(timer, signed_by)
        notes = self._acknowledgements(visit_id, billing, kept, acknowledged or {})
        units = dict(chosen_units) if chosen_units else None
        return Signature(
            visit_id, signer, tuple(diagnoses), pointers, units, kept, self.access.workstation,
            notes,
        )  # fmt: skip

    def _acknowledgements(
        self, visit_id: int, billing: VisitBilling | None, kept: Sequence[str],
        reasons: Mapping[str, str],
    ) -> tuple[tuple[str, str], ...]:  # fmt: skip
        """(warning, reason) for each warning that needs action; one left without a reason
        refuses the signature, saying how to resolve it."""
        notes = []
        for warning in self.review_warnings(visit_id, billing, kept):
            if not warning.needs_action:
                continue
            reason = reasons.get(warning.key, "").strip()
            if not reason:
                raise UserError(
                    f"Before signing, resolve this warning ({warning.resolve}) or acknowledge "
                    f"it with a reason: {warning.message}"
                )
            notes.append((warning.message, reason))
        return tuple(notes)

    def _check_signer_pin(self, signer: Clinician, pin: str | None) -> None:
        """The signer's PIN, checked. In the window every signer has a user; a command or
        a test on a file without users signs without one."""
        user = self.access.user_of(signer.id)
        if user is None:
            if self.access.people:
                raise UserError(
                    f"{signer.name} has no user yet, so cannot sign: the owner adds one in "
                    "Clinic set-up, Users."
                )
            return
        if not user.may(Permission.SIGN):
            raise UserError(f"{user.name} is {user.access.words}: a therapist signs the visit.")
        if pin is None:
            raise UserError(f"Type {signer.name}'s PIN to sign: a signature is theirs alone.")
        self.access.confirm_pin(user.id, pin)

    def _shared_choice(self, visit_id: int, codes: Sequence[str]) -> tuple[str, ...]:
        """The codes chosen to keep co-treatment minutes, each one that shared them."""
        if not codes:
            return ()
        billing = self.billing(self.visit(visit_id), shared_to=())
        shared = billing.shared_codes if billing is not None else ()
        strange = [code for code in codes if code not in shared]
        if strange:
            raise UserError(
                f"{', '.join(strange)} shared no minutes with another clinician's code, so it "
                "cannot keep them; pick one of the codes the co-treatment warning names."
            )
        return tuple(codes)

    def sign(self, signature: Signature) -> Visit:
        """Sign in one write: diagnoses, pointers, tie choice and signature, or nothing.

        The visit's diagnoses are kept on the patient too, for the next visit.
        """
        timer = self.board[signature.visit_id]
        decision = timer.sign(signature.signer.id)
        extra: list[VisitChange] = [
            DiagnosesSet(signature.diagnoses),
            PointersSet(signature.pointers),
            UnitsChosen(signature.chosen_units),
            SharedMinutesKept(signature.shared_minutes_to),
            VisitSealed(signature.workstation, self._signed_lines(signature)),
        ]
        who = _words(signature.signer)
        with self.store.atomic():
            visit = self._write(timer, (*extra, *decision.changes), who)
            self.store.patients.set_diagnoses(visit.patient_id, signature.diagnoses)
            for warning, reason in signature.acknowledged:
                self.store.audit.record(
                    who, "warning acknowledged", visit_id=visit.id,
                    patient_id=visit.patient_id, after={"warning": warning}, reason=reason,
                )  # fmt: skip
        timer.evolve(decision, visit.revision)
        self.board.remove(signature.visit_id)
        self.events.visit(signature.visit_id, VisitEvent.SIGNED)
        return visit

    def _signed_lines(self, signature: Signature) -> tuple[SignedLine, ...]:
        """The claim lines as the signer saw them in the review."""
        visit = replace(
            self.visit(signature.visit_id), diagnoses=signature.diagnoses,
            shared_minutes_to=signature.shared_minutes_to,
        )  # fmt: skip
        billing = self.billing(visit, signature.chosen_units, signature.shared_minutes_to)
        if billing is None:
            return ()
        return tuple((line.code, line.modifiers, line.units, line.minutes)
                     for line in billing.lines)  # fmt: skip

    def set_favourites(self, clinician_id: int, codes: Sequence[str]) -> None:
        self.access.require(Permission.TIME)
        clinician = self.clinician(clinician_id)
        with self.store.atomic():
            self.store.clinicians.update(replace(clinician, favourite_codes=tuple(codes)))

    def amend(self, visit_id: int, reason: str) -> VisitTimer:
        """A new editable version of a signed visit; the reason goes to the history."""
        self.access.require(Permission.SIGN)
        if not reason.strip():
            raise UserError("Say why the signed visit is amended; the reason is kept.")
        visit = self.visit(visit_id)
        who = _words(self.clinician(visit.clinician_id))
        amended = self.store.amend(visit_id, visit.revision, reason.strip(), who)
        timer = self._timer(amended)
        self.board.add(timer)
        self.events.visit(amended.id, VisitEvent.AMENDED)
        return timer

    # --- after a crash ---------------------------------------------------------------------

    def recovered(self) -> list[RecoveredInterval]:
        """Intervals a stop of the program left running and not yet answered, each with
        the time the program saw and the gap since, measured. Found once per run (before
        anything is timed); an answer takes one off, an unanswered one stays, frozen at
        the time seen: nothing past it is billed until the therapist answers."""
        if self._pending is None:
            sign, now = self.store.last_sign(), self._reading()
            found = [recover(i, sign, now) for i in self.store.running_intervals()]
            self._pending = {item.interval.id: item for item in found}
        return list(self._pending.values())

    def resolve_recovered(self, recovered: RecoveredInterval, keep_running: bool) -> None:
        """End it when the program was last seen, or keep it running (the measured gap
        billed); both go to the history."""
        visit_id = recovered.interval.visit_id
        self.open_visit(visit_id)
        if keep_running:
            self.run(visit_id, lambda t: t.keep_running(recovered))
        else:
            self.run(visit_id, lambda t: t.end_at_heartbeat(recovered))
        if self._pending is not None:
            self._pending.pop(recovered.interval.id, None)

    def _reading(self) -> Reading:
        return Reading(self.clock.now(), int(self.clock.monotonic() * 1000), self.clock.boot())

    # --- inner workings --------------------------------------------------------------------

    def _write(
        self, timer: VisitTimer, changes: Sequence[VisitChange], who: str | None = None
    ) -> Visit:
        """Store the changes at the timer's revision; a stale timer is read again."""
        words = who or _words(self.clinician(timer.clinician_id))
        try:
            return self.store.write_visit(timer.visit_id, timer.revision, changes, words)
        except ChangedElsewhereError:
            self._reload(timer.visit_id)
            raise

    def _reload(self, visit_id: int) -> None:
        """Read a visit changed elsewhere again; a signed or amended one leaves the board."""
        self.board.remove(visit_id)
        visit = self.visit(visit_id)
        listed = self.store.visits.find(patient_id=visit.patient_id, on=visit.date)
        current = visit_id in {v.id for v in listed}  # not replaced by an amendment
        if current and not visit.status.locked:
            self.board.add(self._timer(visit))
        self.events.visit(visit_id, VisitEvent.RELOADED)

    def _signer(self, timer: VisitTimer, signed_by: int | None) -> Clinician:
        signer = self.clinician(timer.clinician_id if signed_by is None else signed_by)
        if signer.role.is_assistant:
            raise UserError(
                f"{signer.name} is an assistant ({signer.role.value}): the supervising "
                f"therapist signs the visit. Choose who supervised it."
            )
        return signer


def _timing_profile(payer: Payer | None) -> PayerProfile:
    """The tiles' profile. Timing never waits on billing: a payer whose profile cannot be
    read (a newer program's file) is timed under the CMS rule; the review and the front
    desk say what is wrong before anything is billed."""
    try:
        return payer_profile(payer)
    except UserError:
        return profile_for_rule("cms")


def _words(clinician: Clinician) -> str:
    """How the audit log names a clinician."""
    return f"{clinician.name}, {clinician.credentials}"
