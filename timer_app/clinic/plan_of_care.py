"""Plans of care: episodes and authorizations kept, and what is due, said in words.

    plans = clinic.plan_of_care
    plans.save_episode(Episode(NEW, patient.id, Discipline.PT, certified, ends, ...))
    plans.reminders(visit_id)                     # the treatment screen, as a visit starts
    plans.reminders(patient_id=7, discipline=Discipline.PT, on=day)   # the front desk
    plans.due_list(day)                           # everyone whose plan needs something
    plans.authorization_uses(visit_id)            # the superbill: used and left

The counting rules are `timer_app.billing.plan_of_care`; the numbers (a progress report
every 10 treatment days, a certification of at most 90 days) come from the profile of the
patient's payer. Episodes and authorizations are master data, kept like patients: the
front desk and the owner add and change them, therapists read them; a workstation joined
to the clinic server may add one (it goes up later) but changes none. Every change is
audited with before and after.

What counts as a treatment day of an episode: a finished, signed or billed visit of the
patient in the episode's discipline that belongs to it (its `episode_id`, or no episode and
a date inside the episode), and the day asked about. A visit marked as the progress report,
or one whose codes include an evaluation or re-evaluation, starts the count again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from timer_app.billing import Discipline
from timer_app.billing.identifiers import normalize_npi
from timer_app.billing.plan_of_care import (
    AuthorizationUse,
    Reminder,
    Urgency,
    authorization_problem,
    certification_problem,
    daily_cap_warning,
    day_words,
    progress_reminder,
    recertification_reminder,
    resets_progress_count,
    treatment_day_number,
)
from timer_app.billing.profiles import PayerProfile
from timer_app.clinic import checks
from timer_app.clinic.access import AccessControl
from timer_app.clinic.catalog import ClinicCodes
from timer_app.clinic.events import Events, Records, VisitEvent
from timer_app.clinic.master_data import refuse_when_joined
from timer_app.clinic.port import StorePort
from timer_app.clinic.treatment import Treatment
from timer_app.dates import current_style, parse_typed_date, show_date
from timer_app.errors import UserError
from timer_app.records import Visit, VisitDetailsSet, payer_profile
from timer_app.records.diagnoses import check_diagnoses
from timer_app.records.people import Permission
from timer_app.records.plan_of_care import NO_ID, Authorization, Episode, open_episode
from timer_app.records.summary import billed_to
from timer_app.session.model import VisitStatus

NEW = NO_ID  # the id of an episode or authorization not saved yet
FREQUENCY_LIMIT = 30
REFERENCE_LIMIT = 40
MAX_WEEKS = 52
TREATED = (VisitStatus.FINISHED, VisitStatus.SIGNED, VisitStatus.BILLED)
SIGNED = (VisitStatus.SIGNED, VisitStatus.BILLED)

Problems = dict[str, str]  # a form's field -> what is wrong with it, in words


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of the front desk's list: a patient's plan that needs something."""

    patient_id: int
    patient_name: str
    discipline: Discipline
    episode_id: int
    reminders: tuple[Reminder, ...]

    @property
    def overdue(self) -> bool:
        return any(r.overdue for r in self.reminders)


