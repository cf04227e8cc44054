"""A workstation joined to the clinic server keeps a copy of the master data: set-up there
refuses to change it, in words, but a new patient may still be added."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.clinic.conftest import TODAY, seed_clinic
from timer_app.billing import Kind
from timer_app.clinic import ClinicServices
from timer_app.clinic.master_data import JOINED
from timer_app.clinic.setup import NEW
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Patient

REFUSED = "On a workstation joined to the clinic server, {} is changed at the front desk"


@pytest.fixture
def joined(workstation: ClinicServices) -> ClinicServices:
    seed_clinic(workstation.store)
    workstation.store.settings.set(JOINED, "1")
    return workstation


def test_set_up_edits_are_refused_in_words(joined: ClinicServices) -> None:
    setup = joined.setup
    dana = setup.clinicians()[0]
    medicare = setup.payers()[0]
    sam = Clinician(NEW, "Sam Lee", "PT", "", dana.discipline, dana.role)
    attempts = {
        "the clinic's information": lambda: setup.save_clinic(Clinic("Elsewhere")),
        "a clinician": lambda: setup.save_clinician(sam),
        "a payer with its fees": lambda: setup.save_payer(
            medicare.id, medicare.name, medicare.profile, {"97110": 1}
        ),
        "the clinic's list of codes": lambda: setup.set_shown("97110", False),
        "a patient already on record": lambda: setup.save_patient(setup.patients()[0], TODAY),
    }
    for what, attempt in attempts.items():
        with pytest.raises(UserError, match=REFUSED.format(what).replace("'", ".")):
            attempt()
    with pytest.raises(UserError, match="list of codes"):
        setup.add_custom("G0283", "Electrical stimulation", Kind.UNTIMED)
    assert setup.payers()[0].fees == medicare.fees


def test_a_new_patient_is_still_added_here(joined: ClinicServices) -> None:
    added = joined.setup.save_patient(Patient(NEW, "Park, Jin", date(1990, 5, 1)), TODAY)
    assert joined.setup.patient(added.id).name == "Park, Jin"


def test_a_workstation_not_joined_changes_its_own(joined: ClinicServices) -> None:
    joined.store.settings.set(JOINED, "0")
    clinic = joined.setup.clinic()
    assert clinic is not None
    assert joined.setup.save_clinic(replace(clinic, name="Elsewhere")).name == "Elsewhere"
