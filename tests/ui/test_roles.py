"""Each role sees only what it may use, and the services refuse the rest in words; a
signature takes the signer's own PIN (an assistant's visit: the supervising therapist's)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import sign_in_as
from timer_app.billing import Discipline
from timer_app.clinic.access import AccessRefusedError
from timer_app.records.people import Access
from timer_app.session import FakeClock, VisitStatus
from timer_app.ui.clinic_setup import ClinicSetup
from timer_app.ui.main_window import MainWindow
from timer_app.ui.review_dialog import ReviewDialog


def _tabs_shown(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())
            if window.tabs.isTabVisible(i)]  # fmt: skip


def _setup(window: MainWindow) -> ClinicSetup:
    window.tabs.setCurrentWidget(window.setup)  # built when first shown
    assert isinstance(window.setup.content, ClinicSetup)
    return window.setup.content


def _sections_shown(setup: ClinicSetup) -> list[str]:
    tabs = setup.sections
    return [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]


def _finished_visit(qtbot, window: MainWindow, clock: FakeClock, who: str) -> int:  # type: ignore[no-untyped-def]
    """`who` signs in and times 97110 for 12 minutes for the first patient, then ends."""
    sign_in_as(qtbot, window, who)
    bar = window.treatment.visit_bar
    bar.patient.setCurrentIndex(0)
    bar.start.click()
    window.treatment.tap("97110")
    clock.advance(12 * 60)
    window.treatment.run(lambda t: t.end_visit())
    visit_id = window.treatment.current_visit_id
    assert visit_id is not None
    return visit_id


def _switch(qtbot, window: MainWindow, who: str, pin: str | None = None) -> None:  # type: ignore[no-untyped-def]
    window.switch_button.click()
    sign_in_as(qtbot, window, who, pin)


def test_the_front_desk_cannot_time_or_sign(
    qtbot, people_window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    visit_id = _finished_visit(qtbot, people_window, clock, "Dana Reyes")
    _switch(qtbot, people_window, "Kim Lee (front desk)")
    assert _tabs_shown(people_window) == ["Front desk", "Clinic set-up"]
    assert _sections_shown(_setup(people_window)) == ["Patients", "Plan of care"]
    clinic = people_window.clinic
    patient = clinic.setup.patients()[0]
    dana = clinic.access.user_of(clinic.treatment.visit(visit_id).clinician_id)
    assert dana is not None
    with pytest.raises(AccessRefusedError, match="who may not time visits; a therapist"):
        clinic.treatment.start_visit(patient.id, dana.clinician_id or 0, Discipline.PT)
    with pytest.raises(AccessRefusedError, match="front desk, who may not time visits"):
        clinic.treatment.check_signature(
            visit_id, diagnoses=patient.diagnoses, pointer_letters={}, chosen_units=None,
            pin="1111",
        )  # fmt: skip
    assert clinic.treatment.visit(visit_id).status is VisitStatus.FINISHED


def test_a_therapist_cannot_change_fees_or_users(qtbot, people_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Dana Reyes")
    assert _tabs_shown(people_window) == ["Treatment", "Clinic set-up"]
    setup = _setup(people_window)
    assert _sections_shown(setup) == ["Patients"]
    assert setup.sections.currentWidget() is setup.patients
    assert not setup.users.isVisible() and not setup.payers.isVisible()
    clinic = people_window.clinic
    payer = clinic.setup.payers()[0]
    with pytest.raises(AccessRefusedError, match="may not change payers and fees; the owner"):
        clinic.setup.save_payer(payer.id, "Cheaper", payer.profile, {"97110": 1})
    with pytest.raises(AccessRefusedError, match="may not add and change users; the owner"):
        clinic.access.add_user("Pat Doe", Access.FRONT_DESK, "5555")
    with pytest.raises(AccessRefusedError):
        clinic.access.set_idle_minutes(30)
    assert clinic.setup.payers()[0] == payer


def test_the_owner_sees_every_section_and_adds_a_user(qtbot, people_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Alex Morgan (owner)")
    assert _tabs_shown(people_window) == [
        "Treatment", "Front desk", "Clinic set-up", "Audit log", "Reports",
    ]
    setup = _setup(people_window)
    assert _sections_shown(setup) == [
        "Clinic", "Clinicians", "Payers", "Patients", "Plan of care", "Codes", "Users",
    ]  # fmt: skip
    users = setup.users
    setup.sections.setCurrentWidget(users)
    users.records.start_new()
    users.name.setText("Pat Doe")
    users.access_choice.setCurrentIndex(users.access_choice.findData(Access.FRONT_DESK))
    qtbot.keyClicks(users.pin, "5555")
    qtbot.keyClicks(users.pin_again, "5556")
    assert users.save() is False
    assert users.form.problem("PIN again") == "The two PINs differ; type the same PIN twice"
    qtbot.keyClicks(users.pin, "5555")
    qtbot.keyClicks(users.pin_again, "5555")
    assert users.save() is True, users.status.text()
    assert users.status.text() == "Pat Doe saved with a new PIN."
    users.idle.setValue(12)
    users.idle_button.click()
    assert people_window.clinic.access.idle_minutes() == 12
    assert people_window.idle_timer.interval() == 12 * 60_000
    _switch(qtbot, people_window, "Pat Doe", "5555")  # the new person signs in with their PIN
    assert people_window.windowTitle() == "Therapy Timer: Pat Doe"


def test_an_owner_makes_a_user_inactive_and_back(qtbot, people_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Alex Morgan (owner)")
    users = _setup(people_window).users
    kim = next(u for u in people_window.clinic.access.users() if u.name.startswith("Kim"))
    users.records.pick(kim.id)
    users.active.setChecked(False)
    assert users.save() is True
    assert kim.id not in {u.id for u in people_window.clinic.access.users()}
    rows = [users.records.model.item(r).text() for r in range(users.records.model.rowCount())]
    assert any(row.startswith("Kim") and "(no access)" in row for row in rows)
    users.active.setChecked(True)
    assert users.save() is True
    assert kim.id in {u.id for u in people_window.clinic.access.users()}


def test_a_therapist_signs_with_her_own_pin(
    qtbot, people_window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    visit_id = _finished_visit(qtbot, people_window, clock, "Dana Reyes")
    treatment = people_window.clinic.treatment
    dialog = ReviewDialog(treatment, visit_id, people_window)
    asked: list[str] = []
    dialog.ask_pin = lambda question: asked.append(question) or None  # cancelled
    dialog.sign.click()
    assert asked[0].startswith("Dana Reyes, PT, DPT: type your PIN")
    assert treatment.visit(visit_id).status is VisitStatus.FINISHED
    dialog.ask_pin = lambda _question: "9999"  # the owner's PIN is not hers
    dialog.sign.click()
    assert dialog.problem.text() == "That PIN is not Dana Reyes's; try again."
    assert treatment.visit(visit_id).status is VisitStatus.FINISHED
    dialog.ask_pin = lambda _question: "1111"
    dialog.sign.click()
    assert treatment.visit(visit_id).status is VisitStatus.SIGNED
    dialog.close()


def test_an_assistants_visit_is_cosigned_with_the_therapists_pin(
    qtbot, people_window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    visit_id = _finished_visit(qtbot, people_window, clock, "Sam Ortiz")
    clinic = people_window.clinic
    treatment = clinic.treatment
    sam = clinic.access.user
    assert sam is not None and treatment.visit(visit_id).clinician_id == sam.clinician_id
    dialog = ReviewDialog(treatment, visit_id, people_window)
    assert not dialog.amend.isEnabled()
    assert dialog.amend.toolTip() == "Only a therapist or the owner may sign visits."
    dana = next(u for u in clinic.access.users() if u.name == "Dana Reyes")
    assert dialog.signer.currentData() == dana.clinician_id  # the supervising therapist
    patient = treatment.patient_of(visit_id)
    with pytest.raises(Exception, match=r"assistant .*the supervising therapist signs"):
        treatment.check_signature(visit_id, diagnoses=patient.diagnoses, pointer_letters={},
                                  chosen_units=None, pin="2222")  # fmt: skip
    asked: list[str] = []
    dialog.ask_pin = lambda question: asked.append(question) or "2222"  # Sam's own PIN
    dialog.sign.click()
    assert asked[0].startswith("Dana Reyes, PT, DPT: type your PIN")
    assert dialog.problem.text() == "That PIN is not Dana Reyes's; try again."
    assert treatment.visit(visit_id).status is VisitStatus.FINISHED
    dialog.ask_pin = lambda _question: "1111"  # Dana, supervising, types hers
    dialog.sign.click()
    signed = treatment.visit(visit_id)
    assert signed.status is VisitStatus.SIGNED
    assert signed.signed_by == dana.clinician_id
    dialog.close()


def test_a_refused_command_is_said_where_it_was(
    qtbot, people_window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from timer_app.ui.front_desk import FrontDeskView

    visit_id = _finished_visit(qtbot, people_window, clock, "Dana Reyes")
    clinic = people_window.clinic
    desk = FrontDeskView(clinic)  # not offered to a therapist; built here to press anyway
    qtbot.addWidget(desk)
    assert not desk.bill_button.isEnabled()
    assert desk.bill_button.toolTip() == (
        "Only the front desk or the owner may mark visits billed."
    )
    desk.mark_billed()  # nothing selected: said first
    _switch(qtbot, people_window, "Kim Lee (front desk)")
    patient = clinic.treatment.patient_of(visit_id)
    people_window.treatment.start_visit(patient.id, clinic.treatment.visit(visit_id).clinician_id,
                                        "PT")  # fmt: skip
    banner = people_window.treatment.banner.text()
    assert banner == (
        "Kim Lee (front desk) is signed in as the front desk, who may not time visits; "
        "a therapist or an assistant or the owner may."
    )
