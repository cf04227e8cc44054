"""The rules of a write to a visit, the same for every store: checked, applied, audited.

`plan_write` takes the visit as stored and a batch of changes, refuses what may not be
done (a stale revision, a locked or amended visit, an impossible move), and returns the
visit as it will be stored with the audit notes that say what changed. A store only
persists the plan, so the SQLite file, the clinic server and the test store cannot
disagree about what a signed visit or a stale screen may do.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from timer_app.errors import ChangedElsewhereError, UserError
from timer_app.records.chain import visit_digest
from timer_app.records.changes import (
    BillingPayerSet,
    DiagnosesSet,
    PointersSet,
    SharedMinutesKept,
    UnitsChosen,
    VisitChange,
    VisitDetailsSet,
    VisitSealed,
)
from timer_app.records.diagnoses import check_diagnoses, check_pointers, letters
from timer_app.records.model import PLACES_OF_SERVICE, TELEHEALTH_PLACES, Diagnosis, Visit
from timer_app.session.errors import refuse_if_locked
from timer_app.session.model import (
    Change,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalRecovered,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
    apply_change,
)

# the status moves a write may make; any other is refused
MOVES = {
    (VisitStatus.OPEN, VisitStatus.FINISHED),
    (VisitStatus.FINISHED, VisitStatus.OPEN),
    (VisitStatus.FINISHED, VisitStatus.SIGNED),
    (VisitStatus.SIGNED, VisitStatus.BILLED),
    (VisitStatus.BILLED, VisitStatus.SIGNED),  # the front desk's Undo of "Mark billed"
}


@dataclass(frozen=True, slots=True)
class AuditNote:
    """One line of the audit log, before the store stamps it with who and when."""

    what: str
    before: dict[str, Any] | None = field(default=None, hash=False)
    after: dict[str, Any] | None = field(default=None, hash=False)
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PlannedWrite:
    visit: Visit  # as it will be stored, its revision moved on
    notes: tuple[AuditNote, ...]


def plan_write(
    visit: Visit, revision: int, changes: Sequence[VisitChange], *, current: bool
) -> PlannedWrite:
    """What storing `changes` makes of `visit`, or the refusal that keeps it as it is.

    `revision` is the one the changes were decided on; `current` says no amendment has
    replaced the visit.
    """
    require_fresh(visit, revision, current=current)
    if not changes:
        return PlannedWrite(visit, ())
    work = _Work(visit)
    for change in changes:
        work.apply(change)
    return PlannedWrite(work.result(), tuple(work.notes))


def plan_amend(visit: Visit, revision: int, reason: str, *, current: bool) -> AuditNote:
    """The note of an amendment, once it is allowed: signed, current, with a reason."""
    if not reason.strip():
        raise UserError("an amendment needs a reason; say what is being corrected and why")
    if not visit.status.locked:
        raise UserError(f"visit {visit.id} is not signed yet; change it directly")
    require_fresh(visit, revision, current=current)
    return AuditNote(
        "visit amended",
        before={"visit_id": visit.id, "version": visit.version},
        after={"version": visit.version + 1},
        reason=reason.strip(),
    )


def plan_discard(visit: Visit, revision: int, reason: str, *, current: bool) -> AuditNote:
    """The note of a discarded visit, once it is allowed: one started by mistake (nothing
    timed, not signed, not an amendment), current, with a reason. Only its row goes; the
    audit log keeps that it existed and why it went."""
    if not reason.strip():
        raise UserError("Say why the visit is discarded; the reason is kept in the audit log.")
    refuse_if_locked(visit.id, visit.status)
    if visit.intervals:
        raise UserError(
            f"visit {visit.id} has timed codes, so it cannot be discarded: end it and sign it, "
            "or remove its intervals first"
        )
    if visit.amends_id is not None:
        raise UserError(f"visit {visit.id} amends a signed visit; sign it instead")
    require_fresh(visit, revision, current=current)
    return AuditNote(
        "visit discarded",
        before={"visit_id": visit.id, "patient_id": visit.patient_id,
                "date": visit.date.isoformat(), "status": visit.status.value},
        reason=reason.strip(),
    )  # fmt: skip


def amended_copy(visit: Visit, new_id: int) -> Visit:
    """The new, editable version of a signed visit: its own id, copies of its intervals.
    A payer the front desk chose for billing becomes the amendment's own payer, sealed
    when it is signed again."""
    return replace(
        visit,
        id=new_id,
        payer_id=amended_payer(visit),
        billing_payer_id=None,
        status=VisitStatus.FINISHED,
        signed_by=None,
        signed_at=None,
        signed_digest=None,
        signed_workstation="",
        signed_lines=(),
        version=visit.version + 1,
        amends_id=visit.id,
        revision=0,
        intervals=tuple(replace(i, id=uuid.uuid4().hex, visit_id=new_id) for i in visit.intervals),
    )


def amended_payer(visit: Visit) -> int | None:
    """The payer of a signed visit's amendment: the desk's payer for billing, if it chose
    one, else the visit's own."""
    return visit.payer_id if visit.billing_payer_id is None else visit.billing_payer_id