class PlanOfCare:
    """Episodes and authorizations, and the reminders they give."""

    def __init__(
        self, store: StorePort, codes: ClinicCodes, events: Events, access: AccessControl,
        treatment: Treatment | None = None,
    ) -> None:  # fmt: skip
        self.store = store
        self.codes = codes
        self.events = events
        self.access = access
        self.treatment = treatment  # its open timers are kept in step with a visit's details

    # --- reading ---------------------------------------------------------------------------

    def episodes(self, patient_id: int) -> list[Episode]:
        """The patient's episodes, the newest certification first."""
        return self.store.episodes.for_patient(patient_id)

    def episode(self, episode_id: int) -> Episode:
        return self.store.episodes.get(episode_id)

    def authorizations(self, episode_id: int) -> list[Authorization]:
        """The episode's authorizations, the newest first."""
        return self.store.episodes.authorizations(episode_id)

    def max_days(self, patient_id: int) -> int | None:
        """The longest certification the patient's payer allows (Medicare: 90), or None."""
        return self._profile_of_patient(patient_id).certification_max_days

    # --- checks: the same words beside the fields and in a refusal ---------------------------

    def episode_problems(self, episode: Episode) -> Problems:
        """What is wrong with an episode as typed, by field (empty: nothing)."""
        patient = self.store.patients.get(episode.patient_id)
        profile = self._profile_of_patient(patient.id)
        found: Problems = {}
        period = certification_problem(
            episode.certified_on, episode.period_ends, profile.certification_max_days,
            profile.name,
        )  # fmt: skip
        _put(found, "Period ends", period)
        _put(found, "Physician", checks.physician_problem(episode.physician, episode.physician_npi))
        _put(found, "Physician NPI",
             checks.physician_npi_problem(episode.physician_npi, episode.physician))  # fmt: skip
        _put(found, "Frequency", checks.text_problem(episode.frequency, "frequency",
                                                     FREQUENCY_LIMIT))  # fmt: skip
        weeks = episode.duration_weeks
        if weeks is not None and not 1 <= weeks <= MAX_WEEKS:
            found["Duration (weeks)"] = (
                f"a plan of care lasts 1 to {MAX_WEEKS} weeks; this one {weeks}"
            )
        report = episode.last_progress_report
        if report is not None and report < episode.certified_on:
            found["Last progress report"] = (
                f"this is before the plan was certified ({day_words(episode.certified_on)}): "
                "leave it empty, the visits count from the certification"
            )
        left = episode.discharged_on
        if left is not None and left < episode.certified_on:
            found["Discharged"] = (
                f"the discharge is before the certification ({day_words(episode.certified_on)})"
                ": check the two dates"
            )
        for diagnosis in episode.diagnoses:
            _put(found, "Diagnoses", checks.description_problem(diagnosis.description))
        try:
            check_diagnoses(episode.diagnoses)
        except UserError as error:
            found.setdefault("Diagnoses", str(error))
        return found

    def authorization_problems(self, authorization: Authorization) -> Problems:
        found: Problems = {}
        problem = authorization_problem(
            authorization.starts, authorization.ends, authorization.visits, authorization.units
        )
        if problem is not None:
            field = "Ends" if authorization.ends < authorization.starts else "Visits"
            if "units must" in problem:
                field = "Units"
            found[field] = problem
        _put(found, "Reference", checks.text_problem(authorization.reference, "reference",
                                                     REFERENCE_LIMIT))  # fmt: skip
        return found

    # --- saving ----------------------------------------------------------------------------

    def save_episode(self, episode: Episode) -> Episode:
        """Add (id NEW) or change an episode; refused in words, nothing saved, when a date,
        the period (over the payer's maximum) or a field is wrong. A workstation joined to
        the clinic server adds episodes (they go up later) but changes none."""
        self.access.require(Permission.PLAN_OF_CARE)
        if episode.id != NEW:
            refuse_when_joined(self.store, "a plan of care already on record")
        _refuse(self.episode_problems(episode))
        npi = episode.physician_npi.strip()
        tidy = replace(
            episode, discipline=Discipline(episode.discipline),
            physician=episode.physician.strip(), physician_npi=normalize_npi(npi) if npi else "",
            frequency=episode.frequency.strip(), diagnoses=tuple(episode.diagnoses),
        )  # fmt: skip
        with self.store.atomic():
            if tidy.id == NEW:
                before, saved = None, self.store.episodes.add(tidy)
            else:
                before = self.store.episodes.get(tidy.id)
                if before.patient_id != tidy.patient_id:
                    raise UserError("an episode of care stays with its patient; add a new one")
                saved = self.store.episodes.update(tidy)
            self._audit("episode of care added" if before is None else "episode of care changed",
                        before, saved, saved.patient_id)  # fmt: skip
        self.events.records(Records.PATIENTS)
        return saved

    def save_authorization(self, authorization: Authorization) -> Authorization:
        """Add (id NEW) or change an authorization under an episode."""
        self.access.require(Permission.PLAN_OF_CARE)
        if authorization.id != NEW:
            refuse_when_joined(self.store, "an authorization already on record")
        _refuse(self.authorization_problems(authorization))
        episode = self.store.episodes.get(authorization.episode_id)
        tidy = replace(authorization, reference=authorization.reference.strip())
        with self.store.atomic():
            if tidy.id == NEW:
                before, saved = None, self.store.episodes.add_authorization(tidy)
            else:
                before = self.store.episodes.authorization(tidy.id)
                saved = self.store.episodes.update_authorization(tidy)
            self._audit("authorization added" if before is None else "authorization changed",
                        before, saved, episode.patient_id)  # fmt: skip
        self.events.records(Records.PATIENTS)
        return saved

    def set_visit_details(
        self, visit_id: int, *, place_of_service: str, audio_only: bool = False,
        progress_report: bool = False, episode_id: int | None = None, keep_episode: bool = True,
    ) -> Visit:  # fmt: skip
        """The treatment screen's: where the visit took place (11, 02, 10, 12), telehealth by
        telephone only, the progress report written at it, its episode (kept as it is
        unless `keep_episode` is False). Refused once signed (an amendment changes it)."""
        self.access.require(Permission.TIME)
        visit = self.store.visits.get(visit_id)
        chosen = visit.episode_id if keep_episode else episode_id
        if chosen is not None and self.store.episodes.get(chosen).patient_id != visit.patient_id:
            raise UserError("that plan of care is another patient's; choose one of this patient's")
        change = VisitDetailsSet(chosen, place_of_service, audio_only, progress_report)
        timers = {} if self.treatment is None else {t.visit_id: t for t in self.treatment.timers()}
        timer = timers.get(visit_id)
        revision = visit.revision if timer is None else timer.revision
        written = self.store.write_visit(visit_id, revision, [change], "")
        if timer is not None:  # nothing of its timing changed: only its step with the store
            timer.revision = written.revision
        self.events.visit(visit_id, VisitEvent.TIMED)
        return written

    # --- reminders -------------------------------------------------------------------------

    def reminders(
        self, visit_id: int | None = None, *, patient_id: int | None = None,
        discipline: Discipline | None = None, on: date | None = None,
    ) -> list[Reminder]:  # fmt: skip
        """What the plan of care asks, in words: recertification due or overdue, a progress
        report due (the payer's every-so-many treatment days, `on` counted as one),
        authorizations used and left, exceeded or expired. For a visit (`on`: its day), or
        for a patient and discipline on a day (the front desk)."""
        if visit_id is not None:
            visit = self.store.visits.get(visit_id)
            day = on or visit.date
            episodes = self.store.episodes.for_patient(visit.patient_id)
            episode = next((e for e in episodes if e.id == visit.episode_id), None)
            episode = episode or open_episode(episodes, visit.discipline, day)
            return self._reminders(visit.patient_id, visit.discipline, visit.payer_id, episode,
                                   day, visit)  # fmt: skip
        if patient_id is None or discipline is None or on is None:
            raise ValueError("reminders need a visit, or a patient, a discipline and a day")
        patient = self.store.patients.get(patient_id)
        episode = open_episode(self.store.episodes.for_patient(patient_id), discipline, on)
        return self._reminders(patient_id, Discipline(discipline), patient.payer_id, episode,
                               on, None)  # fmt: skip

    def due_list(self, on: date) -> list[DueItem]:
        """Patients whose recertification is due or overdue, or whose next visit is a
        progress report (or past one): the overdue first, then by name."""
        found: list[DueItem] = []
        names: dict[int, str] = {}
        for episode in self.store.episodes.current():
            patient = self.store.patients.get(episode.patient_id)
            names[patient.id] = patient.name
            profile = self._profile_of(patient.payer_id)
            progress = self._progress(episode, self._treated(episode), profile, on, None)
            recertify = recertification_reminder(episode.period_ends, on)
            due = [r for r in (recertify, progress) if r is not None]
            if due:
                found.append(DueItem(patient.id, patient.name, episode.discipline, episode.id,
                                     tuple(due)))  # fmt: skip
        return sorted(found, key=lambda item: (not item.overdue, item.patient_name.casefold(),
                                               item.discipline.value))  # fmt: skip

    def authorization_uses(self, visit_id: int) -> list[AuthorizationUse]:
        """The visit's authorizations as used with it and the visits before it, never the
        later ones (the superbill's 'used and left': a reprint says what it said then)."""
        visit = self.store.visits.get(visit_id)
        payer_id = billed_to(visit)
        if visit.episode_id is None or payer_id is None:
            return []
        return [
            self._use(a, visit, until=visit)
            for a in self.store.episodes.authorizations(visit.episode_id)
            if a.payer_id == payer_id and a.covers(visit.date)
        ]

    def daily_cap_warning(self, visit_id: int, units: int) -> str | None:
        """The review's: the visit's units over its payer's daily cap, in words (None: none)."""
        visit = self.store.visits.get(visit_id)
        payer = None if visit.payer_id is None else self.store.payers.get(visit.payer_id)
        profile = payer_profile(payer)
        return daily_cap_warning(payer.name if payer else profile.name, units,
                                 profile.daily_unit_cap)  # fmt: skip

    # --- inner workings --------------------------------------------------------------------

    def _reminders(
        self, patient_id: int, discipline: Discipline, payer_id: int | None,
        episode: Episode | None, on: date, visit: Visit | None,
    ) -> list[Reminder]:  # fmt: skip
        profile = self._profile_of(payer_id)
        if episode is None:
            if profile.certification_max_days is None:
                return []
            return [Reminder(Urgency.DUE, (
                f"No plan of care on file for {discipline.value}: {profile.name} pays therapy "
                "only under a certified plan; add it in Clinic set-up, Patients, Plan of care"
            ))]  # fmt: skip
        found: list[Reminder | None] = [recertification_reminder(episode.period_ends, on)]
        if visit is None or not visit.progress_report:
            found.append(self._progress(episode, self._treated(episode), profile, on, visit))
        authorization = self._authorization_of(episode, payer_id, on)
        if authorization is not None:
            use = self._use(authorization, visit)
            warning = use.reminder(on)  # used up: its words hold the summary
            if warning is None or warning.overdue:
                found.append(Reminder(Urgency.NOTE, use.summary()))
            found.append(warning)
        return [r for r in found if r is not None]

    def _treated(self, episode: Episode) -> list[Visit]:
        """The finished, signed and billed visits of the episode, current versions."""
        return [
            v for v in self.store.visits.find(patient_id=episode.patient_id)
            if v.status in TREATED and v.discipline == episode.discipline
            and _belongs(v, episode)
        ]  # fmt: skip

    def _progress(
        self, episode: Episode, visits: Sequence[Visit], profile: PayerProfile, on: date,
        visit: Visit | None,
    ) -> Reminder | None:  # fmt: skip
        others = [v for v in visits if visit is None or v.id != visit.id]
        evaluations = self._evaluation_codes()
        reports = [v.date for v in others
                   if v.progress_report or resets_progress_count(_codes(v), evaluations)]
        if episode.last_progress_report is not None:
            reports.append(episode.last_progress_report)
        last = max((d for d in reports if d <= on), default=None)
        day = treatment_day_number((v.date for v in others), last, on)
        return progress_reminder(day, profile.progress_report_every)

    def _evaluation_codes(self) -> set[str]:
        return {code for code, entry in self.codes.catalog().items() if entry.evaluation}

    def _authorization_of(
        self, episode: Episode, payer_id: int | None, on: date
    ) -> Authorization | None:
        """The payer's authorization covering the day, else the last one before it
        (expired), else the first after it (not started yet)."""
        mine = [a for a in self.store.episodes.authorizations(episode.id) if a.payer_id == payer_id]
        covering = [a for a in mine if a.covers(on)]
        if covering:
            return covering[0]
        before = [a for a in mine if a.ends < on]
        if before:
            return max(before, key=lambda a: (a.ends, a.id))
        return min(mine, key=lambda a: (a.starts, a.id), default=None)

    def _use(
        self, authorization: Authorization, visit: Visit | None, until: Visit | None = None
    ) -> AuthorizationUse:
        """Visits: the signed visits billed to the payer in the range (and the visit asked
        about, not signed yet, when inside it), `until` a visit: none after it; units: the
        billed units of those visits."""
        signed = [
            v for v in self.store.visits.find(start=authorization.starts, end=authorization.ends)
            if v.status in SIGNED and billed_to(v) == authorization.payer_id
            and v.patient_id == self._patient_of(authorization)
            and (until is None or (v.date, v.id) <= (until.date, until.id))
        ]  # fmt: skip
        visits = len(signed)
        if visit is not None and visit.status not in SIGNED and authorization.covers(visit.date):
            visits += 1
        units = sum(units for v in signed for _code, _mods, units, _minutes in v.signed_lines)
        return AuthorizationUse(authorization.starts, authorization.ends, authorization.visits,
                                authorization.units, visits, units)  # fmt: skip

    def _patient_of(self, authorization: Authorization) -> int:
        return self.store.episodes.get(authorization.episode_id).patient_id

    def _profile_of(self, payer_id: int | None) -> PayerProfile:
        return payer_profile(None if payer_id is None else self.store.payers.get(payer_id))

    def _profile_of_patient(self, patient_id: int) -> PayerProfile:
        return self._profile_of(self.store.patients.get(patient_id).payer_id)

    def _audit(self, what: str, before: object, after: object, patient_id: int) -> None:
        self.store.audit.record("", what, patient_id=patient_id, before=_shown(before),
                                after=_shown(after))  # fmt: skip


