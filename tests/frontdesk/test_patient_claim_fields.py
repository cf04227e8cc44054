"""A patient's claim fields in set-up: sex (CMS-1500 item 3), the referring or certifying
physician and NPI (17/17b), the group number (11) and a secondary insurance (9): typed,
checked beside the field, saved and shown again; a wrong one saves nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from tests.frontdesk.conftest import TODAY
from timer_app.clinic import ClinicServices
from timer_app.clinic.setup import NEW
from timer_app.errors import UserError
from timer_app.records import Patient, Sex
from timer_app.store import Store
from timer_app.ui.clinic_setup import ClinicSetup
from timer_app.ui.setup_patients import PatientsSection
from timer_app.ui.theme import STYLE_SHEET

PHYSICIAN_NPI = "1245319599"


@pytest.fixture
def setup(qtbot, qapp: QApplication, clinic: ClinicServices) -> ClinicSetup:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:
        qapp.setStyleSheet(STYLE_SHEET)
    widget = ClinicSetup(clinic)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


@pytest.fixture
def section(setup: ClinicSetup) -> PatientsSection:
    return setup.patients  # the set-up window lives as long as the test


def _pick(box, text: str) -> None:  # type: ignore[no-untyped-def]
    index = box.findText(text)
    assert index >= 0, text
    box.setCurrentIndex(index)


def _type_a_medicare_patient(section: PatientsSection) -> None:
    section.records.start_new()
    section.name.setText("Ruiz, Ana")
    section.born.setText("07/04/1950")
    _pick(section.payer, "Medicare")
    section.member_id.setText("7AC2CD3EF45")


def _type_claim_fields(section: PatientsSection) -> None:
    _pick(section.sex, "Female (F)")
    section.physician.setText("Alan Grant, MD")
    section.physician_npi.setText(PHYSICIAN_NPI)
    section.group_number.setText("GRP-0042")
    _pick(section.secondary_payer, "UnitedHealthcare")
    section.secondary_member_id.setText("UHC-558812")


def _ana(store: Store) -> Patient:
    return store.patients.search("Ruiz, Ana")[0]


def test_the_claim_fields_are_saved_and_shown_again(section: PatientsSection, store: Store) -> None:
    _type_a_medicare_patient(section)
    _type_claim_fields(section)
    assert section.save() is True
    ana = _ana(store)
    assert ana.sex is Sex.FEMALE
    assert (ana.referring_physician, ana.referring_npi) == ("Alan Grant, MD", PHYSICIAN_NPI)
    assert ana.group_number == "GRP-0042"
    united = next(p for p in store.payers.all() if p.name == "UnitedHealthcare")
    assert (ana.secondary_payer_id, ana.secondary_member_id) == (united.id, "UHC-558812")
    section.edit(None)  # another patient, then Ana again: every field as saved
    assert section.physician.text() == ""
    section.edit(ana.id)
    assert section.sex.currentText() == "Female (F)"
    assert (section.physician.text(), section.physician_npi.text()) == (
        "Alan Grant, MD", PHYSICIAN_NPI)  # fmt: skip
    assert section.group_number.text() == "GRP-0042"
    assert section.secondary_payer.currentText() == "UnitedHealthcare"
    assert section.secondary_member_id.text() == "UHC-558812"


def test_sex_is_offered_as_the_claim_form_takes_it(section: PatientsSection) -> None:
    choices = [section.sex.itemText(i) for i in range(section.sex.count())]
    assert choices == ["Unknown", "Female (F)", "Male (M)"]
    assert section.sex.accessibleName() == "Sex"


def test_a_bad_physician_npi_is_said_beside_it_and_nothing_saved(
    section: PatientsSection, store: Store
) -> None:
    _type_a_medicare_patient(section)
    section.physician.setText("Alan Grant, MD")
    section.physician_npi.setText("1245319598")
    assert section.save() is False
    assert section.form.problem("Physician NPI").startswith("This NPI's check digit")
    section.physician_npi.setText("")
    assert section.save() is False
    assert "Physician NPI" in section.form.fields
    assert section.form.problem("Physician NPI").startswith("Enter the physician's 10-digit NPI")
    assert store.patients.search("Ruiz, Ana") == []


def test_a_physician_npi_needs_their_name(section: PatientsSection) -> None:
    _type_a_medicare_patient(section)
    section.physician_npi.setText(PHYSICIAN_NPI)
    assert section.save() is False
    words = "Enter the physician's name with their NPI (item 17)"
    assert section.form.problem("Physician") == words


def test_a_secondary_insurance_is_another_payer_with_its_member_id(
    section: PatientsSection, store: Store
) -> None:
    _type_a_medicare_patient(section)
    _pick(section.secondary_payer, "Medicare")
    assert section.save() is False
    assert "primary insurance too" in section.form.problem("Secondary insurance")
    _pick(section.secondary_payer, "UnitedHealthcare")
    assert section.save() is False
    assert section.form.problem("Secondary member ID") == (
        "Enter the member ID from the insurance card")  # fmt: skip
    _pick(section.secondary_payer, "None")
    section.secondary_member_id.setText("UHC-1")
    assert section.save() is False
    assert "choose the secondary payer" in section.form.problem("Secondary member ID").lower()
    assert store.patients.search("Ruiz, Ana") == []


def test_a_medicare_secondary_number_is_checked_as_an_mbi(section: PatientsSection) -> None:
    _type_a_medicare_patient(section)
    _pick(section.payer, "UnitedHealthcare")
    section.member_id.setText("UHC-1")
    _pick(section.secondary_payer, "Medicare")
    section.secondary_member_id.setText("12345")
    assert section.save() is False
    assert "Medicare number (MBI) has 11" in section.form.problem("Secondary member ID")


def test_the_group_number_has_its_limit(section: PatientsSection) -> None:
    assert section.form.limit("Group number") == "at most 30 characters"
    assert section.group_number.maxLength() == 30


# --- the service, as scripts and other screens call it ---------------------------------------


def _saved_ana(clinic: ClinicServices) -> Patient:
    medicare = next(p for p in clinic.setup.payers() if p.name == "Medicare")
    typed = Patient(0, "Ruiz, Ana", TODAY.replace(year=1950), payer_id=medicare.id,
                    member_id="7AC2CD3EF45")  # fmt: skip
    return clinic.setup.save_patient(replace(typed, id=NEW), TODAY)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"referring_physician": "Alan Grant, MD", "referring_npi": "12345"},
         "Physician NPI: an NPI has 10 digits; this one has 5"),
        ({"referring_physician": "Alan Grant, MD"}, "Physician NPI: enter the physician's"),
        ({"referring_npi": PHYSICIAN_NPI}, "Physician: enter the physician's name"),
        ({"sex": "X"}, "Sex: choose F (female), M (male) or U (unknown)"),
        ({"group_number": "G" * 31}, "Group number: at most 30 characters"),
        ({"secondary_member_id": "S-1"}, "Secondary member ID: choose the secondary payer"),
    ],
)  # fmt: skip
def test_the_service_refuses_a_wrong_claim_field_and_changes_nothing(
    clinic: ClinicServices, store: Store, change: dict[str, object], words: str
) -> None:
    ana = _saved_ana(clinic)
    with pytest.raises(UserError, match="^" + words.replace("(", r"\(").replace(")", r"\)")):
        clinic.setup.save_patient(replace(ana, **change), TODAY)  # type: ignore[arg-type]
    assert store.patients.get(ana.id) == ana


def test_the_service_refuses_a_medicare_number_that_is_not_an_mbi(
    clinic: ClinicServices, store: Store
) -> None:
    ana = _saved_ana(clinic)
    with pytest.raises(UserError, match=r"^Member ID: .*MBI"):
        clinic.setup.save_patient(replace(ana, member_id="12345"), TODAY)
    assert store.patients.get(ana.id).member_id == "7AC2CD3EF45"


def test_the_service_keeps_the_npi_as_its_digits_and_the_sex_as_its_letter(
    clinic: ClinicServices,
) -> None:
    ana = _saved_ana(clinic)
    saved = clinic.setup.save_patient(
        replace(ana, sex="M", referring_physician=" Alan Grant, MD ",  # type: ignore[arg-type]
                referring_npi="124 531 9599"), TODAY,
    )  # fmt: skip
    assert (saved.sex, saved.referring_physician, saved.referring_npi) == (
        Sex.MALE, "Alan Grant, MD", PHYSICIAN_NPI)  # fmt: skip

