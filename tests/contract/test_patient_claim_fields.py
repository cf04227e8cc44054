"""A patient's claim fields (CMS-1500 items 3, 9, 11, 17/17b) kept alike by every store."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.store.helpers import Seed
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records import Patient, Sex

PHYSICIAN_NPI = "1245319599"


def _with_claim(patient: Patient, secondary_payer_id: int) -> Patient:
    return dataclasses.replace(
        patient, sex=Sex.FEMALE, referring_physician="Alan Grant, MD",
        referring_npi=PHYSICIAN_NPI, group_number="GRP-0042",
        secondary_payer_id=secondary_payer_id, secondary_member_id="AARP-77812",
    )  # fmt: skip


def test_a_new_patient_has_no_claim_fields_yet(store: StorePort) -> None:
    patient = store.patients.add("Bob Stone", date(1962, 7, 30))
    assert (patient.sex, patient.referring_physician, patient.referring_npi) == (
        Sex.UNKNOWN, "", "")  # fmt: skip
    assert (patient.group_number, patient.secondary_payer_id, patient.secondary_member_id) == (
        "", None, "")  # fmt: skip


def test_claim_fields_round_trip_on_add_and_update(store: StorePort, seeded: Seed) -> None:
    supplement = store.payers.add("AARP Supplement", "Commercial (AMA)", {})
    changed = _with_claim(seeded.patient, supplement.id)
    assert store.patients.update(changed) == changed
    assert store.patients.get(changed.id) == changed
    assert store.patients.search("Ann Lee") == [changed]
    added = store.patients.add(
        "Cy Park", date(1990, 3, 4), payer_id=seeded.medicare.id, member_id="1EG4TE5MK73",
        sex=Sex.MALE, referring_physician="Ellie Sattler, MD", referring_npi=PHYSICIAN_NPI,
        group_number="G-1", secondary_payer_id=supplement.id, secondary_member_id="S-9",
    )  # fmt: skip
    assert store.patients.get(added.id) == added
    assert (added.sex, added.referring_physician, added.group_number) == (
        Sex.MALE, "Ellie Sattler, MD", "G-1")  # fmt: skip
    assert (added.secondary_payer_id, added.secondary_member_id) == (supplement.id, "S-9")


def test_a_secondary_insurance_keeps_its_payer(store: StorePort, seeded: Seed) -> None:
    supplement = store.payers.add("AARP Supplement", "Commercial (AMA)", {})
    store.patients.update(_with_claim(seeded.patient, supplement.id))
    with pytest.raises(UserError, match="secondary insurance of 1 patients"):
        store.payers.delete(supplement.id)
    assert store.payers.get(supplement.id) == supplement
