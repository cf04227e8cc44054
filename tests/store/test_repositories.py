"""Repositories: what the screens ask for, as plain frozen records."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from tests.store.helpers import DAY, Seed, ended, started
from timer_app.billing import Discipline, Kind
from timer_app.errors import UserError
from timer_app.session.clock import FakeClock
from timer_app.session.model import IntervalEnded, IntervalStarted, VisitStatus
from timer_app.store import Clinic, Diagnosis, Role, Store


def test_clinic_round_trip(store: Store) -> None:
    assert store.clinic.get() is None
    clinic = Clinic("Riverside Therapy", "12 Main St\nSpringfield, IL 62701", "217-555-0100",
                    "12-3456789", "1234567893")  # fmt: skip
    store.clinic.save(clinic)
    assert store.clinic.get() == clinic
    store.clinic.save(dataclasses.replace(clinic, phone="217-555-0199"))
    assert store.clinic.get() == dataclasses.replace(clinic, phone="217-555-0199")
    assert clinic.place_of_service == "11"


def test_records_are_frozen(seeded: Seed) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        seeded.patient.name = "x"  # type: ignore[misc]


def test_clinicians(store: Store, seeded: Seed) -> None:
    assert seeded.assistant.role.is_assistant and not seeded.therapist.role.is_assistant
    updated = store.clinicians.update(
        dataclasses.replace(seeded.therapist, favourite_codes=("97110", "97140"))
    )
    assert updated.favourite_codes == ("97110", "97140")
    store.clinicians.update(dataclasses.replace(seeded.assistant, active=False))
    assert [c.name for c in store.clinicians.all()] == ["Dana Reyes"]
    assert len(store.clinicians.all(include_inactive=True)) == 2
    with pytest.raises(UserError, match="no clinician"):
        store.clinicians.get(99)
    with pytest.raises(UserError, match="name"):
        store.clinicians.add(" ", discipline=Discipline.OT, role=Role.OT)


def test_payers_and_fees_in_cents(store: Store, seeded: Seed) -> None:
    assert seeded.medicare.fees == {"97110": 3000, "97140": 2700}
    payer = store.payers.set_fees(seeded.medicare.id, {"97110": 3100, "97530": 3500})
    assert payer.fees == {"97110": 3100, "97140": 2700, "97530": 3500}
    commercial = store.payers.add("Blue Cross", "commercial (ama)")
    assert commercial.profile == "Commercial (AMA)"
    assert [p.name for p in store.payers.all()] == ["Blue Cross", "Medicare"]
    assert store.payers.find("medicare") == payer
    with pytest.raises(UserError, match="already exists"):
        store.payers.add("MEDICARE", "Medicare")
    with pytest.raises(UserError, match="unknown payer"):
        store.payers.add("Aetna", "no such profile")
    with pytest.raises(UserError, match="whole cents"):
        store.payers.set_fees(payer.id, {"97110": 29.5})  # type: ignore[dict-item]


def test_patients_recent_first_and_search(store: Store, seeded: Seed, clock: FakeClock) -> None:
    clock.advance(60)
    bob = store.patients.add("Bob Stone", date(1962, 7, 30))
    clock.advance(60)
    cy = store.patients.add("Cy Stone-Lee", date(1990, 3, 4))
    # Ann has a visit, so she comes first; then the newest patients
    assert [p.name for p in store.patients.recent()] == ["Ann Lee", "Cy Stone-Lee", "Bob Stone"]
    store.visits.create(bob.id, seeded.therapist.id, DAY + timedelta(days=1))
    assert store.patients.recent()[0] == bob
    assert {p.name for p in store.patients.search("stone")} == {"Bob Stone", "Cy Stone-Lee"}
    assert [p.name for p in store.patients.search("lee ann")] == ["Ann Lee"]
    assert store.patients.search("07/30/1962") == [bob]
    assert store.patients.search("1990-03-04") == [cy]
    assert store.patients.search("50%") == []
    assert store.patients.search("") == store.patients.recent()


def test_patient_diagnoses_are_ordered_and_capped(store: Store, seeded: Seed) -> None:
    codes = ["M54.50", "M25.561", "S83.511A", "R26.81"]
    patient = store.patients.set_diagnoses(
        seeded.patient.id, [Diagnosis(code, f"dx {code}") for code in codes]
    )
    assert [d.code for d in patient.diagnoses] == codes
    too_many = [Diagnosis(f"M{n:02d}.1", "x") for n in range(13)]
    with pytest.raises(UserError, match="at most 12"):
        store.patients.set_diagnoses(seeded.patient.id, too_many)
    with pytest.raises(UserError, match="not an ICD-10-CM code"):
        store.patients.set_diagnoses(seeded.patient.id, [Diagnosis("97110", "x")])
    assert store.patients.get(seeded.patient.id) == patient  # the refusals changed nothing


def test_patient_update_and_future_birth(store: Store, seeded: Seed) -> None:
    moved = store.patients.update(dataclasses.replace(seeded.patient, address="9 Elm St"))
    assert moved.address == "9 Elm St" and moved.diagnoses == seeded.patient.diagnoses
    with pytest.raises(UserError, match="future"):
        store.patients.add("Baby", date.today() + timedelta(days=3))


def test_code_settings(store: Store) -> None:
    settings = store.codes.all()
    assert settings["97110"].enabled and not settings["97110"].favourite
    store.codes.set_enabled("97113", False)
    store.codes.set_favourite("97110", True)
    custom = store.codes.add_custom("s9129", "Clinic-specific OT service", Kind.UNTIMED)
    settings = store.codes.all()
    assert not settings["97113"].enabled
    assert settings["97110"].favourite
    assert settings["S9129"] == custom and custom.custom and custom.kind == "untimed"
    assert list(settings)[-1] == "S9129"
    with pytest.raises(UserError, match="already exists"):
        store.codes.add_custom("97110", "again", Kind.TIMED)
    with pytest.raises(UserError, match="unknown code"):
        store.codes.set_favourite("99999", True)


def test_visit_defaults_and_snapshot_of_diagnoses(store: Store, seeded: Seed) -> None:
    visit = seeded.visit
    assert visit.payer_id == seeded.medicare.id
    assert visit.discipline is Discipline.PT
    assert visit.status is VisitStatus.OPEN and visit.version == 1
    assert visit.diagnoses == seeded.patient.diagnoses
    store.patients.set_diagnoses(seeded.patient.id, [Diagnosis("M17.11", "knee OA")])
    assert store.visits.get(visit.id).diagnoses == seeded.patient.diagnoses


def test_visit_queries(store: Store, seeded: Seed, clock: FakeClock) -> None:
    other_day = store.visits.create(seeded.patient.id, seeded.assistant.id, DAY + timedelta(1))
    first = started(seeded.visit, "97110", clock.now())
    store.apply([IntervalStarted(first)], who="Dana")
    store.apply([IntervalEnded(ended(first, 600))], who="Dana")
    day = store.visits.for_day(DAY)
    assert [v.id for v in day] == [seeded.visit.id]
    assert day[0].intervals == (ended(first, 600),)
    assert day[0].code_seconds() == [("97110", 600)]
    assert store.visits.find(start=DAY, end=DAY + timedelta(1)) == [day[0], other_day]
    assert store.visits.find(clinician_id=seeded.assistant.id) == [other_day]
    assert store.visits.find(status=VisitStatus.FINISHED) == []
    assert store.visits.find(status=VisitStatus.OPEN, on=DAY + timedelta(1)) == [other_day]
    assert store.visits.find(patient_id=seeded.patient.id, start=DAY + timedelta(1)) == [other_day]
    with pytest.raises(UserError, match="no visit"):
        store.visits.get(999)


def test_chosen_units_pointers_and_payment(store: Store, seeded: Seed) -> None:
    visit = store.visits.set_chosen_units(seeded.visit.id, {"97110": 1, "97140": 1}, "Dana")
    assert visit.chosen_units == {"97110": 1, "97140": 1}
    visit = store.visits.set_diagnosis_pointers(visit.id, {"97110": [1]}, "Dana")
    assert visit.diagnosis_pointers == {"97110": (1,)}
    with pytest.raises(UserError, match="between A and L"):
        store.visits.set_diagnosis_pointers(visit.id, {"97110": [13]}, "Dana")
    visit = store.visits.record_payment(visit.id, 2500, "Front desk")
    assert visit.amount_paid_cents == 2500
    assert [e.what for e in store.audit.for_visit(visit.id)] == [
        "chosen units", "diagnosis pointers", "amount paid",
    ]  # fmt: skip


def test_visit_diagnoses_are_its_own(store: Store, seeded: Seed) -> None:
    knee = [Diagnosis("M17.11", "knee OA"), Diagnosis("M25.561", "knee pain")]
    visit = store.visits.set_diagnoses(seeded.visit.id, knee, "Dana")
    assert visit.diagnoses == tuple(knee)
    assert store.patients.get(seeded.patient.id).diagnoses == seeded.patient.diagnoses
    entry = store.audit.for_visit(visit.id)[-1]
    assert entry.before == {"codes": ["M54.50"]} and entry.after == {"codes": ["M17.11", "M25.561"]}
    with pytest.raises(UserError, match="at most 12"):
        store.visits.set_diagnoses(
            visit.id, [Diagnosis(f"M{n:02d}.1", "x") for n in range(13)], "D"
        )


def test_deleting_only_what_has_no_records(store: Store, seeded: Seed) -> None:
    mistake = store.patients.add("Typo Patient", date(1980, 1, 1), diagnoses=[
        Diagnosis("M54.50", "Low back pain")
    ])  # fmt: skip
    store.patients.delete(mistake.id)
    with pytest.raises(UserError, match="no patient"):
        store.patients.get(mistake.id)
    with pytest.raises(UserError, match="has 1 visits; their records must be kept"):
        store.patients.delete(seeded.patient.id)
    payer = store.payers.remove_fees(seeded.medicare.id, ["97140"])
    assert payer.fees == {"97110": 3000}
    with pytest.raises(UserError, match="Medicare is the payer of 1 patients"):
        store.payers.delete(seeded.medicare.id)
    unused = store.payers.add("Old plan", "Medicare", {"97110": 1})
    store.payers.delete(unused.id)
    assert store.payers.find("Old plan") is None
