"""What the services read and keep, as plain frozen records, the same from every store."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from tests.contract.conftest import write
from tests.store.helpers import DAY, Seed, ended, started
from timer_app.billing import Discipline, Kind
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records import Clinic, CodeSetting, Diagnosis
from timer_app.session.clock import FakeClock
from timer_app.session.model import IntervalEnded, IntervalStarted, VisitStatus


def test_clinic_round_trip(store: StorePort) -> None:
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


def test_clinicians(store: StorePort, seeded: Seed) -> None:
    assert seeded.assistant.role.is_assistant and not seeded.therapist.role.is_assistant
    assert store.clinicians.get(seeded.therapist.id) == seeded.therapist
    updated = store.clinicians.update(
        dataclasses.replace(seeded.therapist, favourite_codes=("97110", "97140"))
    )
    assert updated.favourite_codes == ("97110", "97140")
    assert store.clinicians.get(seeded.therapist.id) == updated
    store.clinicians.update(dataclasses.replace(seeded.assistant, active=False))
    assert [c.name for c in store.clinicians.all()] == ["Dana Reyes"]
    assert [c.name for c in store.clinicians.all(include_inactive=True)] == [
        "Dana Reyes", "Sam Ortiz",
    ]  # fmt: skip
    with pytest.raises(UserError, match="no clinician"):
        store.clinicians.get(99)


def test_payers_and_fees_in_cents(store: StorePort, seeded: Seed) -> None:
    assert seeded.medicare.fees == {"97110": 3000, "97140": 2700}
    payer = store.payers.set_fees(seeded.medicare.id, {"97110": 3100, "97530": 3500})
    assert payer.fees == {"97110": 3100, "97140": 2700, "97530": 3500}
    assert store.payers.get(payer.id) == payer
    commercial = store.payers.add(" Blue Cross ", "Commercial (AMA)")
    assert (commercial.name, commercial.profile) == ("Blue Cross", "Commercial (AMA)")
    assert [p.name for p in store.payers.all()] == ["Blue Cross", "Medicare"]
    assert store.payers.find("medicare") == payer
    renamed = store.payers.update(dataclasses.replace(commercial, name="BCBS"))
    assert (renamed.name, store.payers.find("blue cross")) == ("BCBS", None)
    with pytest.raises(UserError, match="already exists"):
        store.payers.add("MEDICARE", "Medicare")
    with pytest.raises(UserError, match="already exists"):
        store.payers.update(dataclasses.replace(renamed, name="medicare"))
    with pytest.raises(UserError, match="whole cents"):
        store.payers.set_fees(payer.id, {"97110": 29.5})  # type: ignore[dict-item]
    with pytest.raises(UserError, match="no payer"):
        store.payers.get(999)


def test_patients_recent_first_and_search(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    clock.advance(60)
    bob = store.patients.add("Bob Stone", date(1962, 7, 30))
    clock.advance(60)
    cy = store.patients.add("Cy Stone-Lee", date(1990, 3, 4))
    # Ann has a visit, so she comes first; then the newest patients
    assert [p.name for p in store.patients.recent()] == ["Ann Lee", "Cy Stone-Lee", "Bob Stone"]
    assert [p.name for p in store.patients.recent(2)] == ["Ann Lee", "Cy Stone-Lee"]
    store.visits.create(bob.id, seeded.therapist.id, DAY + timedelta(days=1))
    assert store.patients.recent()[0] == bob
    assert {p.name for p in store.patients.search("stone")} == {"Bob Stone", "Cy Stone-Lee"}
    assert [p.name for p in store.patients.search("lee ann")] == ["Ann Lee"]
    assert store.patients.search("07/30/1962") == [bob]
    assert store.patients.search("1990-03-04") == [cy]
    assert store.patients.search("50%") == []
    assert store.patients.search("") == store.patients.recent()


def test_patient_diagnoses_are_kept_in_order(store: StorePort, seeded: Seed) -> None:
    codes = ["M54.50", "M25.561", "S83.511A", "R26.81"]
    patient = store.patients.set_diagnoses(
        seeded.patient.id, [Diagnosis(code, f"dx {code}") for code in codes]
    )
    assert [d.code for d in patient.diagnoses] == codes
    assert store.patients.get(seeded.patient.id) == patient


def test_patient_update(store: StorePort, seeded: Seed) -> None:
    moved = store.patients.update(dataclasses.replace(seeded.patient, address="9 Elm St"))
    assert moved.address == "9 Elm St" and moved.diagnoses == seeded.patient.diagnoses
    assert store.patients.get(seeded.patient.id) == moved
    with pytest.raises(UserError, match="no patient"):
        store.patients.update(dataclasses.replace(seeded.patient, id=999))


def test_code_settings_hold_only_what_the_clinic_chose(store: StorePort) -> None:
    assert store.codes.all() == {}
    store.codes.set_enabled("97113", False)
    store.codes.set_favourite("97110", True)
    custom = store.codes.add_custom("S9129", "Clinic-specific OT service", Kind.UNTIMED)
    assert store.codes.all() == {
        "97110": CodeSetting("97110", favourite=True),
        "97113": CodeSetting("97113", enabled=False),
        "S9129": custom,
    }
    assert list(store.codes.all()) == ["97110", "97113", "S9129"]
    assert custom.custom and custom.kind == "untimed" and custom.enabled
    store.codes.set_favourite("97113", True)
    assert store.codes.all()["97113"] == CodeSetting("97113", enabled=False, favourite=True)
    with pytest.raises(UserError, match="already exists"):
        store.codes.add_custom("97110", "again", Kind.TIMED)


def test_visit_defaults_and_snapshot_of_diagnoses(store: StorePort, seeded: Seed) -> None:
    visit = seeded.visit
    assert visit.payer_id == seeded.medicare.id
    assert visit.discipline is Discipline.PT
    assert (visit.status, visit.version, visit.revision) == (VisitStatus.OPEN, 1, 0)
    assert visit.diagnoses == seeded.patient.diagnoses
    store.patients.set_diagnoses(seeded.patient.id, [Diagnosis("M17.11", "knee OA")])
    assert store.visits.get(visit.id).diagnoses == seeded.patient.diagnoses
    speech = store.visits.create(
        seeded.patient.id, seeded.therapist.id, DAY, payer_id=None, discipline=Discipline.SLP
    )
    assert (speech.discipline, speech.payer_id) == (Discipline.SLP, seeded.medicare.id)
    with pytest.raises(UserError, match="no patient"):
        store.visits.create(999, seeded.therapist.id, DAY)


def test_visit_queries(store: StorePort, seeded: Seed, clock: FakeClock) -> None:
    other_day = store.visits.create(seeded.patient.id, seeded.assistant.id, DAY + timedelta(1))
    first = started(seeded.visit, "97110", clock.now())
    write(store, seeded.visit.id, [IntervalStarted(first)])
    write(store, seeded.visit.id, [IntervalEnded(ended(first, 600))])
    day = store.visits.find(on=DAY)
    assert [v.id for v in day] == [seeded.visit.id]
    assert day[0].intervals == (ended(first, 600),)
    assert day[0].code_seconds() == [("97110", 600)]
    assert store.visits.find(start=DAY, end=DAY + timedelta(1)) == [day[0], other_day]
    assert store.visits.find(clinician_id=seeded.assistant.id) == [other_day]
    assert store.visits.find(status=VisitStatus.FINISHED) == []
    assert store.visits.find(status=VisitStatus.OPEN, on=DAY + timedelta(1)) == [other_day]
    assert store.visits.find(patient_id=seeded.patient.id, start=DAY + timedelta(1)) == [other_day]
    assert store.visits.count() == 2
    with pytest.raises(UserError, match="no visit"):
        store.visits.get(999)


def test_a_days_visits_come_by_their_first_start(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    later = store.visits.create(seeded.patient.id, seeded.assistant.id, DAY)
    empty = store.visits.create(seeded.patient.id, seeded.assistant.id, DAY)
    write(store, later.id, [IntervalStarted(started(later, "97110", clock.now()))], "Sam")
    clock.advance(60)
    write(store, seeded.visit.id, [IntervalStarted(started(seeded.visit, "97110", clock.now()))])
    assert [v.id for v in store.visits.find(on=DAY)] == [later.id, seeded.visit.id, empty.id]


def test_deleting_only_what_has_no_records(store: StorePort, seeded: Seed) -> None:
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


def test_imported_rule_tables_replace_the_earlier_ones(store: StorePort, clock: FakeClock) -> None:
    from timer_app.billing.edits import EditPair

    assert store.rules.edit_pairs() is None  # the shipped list until the clinic imports one
    first = [EditPair("97140", "97530", 1, date(2002, 1, 1), None, "CMS 2026Q3")]
    store.rules.replace_edit_pairs(first, "q3.txt", "2026Q3", clock.now())
    second = [EditPair("97530", "97150", 0, date(2014, 1, 1), date(2027, 1, 1), "CMS 2026Q4"),
              EditPair("97110", "97112", 9, date(2005, 1, 1), None, "CMS 2026Q4")]  # fmt: skip
    store.rules.replace_edit_pairs(second, "q4.txt", "2026Q4", clock.now())
    imported = store.rules.edit_pairs()
    assert imported is not None and imported.pairs == tuple(second)
    assert (imported.source, imported.quarter, imported.imported_at) == (
        "q4.txt", "2026Q4", clock.now(),
    )  # fmt: skip


def test_a_payers_own_cq_co_choice(store: StorePort, seeded: Seed) -> None:
    assert seeded.medicare.assistant_modifiers is None  # as its profile
    plan = store.payers.add("Aetna", "Commercial (AMA)", assistant_modifiers=True)
    assert store.payers.get(plan.id).assistant_modifiers is True
    off = store.payers.update(dataclasses.replace(seeded.medicare, assistant_modifiers=False))
    assert store.payers.get(off.id).assistant_modifiers is False
    assert store.payers.get(off.id).fees == seeded.medicare.fees
    back = store.payers.update(dataclasses.replace(off, assistant_modifiers=None))
    assert store.payers.get(back.id).assistant_modifiers is None


def test_therapy_billed_elsewhere_by_year_and_bucket(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    patient = seeded.patient.id
    assert store.patients.therapy_elsewhere(patient, 2026) == {}
    saved = store.patients.set_therapy_elsewhere(
        patient, 2026, {"PT_SLP": 120_000, "OT": 5_000}, "Front desk"
    )
    assert saved == {"OT": 5_000, "PT_SLP": 120_000}
    assert store.patients.therapy_elsewhere(patient, 2026) == saved
    assert store.patients.therapy_elsewhere(patient, 2025) == {}
    later = store.patients.set_therapy_elsewhere(patient, 2026, {"OT": 0}, "Front desk")
    assert later == {"PT_SLP": 120_000}  # 0 forgets OT, PT and speech stay
    entry = store.audit.latest(1)[0]
    assert (entry.what, entry.who, entry.visit_id) == (
        "therapy billed elsewhere", "Front desk", None,
    )  # fmt: skip
    assert entry.before == {"patient": "Ann Lee", "year": "2026", "OT": "$50.00",
                            "PT_SLP": "$1,200.00"}  # fmt: skip
    assert entry.after == {"patient": "Ann Lee", "year": "2026", "PT_SLP": "$1,200.00"}
    for year, amounts, words in (
        (2026, {"PT": 1}, "not a therapy group"),
        (2026, {"OT": -5}, "whole cents"),
        (26, {"OT": 5}, "not a year"),
    ):
        with pytest.raises(UserError, match=words):
            store.patients.set_therapy_elsewhere(patient, year, amounts, "Front desk")
    with pytest.raises(UserError, match="no patient"):
        store.patients.set_therapy_elsewhere(999, 2026, {"OT": 1}, "Front desk")
    assert store.patients.therapy_elsewhere(patient, 2026) == {"PT_SLP": 120_000}
