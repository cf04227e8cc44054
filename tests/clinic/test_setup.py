"""Clinic set-up checks everything before it saves, whoever calls it (a form, a test)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.clinic.conftest import TODAY
from timer_app.billing import Discipline, Kind
from timer_app.clinic import ClinicServices
from timer_app.clinic.setup import NEW
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Diagnosis, Patient, Role

NPI = "1234567893"


@pytest.mark.parametrize(
    ("clinician", "words"),
    [
        (Clinician(NEW, " ", "PT", NPI, Discipline.PT, Role.PT), "Name: enter the name"),
        (Clinician(NEW, "Kim", "PT", "123", Discipline.PT, Role.PT), "NPI: "),
        (Clinician(NEW, "Kim", "OTA", "", Discipline.PT, Role.OTA), "Discipline: a OTA works"),
    ],
)
def test_a_clinician_is_refused_in_words(
    clinic: ClinicServices, clinician: Clinician, words: str
) -> None:
    before = clinic.setup.clinicians()
    with pytest.raises(UserError, match=words):
        clinic.setup.save_clinician(clinician)
    assert clinic.setup.clinicians() == before


def test_an_assistant_needs_no_npi_and_a_change_keeps_the_favourites(
    clinic: ClinicServices,
) -> None:
    alex = clinic.setup.save_clinician(
        Clinician(NEW, " Alex Kim ", "COTA", "", Discipline.OT, Role.OTA, active=False)
    )
    assert (alex.name, alex.npi, alex.active) == ("Alex Kim", "", False)
    clinic.treatment.set_favourites(alex.id, ["97530"])
    moved = clinic.setup.save_clinician(replace(alex, credentials="COTA/L", active=True))
    assert moved.favourite_codes == ("97530",) and moved.active


def test_a_patient_is_checked_and_tidied(clinic: ClinicServices) -> None:
    born = date(1990, 1, 5)
    for patient, words in (
        (Patient(NEW, "Baby", TODAY + timedelta(days=3)), "in the future"),
        (Patient(NEW, "Ann", born, payer_id=1), "Member ID: enter the member ID"),
        (Patient(NEW, "Ann", born, diagnoses=(Diagnosis("97110", "x"),)), "not an ICD-10-CM"),
        (Patient(NEW, "Ann", born, diagnoses=tuple(
            Diagnosis(f"M{n:02d}.1", "x") for n in range(13))), "at most 12"),
    ):  # fmt: skip
        with pytest.raises(UserError, match=words):
            clinic.setup.save_patient(patient, TODAY)
    saved = clinic.setup.save_patient(Patient(NEW, "  Ruiz, Ana ", born, member_id=" 7 "), TODAY)
    assert (saved.name, saved.member_id) == ("Ruiz, Ana", "7")
    assert clinic.setup.patients("ruiz") == [saved]


def test_a_payer_and_its_fees_together_or_not_at_all(clinic: ClinicServices) -> None:
    with pytest.raises(UserError, match="unknown payer 'Workers'"):
        clinic.setup.save_payer(NEW, "Comp", "Workers", {})
    humana = clinic.setup.save_payer(NEW, "Humana", "commercial (ama)", {"97110": 2500})
    assert (humana.profile, humana.fees) == ("Commercial (AMA)", {"97110": 2500})
    with pytest.raises(UserError, match="whole cents"):
        clinic.setup.save_payer(humana.id, "Humana Gold", "Medicare", {"97110": -1})
    assert clinic.setup.payer(humana.id) == humana  # the name did not change without the fees
    changed = clinic.setup.save_payer(humana.id, "Humana", "Medicare", {"97110": None})
    assert (changed.profile, changed.fees) == ("Medicare", {})


def test_the_clinic_is_checked_and_normalized(clinic: ClinicServices) -> None:
    with pytest.raises(UserError, match="Address: two lines at least"):
        clinic.setup.save_clinic(Clinic("Riverside", "12 Main St", "2175550100", "12-3456789", NPI))
    saved = clinic.setup.save_clinic(
        Clinic(" Riverside ", "12 Main St\n\nSpringfield, IL\n", "217 555 0100", "123456789", NPI)
    )
    assert (saved.name, saved.address, saved.tax_id) == (
        "Riverside", "12 Main St\nSpringfield, IL", "12-3456789",
    )  # fmt: skip


def test_codes_the_clinic_adds_and_turns_off(clinic: ClinicServices) -> None:
    for code, label, words in (
        ("97110", "Again", "97110 is already in the list"),
        ("G02", "Short", "a HCPCS code a letter"),
        ("97799", " ", "Label: enter the label"),
    ):
        with pytest.raises(UserError, match=words):
            clinic.setup.add_custom(code, label, Kind.TIMED)
    row = clinic.setup.add_custom(" s9129", "Clinic-specific OT service", Kind.UNTIMED)
    assert (row.code, row.kind, row.custom, row.shown) == ("S9129", Kind.UNTIMED, True, True)
    assert clinic.setup.code_rows()[-1] == row
    assert not clinic.setup.set_shown("97113", False).shown
    assert "97113" not in dict(clinic.setup.fee_codes())
    with pytest.raises(UserError, match="unknown code '99999'"):
        clinic.setup.set_favourite("99999", True)