def _belongs(visit: Visit, episode: Episode) -> bool:
    if visit.episode_id is not None:
        return visit.episode_id == episode.id
    return episode.open_on(visit.date)


def _codes(visit: Visit) -> Iterable[str]:
    """The codes a visit billed (as signed), else the codes it timed."""
    if visit.signed_lines:
        return [code for code, *_ in visit.signed_lines]
    return [i.code for i in visit.intervals]


def _put(found: Problems, field: str, problem: str | None) -> None:
    if problem and field not in found:
        found[field] = problem


def _refuse(problems: Problems) -> None:
    """The first problem, as a refusal naming its field."""
    for field, problem in problems.items():
        raise UserError(f"{field}: {problem}")


def _shown(record: object) -> dict[str, Any] | None:
    return None if record is None else asdict(record)  # type: ignore[call-overload]


# --- what a form typed ---------------------------------------------------------------------


def typed_day(text: str, *, required: bool = True) -> tuple[date | None, str | None]:
    """A day typed the clinic's way (MM/DD/YYYY unless it chose another) or YYYY-MM-DD, or
    what is wrong with it; empty is None when the field may be left empty."""
    style = current_style()
    example = f"{style.value}, e.g. {show_date(date(2026, 10, 1))}"
    if not text.strip():
        return None, (f"enter the date as {example}" if required else None)
    day = parse_typed_date(text.strip())
    if day is None:
        return None, f"write the date as {example}"
    return day, None


def typed_count(text: str, what: str) -> tuple[int | None, str | None]:
    """A whole number typed (empty: None), or what is wrong with it."""
    if not text.strip():
        return None, None
    if not text.strip().isdigit():
        return None, f"write the number of {what} in digits, e.g. 12, or leave it empty"
    return int(text.strip()), None