def require_fresh(visit: Visit, revision: int, *, current: bool) -> None:
    if not current:
        raise UserError(f"visit {visit.id} has been amended; change its latest version instead")
    if revision != visit.revision:
        raise ChangedElsewhereError(visit.id)


class _Work:
    """The visit being changed, one change at a time."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.intervals = {i.id: i for i in visit.intervals}
        self.notes: list[AuditNote] = []
        self.fields: dict[str, Any] = {}

    @property
    def status(self) -> VisitStatus:
        status = self.fields.get("status", self.visit.status)
        assert isinstance(status, VisitStatus)
        return status

    def apply(self, change: VisitChange) -> None:
        match change:
            case VisitStatusChanged():
                self._status(change)
            case DiagnosesSet(diagnoses):
                self._unlocked()
                check_diagnoses(diagnoses)
                self._note_diagnoses(self.visit.diagnoses, diagnoses)
                self.fields["diagnoses"] = tuple(diagnoses)
            case PointersSet(pointers):
                self._unlocked()
                diagnoses = self.fields.get("diagnoses", self.visit.diagnoses)
                check_pointers(pointers, len(diagnoses))
                shown = {code: letters(slots) for code, slots in sorted(pointers.items())}
                self.notes.append(AuditNote("diagnosis pointers", after={"pointers": shown}))
                self.fields["diagnosis_pointers"] = {c: tuple(s) for c, s in pointers.items()}
            case UnitsChosen(units):
                self._unlocked()
                self.notes.append(AuditNote("chosen units", after={"chosen_units": units}))
                self.fields["chosen_units"] = None if units is None else dict(units)
            case VisitSealed(workstation, lines):
                self._unlocked()
                self.fields["signed_workstation"] = workstation
                self.fields["signed_lines"] = tuple(lines)
            case VisitDetailsSet():
                self._unlocked()
                self._details(change)
            case BillingPayerSet():
                self._billing_payer(change)
            case SharedMinutesKept(codes):
                self._unlocked()
                note = AuditNote("shared minutes kept by", after={"codes": list(codes)})
                self.notes.append(note)
                self.fields["shared_minutes_to"] = tuple(codes)
            case _:
                self._interval(change)

    def result(self) -> Visit:
        intervals = sorted(self.intervals.values(), key=_start_order)
        done = replace(
            self.visit,
            **self.fields,
            intervals=tuple(intervals),
            revision=self.visit.revision + 1,
        )
        if "signed_at" not in self.fields:
            return done
        return replace(done, signed_digest=visit_digest(done))  # what was signed, sealed

    def _unlocked(self) -> None:
        refuse_if_locked(self.visit.id, self.status)

    def _details(self, change: VisitDetailsSet) -> None:
        place = change.place_of_service.strip()
        if place not in PLACES_OF_SERVICE:
            known = ", ".join(f"{code} ({words})" for code, words in PLACES_OF_SERVICE.items())
            raise UserError(f"place of service {place!r} is not one the program knows: "
                            f"choose {known}")  # fmt: skip
        if change.audio_only and place not in TELEHEALTH_PLACES:
            raise UserError("audio only is for telehealth: choose place of service 02 or 10, "
                            "or untick audio only")  # fmt: skip
        names = ("episode_id", "place_of_service", "audio_only", "progress_report")
        after = (change.episode_id, place, change.audio_only, change.progress_report)
        before = {name: getattr(self.visit, name) for name in names}
        if tuple(before.values()) == after:
            return
        self.notes.append(AuditNote("visit details", before=before,
                                    after=dict(zip(names, after, strict=True))))  # fmt: skip
        self.fields.update(zip(names, after, strict=True))

    def _billing_payer(self, change: BillingPayerSet) -> None:
        """The desk's payer for a signed visit's bills: only while it is signed and not
        billed (billed: undo Mark billed first); the visit's own payer means none."""
        if self.status is VisitStatus.BILLED:
            raise UserError(f"visit {self.visit.id} is billed already: undo Mark billed "
                            "first, then change its payer")  # fmt: skip
        if self.status is not VisitStatus.SIGNED:
            raise UserError(f"visit {self.visit.id} is not signed yet: it bills under the "
                            "payer it is timed with until the therapist signs it")  # fmt: skip
        wanted = None if change.payer_id == self.visit.payer_id else change.payer_id
        was = self.fields.get("billing_payer_id", self.visit.billing_payer_id)
        if wanted == was:
            return
        self.notes.append(AuditNote(
            "billing payer",
            before={"billing_payer_id": was, "payer": change.was_name},
            after={"billing_payer_id": wanted, "payer": change.payer_name},
        ))  # fmt: skip
        self.fields["billing_payer_id"] = wanted

    def _note_diagnoses(self, before: Sequence[Diagnosis], after: Sequence[Diagnosis]) -> None:
        codes_before, codes_after = [d.code for d in before], [d.code for d in after]
        self.notes.append(
            AuditNote("diagnoses", before={"codes": codes_before}, after={"codes": codes_after})
        )

    def _status(self, change: VisitStatusChanged) -> None:
        if change.visit_id != self.visit.id:
            raise UserError(f"a change for visit {change.visit_id} reached visit {self.visit.id}")
        move = (self.status, VisitStatus(change.status))
        if move[0] is move[1]:
            return
        if move not in MOVES:
            refuse_if_locked(self.visit.id, self.status)
            raise UserError(
                f"visit {self.visit.id} cannot go from {move[0].value} to {move[1].value}; "
                "end it before signing, and bill it only once signed"
            )
        after: dict[str, Any] = {"status": move[1].value}
        self.fields["status"] = move[1]
        signing = move == (VisitStatus.FINISHED, VisitStatus.SIGNED)  # not a billing undone
        if signing:
            after |= self._signature(change)
        what = "visit signed" if signing else "visit status"
        self.notes.append(AuditNote(what, before={"status": move[0].value}, after=after))

    def _signature(self, change: VisitStatusChanged) -> dict[str, Any]:
        if change.by is None or change.at is None:
            raise ValueError("a signature needs the clinician who signs and when")
        if any(i.running for i in self.intervals.values()):
            raise UserError(
                f"visit {self.visit.id} has a code still running; stop it before signing"
            )
        self.fields["signed_by"], self.fields["signed_at"] = change.by, change.at
        return {"signed_by": change.by, "signed_at": change.at.isoformat()}

    def _interval(self, change: Change) -> None:
        self._unlocked()
        interval = _subject(change)
        if interval.visit_id != self.visit.id:
            raise UserError(
                f"interval {interval.id} belongs to visit {interval.visit_id}, not to visit "
                f"{self.visit.id}; stop it and start it there"
            )
        if isinstance(change, IntervalStarted):
            if interval.id in self.intervals:
                raise UserError(f"interval {interval.id} is already stored; reload the visit")
        elif interval.id not in self.intervals:
            raise UserError(f"no interval {interval.id} in the store; reload the visit")
        if isinstance(change, IntervalEnded) and interval.end is None:
            raise ValueError("an ended interval must carry its end")
        if isinstance(change, IntervalReopened):
            change = IntervalReopened(replace(interval, end=None, duration_ms=0))
        self._audit_interval(change)
        apply_change(self.intervals, change)

    def _audit_interval(self, change: Change) -> None:
        match change:
            case IntervalStarted(interval):
                self.notes.append(AuditNote("interval started", after=_plain(interval)))
                return
            case IntervalEnded(interval):
                ended = {**_ending(interval), "code": interval.code,
                         "duration_ms": interval.duration_ms}  # fmt: skip
                self.notes.append(AuditNote("interval ended", after=ended))
                return
            case IntervalRemoved(interval):
                self.notes.append(AuditNote("interval removed", before=_plain(interval)))
                return
            case IntervalReopened(interval):
                self.notes.append(AuditNote("interval reopened", after=_plain(interval)))
                return
        if isinstance(change, IntervalEdited):
            if not change.reason.strip():
                raise UserError("an edit needs a reason; say what was wrong")
            self.notes.append(
                AuditNote(
                    "interval edited", _plain(change.before), _plain(change.after), change.reason
                )
            )
        elif isinstance(change, IntervalRecovered):
            before, after = _ending(change.before), _ending(change.after)
            self.notes.append(AuditNote("interval recovered", before, after, change.reason))


def _subject(change: Change) -> Interval:
    """The interval a change is about (after it, for an edit)."""
    match change:
        case IntervalEdited(before, after, _) | IntervalRecovered(before, after, _):
            if (before.id, before.visit_id) != (after.id, after.visit_id):
                raise UserError("an interval cannot move to another visit; stop and start it there")
            return after
        case IntervalStarted(interval) | IntervalEnded(interval) | IntervalReopened(interval):
            return interval
        case IntervalRemoved(interval):
            return interval
    raise TypeError(f"not an interval change: {change!r}")


def _start_order(interval: Interval) -> tuple[datetime, bool, datetime]:
    """As every store lists them: by start, then by end (running last)."""
    return (interval.start, interval.end is None, interval.end or interval.start)


def _plain(interval: Interval) -> dict[str, Any]:
    return {k: _text(v) for k, v in asdict(interval).items() if k != "visit_id"}


def _ending(interval: Interval) -> dict[str, Any]:
    return {"id": interval.id, "end": _text(interval.end)}


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
