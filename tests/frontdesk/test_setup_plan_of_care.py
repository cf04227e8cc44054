"""Clinic set-up, plan of care: a patient's plans and authorizations typed, refused beside
their fields in words (nothing saved), saved, listed and kept."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from timer_app.clinic import ClinicServices
from timer_app.records import Patient
from timer_app.ui.clinic_setup import ClinicSetup
from timer_app.ui.setup_episodes import EpisodesSection
from timer_app.ui.theme import STYLE_SHEET


@pytest.fixture
def section(qtbot, qapp: QApplication, clinic: ClinicServices) -> EpisodesSection:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:
        qapp.setStyleSheet(STYLE_SHEET)
    widget = EpisodesSection(clinic.plan_of_care, clinic.setup, date(2026, 11, 20))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def _medicare_patient(clinic: ClinicServices) -> Patient:
    medicare = clinic.store.payers.find("Medicare")
    assert medicare is not None
    return next(p for p in clinic.setup.patients() if p.payer_id == medicare.id)


def _type_plan(section: EpisodesSection, certified: str, ends: str) -> None:
    section.certified_on.setText(certified)
    section.period_ends.setText(ends)
    section.physician.setText("Alan Grant, MD")
    section.physician_npi.setText("1245319599")
    section.frequency.setText("2x/week")
    section.duration.setText("12")


def test_a_plan_over_90_days_is_refused_beside_its_field_then_saved(
    section: EpisodesSection, clinic: ClinicServices
) -> None:
    patient = _medicare_patient(clinic)
    section.patients.pick(patient.id)
    assert section.heading.text() == f"Plan of care: {patient.name}"
    section.episodes.start_new()
    assert section.episode_box.title() == "New plan of care"
    assert section.diagnoses.diagnoses() == patient.diagnoses  # the patient's, to start
    assert "at most 90 days" in section.rule.text()
    _type_plan(section, "10/01/2026", "12/30/2026")
    assert section.save() is False
    assert section.episode_form.problem("Period ends") == (
        "Medicare certifies a plan of care for at most 90 days; this period is 91 days: end "
        "it on or before 12/29/2026"
    )
    assert clinic.plan_of_care.episodes(patient.id) == []
    section.period_ends.setText("12/29/2026")
    assert section.episode_form.problem("Period ends") == ""  # gone as it is corrected
    assert section.save() is True
    [saved] = clinic.plan_of_care.episodes(patient.id)
    assert (saved.certified_on, saved.period_ends, saved.frequency) == (
        date(2026, 10, 1), date(2026, 12, 29), "2x/week")  # fmt: skip
    assert section.episodes.model.item(0).text() == "PT 10/01/2026-12/29/2026"
    assert section.episode_box.title() == "Change this plan of care"
    assert "saved" in section.episode_status.text()


def test_dates_typed_wrong_are_said_in_words(
    section: EpisodesSection, clinic: ClinicServices
) -> None:
    patient = _medicare_patient(clinic)
    section.patients.pick(patient.id)
    section.episodes.start_new()
    _type_plan(section, "13/45/2026", "")
    section.duration.setText("twelve")
    assert section.save() is False
    assert section.episode_form.problem("Certified on") == (
        "Write the date as MM/DD/YYYY, e.g. 10/01/2026")
    assert section.episode_form.problem("Period ends").startswith("Enter the date")
    assert section.episode_form.problem("Duration (weeks)").startswith("Write the number of weeks")
    assert QApplication.focusWidget() is section.certified_on  # the first wrong field
    assert clinic.plan_of_care.episodes(patient.id) == []


def test_an_authorization_needs_a_count_then_is_saved(
    section: EpisodesSection, clinic: ClinicServices
) -> None:
    patient = _medicare_patient(clinic)
    section.patients.pick(patient.id)
    section.episodes.start_new()
    _type_plan(section, "10/01/2026", "12/29/2026")
    assert section.save() is True
    assert section.authorization_box.isEnabled()
    assert section.authorization_box.title() == "New authorization"
    section.starts.setText("10/01/2026")
    section.ends.setText("12/31/2026")
    assert section.save_authorization() is False
    assert section.authorization_form.problem("Visits") == (
        "Say how many visits or units were authorized (from the payer's letter)")
    section.ends.setText("09/30/2026")
    section.visits.setText("12")
    assert section.save_authorization() is False
    assert section.authorization_form.problem("Ends").startswith("The authorization ends on")
    section.ends.setText("12/31/2026")
    section.reference.setText("AUTH-7781")
    assert section.save_authorization() is True
    assert section.authorizations.model.item(0).text() == (
        "Medicare: 12 visits, 10/01/2026 to 12/31/2026")
    [episode] = clinic.plan_of_care.episodes(patient.id)
    [saved] = clinic.plan_of_care.authorizations(episode.id)
    assert (saved.visits, saved.units, saved.reference) == (12, None, "AUTH-7781")


def test_keyboard_and_names(section: EpisodesSection, qtbot) -> None:  # type: ignore[no-untyped-def]
    section.search_box.setFocus()
    qtbot.keyClicks(section.search_box, "a")
    for widget in (section.certified_on, section.period_ends, section.visits, section.payer,
                   section.save_episode_button, section.save_authorization_button):
        assert widget.accessibleName() and widget.toolTip()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_section_is_a_tab_beside_patients(qtbot, clinic: ClinicServices) -> None:  # type: ignore[no-untyped-def]
    setup = ClinicSetup(clinic)
    qtbot.addWidget(setup)
    titles = [setup.sections.tabText(i) for i in range(setup.sections.count())]
    assert titles[titles.index("Patients") + 1] == "Plan of care"
