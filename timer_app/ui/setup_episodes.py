"""Clinic set-up, plan of care: a patient's episodes (the certified plan, per discipline)
and the payers' authorizations under each.

On the left, the patient, their plans of care and the chosen plan's authorizations; on the
right, the plan's form and the authorization's form, each with its own Save. Dates are
typed the clinic's way (MM/DD/YYYY unless it chose another); every refusal is said beside
its field (the service's words, `timer_app.clinic.plan_of_care`), and nothing is saved
until all of it is right.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from timer_app.billing import Discipline
from timer_app.billing.identifiers import NPI_LENGTH
from timer_app.clinic import checks
from timer_app.clinic.plan_of_care import (
    FREQUENCY_LIMIT,
    NEW,
    REFERENCE_LIMIT,
    PlanOfCare,
    typed_count,
    typed_day,
)
from timer_app.clinic.setup import ClinicSetup
from timer_app.dates import current_style, show_date
from timer_app.errors import UserError
from timer_app.records import Diagnosis
from timer_app.records.plan_of_care import Authorization, Episode
from timer_app.ui.diagnoses_editor import DiagnosesEditor
from timer_app.ui.setup_fields import (
    CheckedForm,
    RecordList,
    StatusLine,
    combo,
    heading,
    line_edit,
)
from timer_app.ui.widgets import button, label

DISCIPLINES = [("PT: physical therapy", "PT"), ("OT: occupational therapy", "OT"),
               ("SLP: speech-language pathology", "SLP")]  # fmt: skip
DATE_HINT = current_style().value  # the clinic's way, as the program started
AUTHORIZATION_PROBLEM_WIDTH = 230  # its form shares the width with its list: three lines
PLAN_PROBLEM_WIDTH = 340  # fits inside the set-up's tabs at 1280x800
DIAGNOSES_HEIGHT = 76  # two diagnoses in sight, the rest a scroll away


def _day_text(day: date | None) -> str:
    return "" if day is None else show_date(day)


def _count_text(count: int | None) -> str:
    return "" if count is None else str(count)


def episode_title(episode: Episode) -> str:
    """'PT 10/01/2026-12/29/2026', and 'discharged' when it is."""
    words = f"{episode.discipline.value} {_day_text(episode.certified_on)}-" \
            f"{_day_text(episode.period_ends)}"  # fmt: skip
    return words + (" (discharged)" if episode.discharged_on else "")


def authorization_title(authorization: Authorization, payer: str) -> str:
    counts = [f"{n} {what}" for n, what in ((authorization.visits, "visits"),
                                            (authorization.units, "units")) if n]  # fmt: skip
    return (f"{payer}: {', '.join(counts)}, {_day_text(authorization.starts)} to "
            f"{_day_text(authorization.ends)}")  # fmt: skip


class EpisodesSection(QWidget):
    """Plans of care and authorizations of one patient at a time."""

    def __init__(self, plans: PlanOfCare, setup: ClinicSetup, today: date | None = None) -> None:
        super().__init__()
        self.plans = plans
        self.setup = setup
        self.today = today or date.today()
        self.patient_id: int | None = None
        self.editing: int | None = None  # the episode in the form (None: a new one)
        self.authorization_id: int | None = None
        self._build_lists()
        self._build_episode_form()
        self._build_authorization_form()
        self._lay_out()
        self.reload()

    # --- building ----------------------------------------------------------------------------

    def _build_lists(self) -> None:
        self.search_box = line_edit(
            "Find a patient", f"Name, or date of birth as {DATE_HINT}", "Find a patient…"
        )
        self.search_box.textChanged.connect(self._list_patients)
        self.patients = RecordList("Patients", "New patient", "Patients are added in Patients")
        self.patients.new_button.hide()  # patients are added in Patients
        self.patients.chosen.connect(self.choose_patient)
        self.episodes = RecordList("Plans of care", "New plan of care",
                                   "Add a plan of care for this patient")  # fmt: skip
        self.episodes.chosen.connect(self.edit)
        self.authorizations = RecordList("Authorizations", "New authorization",
                                         "Add a payer's authorization under this plan")  # fmt: skip
        self.authorizations.chosen.connect(self.edit_authorization)
        for records in (self.patients, self.episodes, self.authorizations):
            records.setFixedWidth(320)
            records.view.setTextElideMode(Qt.TextElideMode.ElideRight)  # whole in its tip
            records.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.authorizations.setFixedWidth(240)
        for wrapped in (self.episodes, self.authorizations):  # a discharge; payer, then dates
            wrapped.view.setWordWrap(True)

    def _build_episode_form(self) -> None:
        self.discipline = combo("Discipline", "The discipline this plan of care is for",
                                DISCIPLINES)  # fmt: skip
        self.certified_on = line_edit("Certified on", "The first day of the certification "
                                      f"period, {DATE_HINT}", DATE_HINT)  # fmt: skip
        self.period_ends = line_edit("Period ends", "The last day of the certification "
                                     f"period, {DATE_HINT}", DATE_HINT)  # fmt: skip
        self.physician = line_edit("Certifying physician", "Who signed the plan of care",
                                   "Alan Grant, MD")  # fmt: skip
        self.physician_npi = line_edit("Physician NPI", "The certifying physician's 10-digit "
                                       "NPI", "1245319599")  # fmt: skip
        self.frequency = line_edit("Frequency", "As written on the plan", "2x/week")
        self.duration = line_edit("Duration in weeks", "How many weeks the plan runs", "12")
        self.last_report = line_edit(
            "Last progress report", "Only when it was written before the visits kept here; "
            "else the visits marked as a progress report count", f"{DATE_HINT} (optional)",
        )  # fmt: skip
        self.discharged = line_edit("Discharged on", "The day the patient was discharged from "
                                    "this plan", f"{DATE_HINT} (optional)")  # fmt: skip
        self.diagnoses = DiagnosesEditor(())
        self.diagnoses.list.setMinimumHeight(DIAGNOSES_HEIGHT)
        self.episode_form = CheckedForm()
        add = self.episode_form.add
        add("Discipline", self.discipline)
        add("Certified on", self.certified_on, lambda: typed_day(self.certified_on.text())[1])
        self.max_days = add("Period ends", self.period_ends, self._period_problem)
        add("Physician", self.physician, lambda: checks.physician_problem(
            self.physician.text(), self.physician_npi.text()), limit=checks.NAME_LIMIT)
        add("Physician NPI", self.physician_npi, lambda: checks.physician_npi_problem(
            self.physician_npi.text(), self.physician.text()), limit=NPI_LENGTH)
        add("Frequency", self.frequency, lambda: checks.text_problem(
            self.frequency.text(), "frequency", FREQUENCY_LIMIT), limit=FREQUENCY_LIMIT)
        add(
            "Duration (weeks)", self.duration,
            lambda: typed_count(self.duration.text(), "weeks")[1],
        )  # fmt: skip
        self.duration.setMaxLength(2)
        add("Last progress report", self.last_report,
            lambda: typed_day(self.last_report.text(), required=False)[1])  # fmt: skip
        add("Discharged", self.discharged,
            lambda: typed_day(self.discharged.text(), required=False)[1])  # fmt: skip
        self.diagnoses_box = QWidget()
        self.diagnoses_box.setAccessibleName("Diagnoses of the plan")
        self.diagnoses_box.setToolTip("ICD-10-CM codes of the plan, A to L; a new plan starts "
                                      "with the patient's")  # fmt: skip
        self._diagnoses_layout = QVBoxLayout(self.diagnoses_box)
        self._diagnoses_layout.setContentsMargins(0, 0, 0, 0)
        self._diagnoses_layout.addWidget(self.diagnoses)
        add("Diagnoses", self.diagnoses_box)
        for field in self.episode_form.fields.values():
            field.problem.setFixedWidth(PLAN_PROBLEM_WIDTH)
        self.save_episode_button = button("Save plan of care", "Check every field, then save "
                                          "the plan of care", "primary")  # fmt: skip
        self.save_episode_button.clicked.connect(self.save)
        self.episode_status = StatusLine("Plan of care saved")
        self.rule = label("", "caption", wrap=True)
        self.rule.setAccessibleName("The payer's rule for this plan")

    def _build_authorization_form(self) -> None:
        self.payer = combo("Authorizing payer", "The payer whose letter this is", [])
        self.starts = line_edit("Authorized from", f"The first day authorized, {DATE_HINT}",
                                DATE_HINT)  # fmt: skip
        self.ends = line_edit("Authorized until", f"The last day authorized, {DATE_HINT}",
                              DATE_HINT)  # fmt: skip
        self.visits = line_edit("Visits authorized", "How many visits (empty: units only)", "12")
        self.units = line_edit("Units authorized", "How many units (empty: visits only)", "")
        self.reference = line_edit("Authorization number", "The payer's reference for it",
                                   "AUTH-7781")  # fmt: skip
        self.authorization_form = CheckedForm()
        add = self.authorization_form.add
        add("Payer", self.payer)
        add("Starts", self.starts, lambda: typed_day(self.starts.text())[1])
        add("Ends", self.ends, lambda: typed_day(self.ends.text())[1])
        add("Visits", self.visits, lambda: typed_count(self.visits.text(), "visits")[1])
        add("Units", self.units, lambda: typed_count(self.units.text(), "units")[1])
        for count in (self.visits, self.units):
            count.setMaxLength(4)
        add("Reference", self.reference, lambda: checks.text_problem(
            self.reference.text(), "reference", REFERENCE_LIMIT), limit=REFERENCE_LIMIT)
        for field in self.authorization_form.fields.values():  # beside the list: narrower
            field.problem.setFixedWidth(AUTHORIZATION_PROBLEM_WIDTH)
        self.save_authorization_button = button(
            "Save authorization", "Check every field, then save the authorization", "primary"
        )
        self.save_authorization_button.clicked.connect(self.save_authorization)
        self.authorization_status = StatusLine("Authorization saved")

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.search_box)
        left.addWidget(self.patients, 3)
        left.addWidget(label("Plans of care of this patient", "caption"))
        left.addWidget(self.episodes, 2)
        self.heading = heading()
        self.episode_box = _group("Plan of care", self.episode_form, self.rule,
                                  self.episode_status, self.save_episode_button)  # fmt: skip
        self.authorization_box = _group(
            "Authorization", self.authorization_form, None, self.authorization_status,
            self.save_authorization_button,
        )  # fmt: skip
        under_plan = QWidget()
        beside = QHBoxLayout(under_plan)
        beside.addWidget(self.authorizations)
        beside.addWidget(self.authorization_box, 1)
        self.parts = QTabWidget()
        self.parts.setAccessibleName("Plan of care and its authorizations")
        self.parts.setToolTip("The plan as certified, and what each payer authorized under it")
        self.parts.addTab(self.episode_box, "Plan of care")
        self.parts.addTab(under_plan, "Authorizations")
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.parts, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    # --- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.payer.clear()
        for payer in self.setup.payers():
            self.payer.addItem(payer.name, payer.id)
        self._list_patients()
        self.choose_patient(self.patient_id, keep=True)

    def _list_patients(self) -> None:
        found = self.setup.patients(self.search_box.text())
        self.patients.set_records(
            [(f"{p.name} ({show_date(p.date_of_birth)})", p.id) for p in found],
            keep=self.patient_id,
        )

    def choose_patient(self, patient_id: int | None, keep: bool = False) -> None:
        self.patient_id = patient_id
        chosen = self.setup.patient(patient_id) if patient_id is not None else None
        self.heading.setText(f"Plan of care: {chosen.name}" if chosen else
                             "Plan of care: choose a patient")  # fmt: skip
        episodes = [] if patient_id is None else self.plans.episodes(patient_id)
        self.episodes.set_records([(episode_title(e), e.id) for e in episodes])
        wanted = self.editing if keep and any(e.id == self.editing for e in episodes) else None
        wanted = wanted if wanted is not None else (episodes[0].id if episodes else None)
        for widget in (self.episode_box, self.episodes):
            widget.setEnabled(patient_id is not None)
        self.edit(wanted)
        if wanted is not None:
            self.episodes.pick(wanted)

    def edit(self, episode_id: int | None) -> None:
        """The episode in the form (None: a new one, with the patient's diagnoses)."""
        self.editing = episode_id
        found = None if episode_id is None else self.plans.episode(episode_id)
        patient = self.setup.patient(self.patient_id) if self.patient_id is not None else None
        self.discipline.setCurrentIndex(max(self.discipline.findData(
            found.discipline.value if found else Discipline.PT.value), 0))  # fmt: skip
        self.certified_on.setText(_day_text(found.certified_on) if found else "")
        self.period_ends.setText(_day_text(found.period_ends) if found else "")
        self.physician.setText(found.physician if found else
                               (patient.referring_physician if patient else ""))  # fmt: skip
        self.physician_npi.setText(found.physician_npi if found else
                                   (patient.referring_npi if patient else ""))  # fmt: skip
        self.frequency.setText(found.frequency if found else "")
        self.duration.setText(_count_text(found.duration_weeks) if found else "")
        self.last_report.setText(_day_text(found.last_progress_report) if found else "")
        self.discharged.setText(_day_text(found.discharged_on) if found else "")
        diagnoses = found.diagnoses if found else (patient.diagnoses if patient else ())
        self._replace_diagnoses(diagnoses)
        self.episode_box.setTitle("Change this plan of care" if found else "New plan of care")
        self._show_rule()
        self.episode_form.clear_problems()
        self.episode_status.clear()
        self._list_authorizations()

    def _replace_diagnoses(self, diagnoses: tuple[Diagnosis, ...]) -> None:
        """A fresh diagnoses list for this plan (the editor takes its list when built)."""
        fresh = DiagnosesEditor(diagnoses)
        fresh.list.setMinimumHeight(DIAGNOSES_HEIGHT)
        self._diagnoses_layout.replaceWidget(self.diagnoses, fresh)
        self.diagnoses.hide()  # it would show until deleted
        self.diagnoses.deleteLater()
        self.diagnoses = fresh

    def _show_rule(self) -> None:
        if self.patient_id is None:
            self.rule.setText("")
            return
        days = self.plans.max_days(self.patient_id)
        self.rule.setText(
            f"The patient's payer certifies at most {days} days at a time; a progress report "
            "is due every 10 treatment days." if days else
            "The patient's payer sets no limit on the certification period."
        )  # fmt: skip

    def _list_authorizations(self) -> None:
        found = [] if self.editing is None else self.plans.authorizations(self.editing)
        names = {p.id: p.name for p in self.setup.payers()}
        self.authorizations.set_records(
            [(authorization_title(a, names.get(a.payer_id, "")), a.id) for a in found]
        )
        self.parts.setTabText(1, f"Authorizations ({len(found)})")
        self.authorization_box.setEnabled(self.editing is not None)
        self.authorizations.setEnabled(self.editing is not None)
        first = found[0].id if found else None
        keep = self.authorization_id if any(a.id == self.authorization_id for a in found) else first
        self.edit_authorization(keep)
        if keep is not None:
            self.authorizations.pick(keep)

    def edit_authorization(self, authorization_id: int | None) -> None:
        self.authorization_id = authorization_id
        found = None if authorization_id is None else self.plans_authorization(authorization_id)
        patient = self.setup.patient(self.patient_id) if self.patient_id is not None else None
        payer_id = found.payer_id if found else (patient.payer_id if patient else None)
        self.payer.setCurrentIndex(max(self.payer.findData(payer_id), 0))
        self.starts.setText(_day_text(found.starts) if found else "")
        self.ends.setText(_day_text(found.ends) if found else "")
        self.visits.setText(_count_text(found.visits) if found else "")
        self.units.setText(_count_text(found.units) if found else "")
        self.reference.setText(found.reference if found else "")
        self.authorization_box.setTitle("Change this authorization" if found
                                        else "New authorization")  # fmt: skip
        self.authorization_form.clear_problems()
        self.authorization_status.clear()

    def plans_authorization(self, authorization_id: int) -> Authorization:
        assert self.editing is not None
        return next(a for a in self.plans.authorizations(self.editing) if a.id == authorization_id)

    # --- saving ------------------------------------------------------------------------------

    def _period_problem(self) -> str | None:
        return typed_day(self.period_ends.text())[1]

    def typed_episode(self) -> Episode | None:
        """The episode as typed, or None when a field cannot be read (said beside it)."""
        if self.patient_id is None or not self.episode_form.check():
            return None
        certified, ends = typed_day(self.certified_on.text())[0], typed_day(
            self.period_ends.text())[0]  # fmt: skip
        assert certified is not None and ends is not None
        return Episode(
            self.editing or NEW, self.patient_id, Discipline(self.discipline.currentData()),
            certified, ends, physician=self.physician.text(),
            physician_npi=self.physician_npi.text(), frequency=self.frequency.text(),
            duration_weeks=typed_count(self.duration.text(), "weeks")[0],
            diagnoses=self.diagnoses.diagnoses(),
            last_progress_report=typed_day(self.last_report.text(), required=False)[0],
            discharged_on=typed_day(self.discharged.text(), required=False)[0],
        )  # fmt: skip

    def save(self) -> bool:
        typed = self.typed_episode()
        if typed is None:
            self.episode_status.failed("Nothing was saved: correct the fields marked in red.")
            return False
        problems = self.plans.episode_problems(typed)
        if _shown(self.episode_form, problems):
            self.episode_status.failed("Nothing was saved: correct the fields marked in red.")
            return False
        try:
            saved = self.plans.save_episode(typed)
        except UserError as error:
            _refused(self.episode_form, error.message, "Diagnoses")
            self.episode_status.failed("Nothing was saved.")
            return False
        self.editing = saved.id
        self.choose_patient(self.patient_id, keep=True)
        self.episode_status.done(f"Plan of care {episode_title(saved)} saved.")
        return True

    def typed_authorization(self) -> Authorization | None:
        if self.editing is None or not self.authorization_form.check():
            return None
        starts, ends = typed_day(self.starts.text())[0], typed_day(self.ends.text())[0]
        assert starts is not None and ends is not None
        return Authorization(
            self.authorization_id or NEW, self.editing, self.payer.currentData(), starts, ends,
            typed_count(self.visits.text(), "visits")[0],
            typed_count(self.units.text(), "units")[0], self.reference.text(),
        )  # fmt: skip

    def save_authorization(self) -> bool:
        typed = self.typed_authorization()
        failed = "Nothing was saved: correct the fields marked in red."
        if typed is None or self.payer.currentData() is None:
            self.authorization_status.failed(failed)
            return False
        if _shown(self.authorization_form, self.plans.authorization_problems(typed)):
            self.authorization_status.failed(failed)
            return False
        try:
            saved = self.plans.save_authorization(typed)
        except UserError as error:
            _refused(self.authorization_form, error.message, "Reference")
            self.authorization_status.failed("Nothing was saved.")
            return False
        self.authorization_id = saved.id
        self._list_authorizations()
        self.authorization_status.done("Authorization saved.")
        return True


def _group(
    title: str, form: CheckedForm, above: QLabel | None, status: StatusLine, save: QWidget
) -> QGroupBox:
    box = QGroupBox(title)
    box.setAccessibleName(title)
    layout = QVBoxLayout(box)
    if above is not None:
        layout.addWidget(above)
    layout.addLayout(form.layout)
    actions = QHBoxLayout()
    actions.addWidget(status, 1)
    actions.addWidget(save)
    layout.addLayout(actions)
    return box


def _shown(form: CheckedForm, problems: dict[str, str]) -> bool:
    """The service's problems beside their fields; True when there was any."""
    for caption, words in problems.items():
        form.show_problem(caption if caption in form.fields else next(iter(form.fields)), words)
    first = next(iter(problems), None)
    if first in form.fields:
        form.fields[first].widget.setFocus()
    return bool(problems)


def _refused(form: CheckedForm, message: str, fallback: str) -> None:
    """Beside the field the service names ("Period ends: ..."), else beside `fallback`."""
    caption, _, words = message.partition(": ")
    if caption in form.fields and words:
        form.show_problem(caption, words)
    else:
        form.show_problem(fallback, message)

