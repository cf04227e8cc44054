"""Plan of care on the screens (issue 15): the reminders under the visit header (progress
report due on the 10th treatment day, recertification due within 7 days or overdue, the
authorization's visits used and left, no plan on file), read once per visit and never moving
the tiles; the review's place of service, telephone-only telehealth and progress report,
stored and signed; the payer's daily unit cap warned; the front desk's list of plans due."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import CLINIC_TZ, sign
from timer_app.billing import Discipline
from timer_app.billing.plan_of_care import Reminder, Urgency
from timer_app.clinic import ClinicServices
from timer_app.clinic.plan_of_care import NEW
from timer_app.errors import UserError
from timer_app.records import Diagnosis, Visit, VisitSealed
from timer_app.records.plan_of_care import Authorization, Episode
from timer_app.session import FakeClock
from timer_app.session.model import (
    Interval,
    IntervalEnded,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.ui.due_list_dialog import DueListDialog
from timer_app.ui.main_window import MainWindow
from timer_app.ui.review_dialog import ReviewDialog
from timer_app.ui.therapist_screen import TherapistScreen
from timer_app.ui.visit_header import URGENCY_COLOURS

TODAY = date(2026, 11, 2)  # the fixture's morning, a Monday
BACK = Diagnosis("M54.50", "Low back pain, unspecified")
RED, AMBER = URGENCY_COLOURS[Urgency.OVERDUE], URGENCY_COLOURS[Urgency.DUE]


def _patient(clinic: ClinicServices, name: str) -> int:
    return next(p.id for p in clinic.setup.patients() if p.name == name)


def _plan(
    clinic: ClinicServices, name: str, certified: date, ends: date, *,
    visits: int | None = None, auth_from: date | None = None, auth_to: date | None = None,
) -> Episode:  # fmt: skip
    """A PT plan of care for the patient (and a Medicare authorization when `visits`)."""
    episode = clinic.plan_of_care.save_episode(Episode(
        NEW, _patient(clinic, name), Discipline.PT, certified, ends, physician="Alan Grant, MD",
        physician_npi="1245319599", frequency="2x/week", duration_weeks=12, diagnoses=(BACK,),
    ))  # fmt: skip
    if visits is not None:
        payer_id = clinic.store.patients.get(episode.patient_id).payer_id
        assert payer_id is not None
        clinic.plan_of_care.save_authorization(Authorization(
            NEW, episode.id, payer_id, auth_from or certified, auth_to or ends, visits=visits,
        ))  # fmt: skip
    return episode


def _treated(clinic: ClinicServices, name: str, day: date, *, signed: bool = True) -> Visit:
    """A visit of the patient on `day`: 30 minutes of 97110, finished (signed: 2 units)."""
    store = clinic.store
    dana = next(c for c in store.clinicians.all() if c.name == "Dana Reyes")
    visit = store.visits.create(_patient(clinic, name), dana.id, day)
    start = datetime.combine(day, time(8), tzinfo=CLINIC_TZ)
    interval = Interval(uuid.uuid4().hex, visit.id, "97110", dana.id, start, None)
    done = dataclasses.replace(interval, end=start + timedelta(minutes=30), duration_ms=1_800_000)
    visit = store.write_visit(visit.id, visit.revision, [IntervalStarted(interval)], "Dana")
    visit = store.write_visit(visit.id, visit.revision, [
        IntervalEnded(done), VisitStatusChanged(visit.id, VisitStatus.FINISHED),
    ], "Dana")  # fmt: skip
    if signed:
        visit = store.write_visit(visit.id, visit.revision, [
            VisitSealed("Room 1", (("97110", ("GP",), 2, 30),)),
            VisitStatusChanged(visit.id, VisitStatus.SIGNED, dana.id, start)], "Dana")  # fmt: skip
    return visit


def _weekdays_before(day: date, count: int) -> list[date]:
    found: list[date] = []
    while len(found) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            found.append(day)
    return found


def _start(screen: TherapistScreen, patient: str) -> int:
    bar = screen.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith))
    bar.start.click()
    assert screen.current_visit_id is not None
    return screen.current_visit_id


def _shown(screen: TherapistScreen) -> list[str]:
    screen.refresh()
    if not screen.reminders.isVisibleTo(screen):
        return []
    return screen.reminders.words().splitlines()


def _where(screen: TherapistScreen, code: str) -> QPoint:
    QApplication.processEvents()
    return screen.tiles.tile(code).mapToGlobal(QPoint(0, 0))


# --- the header's reminders -----------------------------------------------------------------


@pytest.mark.parametrize(("before", "expected"), [
    (8, None),
    (9, "Progress report due at this visit: treatment day 10 of 10 since the last report"),
    (10, "Progress report overdue: treatment day 11; one was due by day 10 since the last report"),
])  # fmt: skip
def test_the_tenth_treatment_day_shows_the_progress_report_due(
    window: MainWindow, clinic: ClinicServices, before: int, expected: str | None
) -> None:
    _plan(clinic, "Lopez, Maria", date(2026, 9, 15), date(2026, 12, 13))
    for day in _weekdays_before(TODAY, before):
        _treated(clinic, "Lopez, Maria", day)
    screen = window.treatment
    _start(screen, "Lopez")
    progress = [w for w in _shown(screen) if w.startswith("Progress report")]
    assert progress == ([] if expected is None else [expected])
    if expected is not None:  # due in amber, overdue in red and bold: the words say which
        colour, bold = (AMBER, False) if before == 9 else (RED, True)
        assert f"color: {colour}; font-weight: {'bold' if bold else 'normal'}" in (
            screen.reminders.text()
        )


@pytest.mark.parametrize(("ends", "expected"), [
    (TODAY + timedelta(days=8), None),
    (TODAY + timedelta(days=7), "Recertification due: the plan of care ends on 11/09/2026 "
                                "(in 7 days)"),
    (TODAY, "Recertification due: the plan of care ends on 11/02/2026 (today)"),
    (TODAY - timedelta(days=1), "Recertification overdue: the plan of care ended on "
                                "11/01/2026 (1 day ago); have the physician recertify it"),
])  # fmt: skip
def test_recertification_due_within_seven_days_and_overdue_after_the_period(
    window: MainWindow, clinic: ClinicServices, ends: date, expected: str | None
) -> None:
    _plan(clinic, "Lopez, Maria", ends - timedelta(days=60), ends)
    screen = window.treatment
    _start(screen, "Lopez")
    recertification = [w for w in _shown(screen) if w.startswith("Recertification")]
    assert recertification == ([] if expected is None else [expected])
    if expected and "overdue" in expected:
        assert f"color: {RED}; font-weight: bold;\">⚠ Recertification overdue" in (
            screen.reminders.text()
        )


def test_the_authorization_says_visits_used_and_left_used_up_and_expired(
    window: MainWindow, clinic: ClinicServices
) -> None:
    _plan(clinic, "Lopez, Maria", date(2026, 10, 1), date(2026, 12, 29), visits=12,
          auth_to=date(2027, 1, 31))  # fmt: skip
    for day in _weekdays_before(TODAY, 4):
        _treated(clinic, "Lopez, Maria", day)
    _plan(clinic, "Chen, Tom", date(2026, 10, 1), date(2026, 12, 29), visits=3)
    for day in _weekdays_before(TODAY, 2):
        _treated(clinic, "Chen, Tom", day)
    _plan(clinic, "Nguyen, Ann", date(2026, 9, 1), date(2026, 11, 29), visits=6,
          auth_to=date(2026, 10, 31))  # fmt: skip
    screen = window.treatment
    _start(screen, "Lopez")
    assert "Authorization: 5 of 12 visits used, 7 left; until 01/31/2027" in _shown(screen)
    _start(screen, "Chen")  # this visit is the third of three
    assert ("Authorization used up: Authorization: 3 of 3 visits used, 0 left; until "
            "12/29/2026") in _shown(screen)  # fmt: skip
    _start(screen, "Nguyen")
    shown = _shown(screen)
    assert "Authorization expired on 10/31/2026: ask the payer for a new one" in shown
    assert shown[0].startswith("Authorization expired")  # the overdue first
    assert f"color: {RED}" in screen.reminders.text()


def test_no_plan_of_care_on_file_is_said_for_a_medicare_patient(window: MainWindow) -> None:
    screen = window.treatment
    _start(screen, "Lopez")
    assert _shown(screen) == [
        "No plan of care on file for PT: Medicare pays therapy only under a certified plan; "
        "add it in Clinic set-up, Patients, Plan of care"
    ]
    assert screen.reminders.accessibleDescription() == screen.reminders.words()


def test_the_reminders_are_read_once_per_visit_and_again_when_a_plan_changes(
    window: MainWindow, clinic: ClinicServices, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    plans = clinic.plan_of_care
    read: list[int | None] = []
    real: Callable[..., list[Reminder]] = plans.reminders

    def counted(visit_id: int | None = None, **kwargs: object) -> list[Reminder]:
        read.append(visit_id)
        return real(visit_id, **kwargs)

    monkeypatch.setattr(plans, "reminders", counted)
    screen = window.treatment
    lopez = _start(screen, "Lopez")
    screen.tap("97110")
    for _ in range(5):
        clock.advance(1)
        screen.refresh()
    assert read == [lopez]
    _plan(clinic, "Lopez, Maria", date(2026, 8, 6), date(2026, 11, 3))  # the set-up saves one
    assert _shown(screen) == ["Recertification due: the plan of care ends on 11/03/2026 "
                              "(in 1 day)"]  # fmt: skip
    assert read == [lopez, lopez]


def test_reminders_coming_and_going_never_move_the_tiles(
    window: MainWindow, clinic: ClinicServices
) -> None:
    _plan(clinic, "Lopez, Maria", date(2026, 8, 1), date(2026, 10, 29), visits=10)
    for day in _weekdays_before(TODAY, 9):
        _treated(clinic, "Lopez, Maria", day)
    screen = window.treatment
    _start(screen, "Lopez")
    assert len(_shown(screen)) >= 3
    before = _where(screen, "97110")
    _start(screen, "Chen")
    assert len(_shown(screen)) == 1
    assert _where(screen, "97110") == before
    screen.say("A refusal in words")
    assert _where(screen, "97110") == before


# --- the review -----------------------------------------------------------------------------


def _ended_visit(window: MainWindow, clock: FakeClock, minutes: int = 20) -> int:
    screen = window.treatment
    visit_id = _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(minutes * 60)
    screen.run(lambda t: t.end_visit())
    return visit_id


def _review(qtbot, clinic: ClinicServices, visit_id: int) -> ReviewDialog:  # type: ignore[no-untyped-def]
    dialog = ReviewDialog(clinic.treatment, visit_id, plans=clinic.plan_of_care)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_place_of_service_chosen_in_the_review_is_stored_and_signed(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = _ended_visit(window, clock)
    dialog = _review(qtbot, clinic, visit_id)
    assert [dialog.place.itemData(i) for i in range(4)] == ["11", "02", "10", "12"]
    assert dialog.place.currentText() == "11 · Office" and not dialog.audio_only.isVisible()
    dialog.place.setCurrentIndex(dialog.place.findData("02"))
    assert dialog.audio_only.isVisible()
    dialog.audio_only.setChecked(True)
    stored = clinic.treatment.visit(visit_id)
    assert (stored.place_of_service, stored.audio_only) == ("02", True)
    assert dialog.lines.item(0, 4).text().split() == ["GP", "93"]  # billed again
    dialog.ask_pin = lambda _question: "1111"
    dialog._sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    signed = clinic.treatment.visit(visit_id)
    assert signed.status is VisitStatus.SIGNED
    assert (signed.place_of_service, signed.audio_only) == ("02", True)
    assert signed.signed_lines[0][1] == ("GP", "93")
    reopened = _review(qtbot, clinic, visit_id)  # read-only: said, not chosen
    assert not reopened.place.isVisible() and reopened.details_text.isVisible()
    assert reopened.details_text.text() == (
        "Place of service: 02 · Telehealth (not in patient's home), by telephone only (audio)."
    )
    with pytest.raises(UserError):
        clinic.plan_of_care.set_visit_details(visit_id, place_of_service="11")


def test_back_to_office_unticks_audio_only_and_a_refusal_is_said_in_words(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = _ended_visit(window, clock)
    dialog = _review(qtbot, clinic, visit_id)
    dialog.place.setCurrentIndex(dialog.place.findData("10"))
    dialog.audio_only.setChecked(True)
    dialog.place.setCurrentIndex(dialog.place.findData("11"))  # audio only is for telehealth
    stored = clinic.treatment.visit(visit_id)
    assert (stored.place_of_service, stored.audio_only) == ("11", False)
    assert not dialog.audio_only.isChecked() and not dialog.problem.isVisible()
    sign(clinic.treatment, visit_id)  # signed on another screen meanwhile
    dialog.place.setCurrentIndex(dialog.place.findData("12"))
    assert dialog.problem.isVisible() and "signed" in dialog.problem.text()
    assert dialog.place.currentData() == "11"  # back to what is stored
    assert clinic.treatment.visit(visit_id).place_of_service == "11"


def test_the_progress_report_ticked_in_the_review_clears_its_reminder(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _plan(clinic, "Lopez, Maria", date(2026, 9, 15), date(2026, 12, 13))
    for day in _weekdays_before(TODAY, 9):
        _treated(clinic, "Lopez, Maria", day)
    screen = window.treatment
    visit_id = _ended_visit(window, clock)
    due = "Progress report due at this visit: treatment day 10 of 10 since the last report"
    assert due in _shown(screen)

    def tick(dialog: ReviewDialog) -> int:
        assert due in dialog.plan_reminders.words()
        dialog.progress_report.setChecked(True)
        assert due not in dialog.plan_reminders.words()
        return 0  # back to the timer without signing

    monkeypatch.setattr(ReviewDialog, "exec", tick)
    screen.review(visit_id)
    assert clinic.treatment.visit(visit_id).progress_report
    assert due not in _shown(screen)


def test_a_payers_daily_unit_cap_passed_is_warned_and_signs(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import timer_app.clinic.plan_of_care as service
    from timer_app.records import payer_profile

    capped = lambda payer: dataclasses.replace(payer_profile(payer), daily_unit_cap=1)  # noqa: E731
    monkeypatch.setattr(service, "payer_profile", capped)
    visit_id = _ended_visit(window, clock, minutes=30)  # 2 units
    dialog = _review(qtbot, clinic, visit_id)
    assert ("Medicare pays at most 1 units a day; this visit bills 2: the payer may deny "
            "the units over its cap") in dialog.warning_words()  # fmt: skip
    dialog.ask_pin = lambda _question: "1111"
    dialog._sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()


def test_no_cap_no_warning(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:
    dialog = _review(qtbot, clinic, _ended_visit(window, clock, minutes=30))
    assert "a day" not in dialog.warning_words()


# --- the front desk's list --------------------------------------------------------------------


def test_the_due_list_puts_an_overdue_recertification_first(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plan(clinic, "Chen, Tom", date(2026, 9, 1), date(2026, 11, 5))  # due in 3 days
    _plan(clinic, "Lopez, Maria", date(2026, 8, 1), date(2026, 10, 29))  # ended 4 days ago
    _plan(clinic, "Nguyen, Ann", date(2026, 10, 1), date(2026, 12, 29))  # nothing due
    dialog = DueListDialog(clinic.plan_of_care, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.rows() == [
        ("Overdue", "Lopez, Maria", "PT", "Recertification overdue: the plan of care ended on "
         "10/29/2026 (4 days ago); have the physician recertify it"),
        ("Due", "Chen, Tom", "PT", "Recertification due: the plan of care ends on 11/05/2026 "
         "(in 3 days)"),
    ]  # fmt: skip
    assert dialog.model.item(0, 0).foreground().color().name() == RED
    assert dialog.model.item(0, 0).font().bold()
    assert dialog.model.item(1, 0).foreground().color().name() == AMBER

    opened: list[DueListDialog] = []

    def shown(dialog: DueListDialog) -> int:
        opened.append(dialog)
        return 0

    monkeypatch.setattr(DueListDialog, "exec", shown)
    window.tabs.setCurrentWidget(window.front_desk)
    desk = window.front_desk.content
    assert desk is not None
    desk.due_button.click()  # type: ignore[attr-defined]
    assert [d.rows()[0][:2] for d in opened] == [("Overdue", "Lopez, Maria")]

    # a double-click (or Enter) on the overdue row opens that plan of care in set-up
    chosen = opened[0]
    chosen.table.activated.emit(chosen.model.index(0, 1))
    setup = window.setup.content
    assert window.tabs.currentWidget() is window.setup and setup is not None
    assert setup.sections.currentWidget() is setup.episodes  # type: ignore[attr-defined]
    lopez = next(p.id for p in clinic.setup.patients() if p.name == "Lopez, Maria")
    assert setup.episodes.patient_id == lopez  # type: ignore[attr-defined]
    assert setup.episodes.heading.text() == "Plan of care: Lopez, Maria"  # type: ignore[attr-defined]


def test_nothing_due_says_so(qtbot, clinic: ClinicServices) -> None:  # type: ignore[no-untyped-def]
    dialog = DueListDialog(clinic.plan_of_care, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.rows() == []
    assert dialog.empty.text() == "Nothing is due: every plan of care is current."


def test_a_signed_telehealth_visit_shows_no_stray_controls(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = _ended_visit(window, clock)
    clinic.plan_of_care.set_visit_details(visit_id, place_of_service="10", audio_only=True)
    sign(clinic.treatment, visit_id)
    for plans in (clinic.plan_of_care, None):
        dialog = ReviewDialog(clinic.treatment, visit_id, plans=plans)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.audio_only.isVisible() and not dialog.place.isVisible()
        assert dialog.audio_only.window() is dialog  # not a window of its own
        assert "10 · Telehealth in patient's home" in dialog.details_text.text()
