"""Episodes of care, authorizations and a visit's plan-of-care details, alike on every
store: the SQLite file, the store in memory and the clinic server."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.contract.conftest import write
from tests.contract.test_visit_writes import finish, sign
from tests.store.helpers import DAY, Seed
from timer_app.billing import Discipline
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records import Clinic, Diagnosis, VisitDetailsSet
from timer_app.records.chain import seal_matches
from timer_app.records.plan_of_care import NO_ID, Authorization, Episode
from timer_app.session.clock import FakeClock

DIAGNOSES = (Diagnosis("M54.50", "Low back pain, unspecified"),
             Diagnosis("M62.81", "Muscle weakness (generalized)"))  # fmt: skip


def _episode(patient_id: int, certified: date = date(2026, 10, 1), **changes: object) -> Episode:
    typed = Episode(
        NO_ID, patient_id, Discipline.PT, certified, date(2026, 12, 29),
        physician="Alan Grant, MD", physician_npi="1245319599", frequency="2x/week",
        duration_weeks=12, diagnoses=DIAGNOSES,
    )  # fmt: skip
    return dataclasses.replace(typed, **changes)  # type: ignore[arg-type]


def test_an_episode_round_trips(store: StorePort, seeded: Seed) -> None:
    added = store.episodes.add(_episode(seeded.patient.id))
    assert added.id != NO_ID
    assert added == dataclasses.replace(_episode(seeded.patient.id), id=added.id)
    assert store.episodes.get(added.id) == added
    changed = dataclasses.replace(
        added, period_ends=date(2026, 12, 20), diagnoses=DIAGNOSES[1:],
        last_progress_report=date(2026, 11, 1), discharged_on=date(2026, 12, 1),
        duration_weeks=None, frequency="3x/week",
    )  # fmt: skip
    assert store.episodes.update(changed) == changed
    assert store.episodes.get(added.id) == changed
    assert store.episodes.current() == []


def test_episodes_are_listed_newest_first(store: StorePort, seeded: Seed) -> None:
    old = store.episodes.add(_episode(seeded.patient.id, date(2026, 6, 1)))
    new = store.episodes.add(_episode(seeded.patient.id, date(2026, 9, 1)))
    other = store.patients.add("Bob Stone", date(1962, 7, 30))
    assert store.episodes.for_patient(seeded.patient.id) == [new, old]
    assert store.episodes.for_patient(other.id) == []
    assert store.episodes.current() == [new, old]


def test_unknown_records_are_refused(store: StorePort, seeded: Seed) -> None:
    with pytest.raises(UserError, match="no patient"):
        store.episodes.add(_episode(999_999))
    with pytest.raises(UserError, match="no episode"):
        store.episodes.get(999_999)
    episode = store.episodes.add(_episode(seeded.patient.id))
    with pytest.raises(UserError, match="no payer"):
        store.episodes.add_authorization(
            Authorization(NO_ID, episode.id, 999_999, DAY, DAY, visits=3)
        )
    with pytest.raises(UserError, match="no authorization"):
        store.episodes.authorization(999_999)


def test_an_authorization_round_trips(store: StorePort, seeded: Seed) -> None:
    episode = store.episodes.add(_episode(seeded.patient.id))
    typed = Authorization(NO_ID, episode.id, seeded.medicare.id, date(2026, 10, 1),
                          date(2026, 12, 31), visits=12, reference="AUTH-7781")  # fmt: skip
    added = store.episodes.add_authorization(typed)
    assert added == dataclasses.replace(typed, id=added.id)
    next_one = Authorization(NO_ID, episode.id, seeded.medicare.id, date(2027, 1, 1),
                             date(2027, 3, 31), units=40)  # fmt: skip
    later = store.episodes.add_authorization(next_one)
    assert store.episodes.authorizations(episode.id) == [later, added]
    changed = dataclasses.replace(added, visits=None, units=48, ends=date(2026, 12, 15))
    assert store.episodes.update_authorization(changed) == changed
    assert store.episodes.authorization(added.id) == changed


def test_a_visit_gets_the_open_episode_and_the_clinics_place(
    store: StorePort, seeded: Seed
) -> None:
    assert (seeded.visit.episode_id, seeded.visit.place_of_service) == (None, "11")
    store.clinic.save(Clinic("Riverside Therapy", place_of_service="22"))
    older = store.episodes.add(_episode(seeded.patient.id, date(2026, 6, 1)))
    newest = store.episodes.add(_episode(seeded.patient.id, date(2026, 10, 1)))
    store.episodes.add(_episode(seeded.patient.id, date(2026, 12, 1)))  # starts after the day
    store.episodes.add(_episode(seeded.patient.id, date(2026, 10, 5),
                                discharged_on=date(2026, 10, 30)))  # fmt: skip
    store.episodes.add(_episode(seeded.patient.id, date(2026, 10, 9), discipline=Discipline.OT))
    visit = store.visits.create(seeded.patient.id, seeded.therapist.id, DAY)
    assert (visit.episode_id, visit.place_of_service) == (newest.id, "22")
    assert (visit.audio_only, visit.progress_report) == (False, False)
    assert older.id != newest.id


def test_a_visits_details_are_written_and_kept_by_an_amendment(
    store: StorePort, seeded: Seed
) -> None:
    episode = store.episodes.add(_episode(seeded.patient.id))
    details = VisitDetailsSet(episode.id, "10", audio_only=True, progress_report=True)
    written = write(store, seeded.visit.id, [details])
    assert (written.episode_id, written.place_of_service) == (episode.id, "10")
    assert (written.audio_only, written.progress_report) == (True, True)
    assert store.visits.get(seeded.visit.id) == written
    notes = [e for e in store.audit.for_visit(seeded.visit.id) if e.what == "visit details"]
    assert notes[-1].after == {"episode_id": episode.id, "place_of_service": "10",
                               "audio_only": True, "progress_report": True}  # fmt: skip


@pytest.mark.parametrize(
    ("place", "audio", "words"),
    [("99", False, "not one the program knows"), ("11", True, "audio only is for telehealth")],
)
def test_a_wrong_place_is_refused_and_nothing_changes(
    store: StorePort, seeded: Seed, place: str, audio: bool, words: str
) -> None:
    with pytest.raises(UserError, match=words):
        write(store, seeded.visit.id, [VisitDetailsSet(None, place, audio_only=audio)])
    assert store.visits.get(seeded.visit.id) == seeded.visit


def test_the_seal_covers_the_place_and_an_amendment_keeps_it(
    store: StorePort, seeded: Seed, clock: FakeClock
) -> None:
    write(store, seeded.visit.id, [VisitDetailsSet(None, "02", progress_report=True)])
    signed = sign(store, finish(store, seeded, clock), seeded.therapist.id, clock)
    assert signed.signed_digest is not None and signed.signed_digest.startswith("v2:")
    assert seal_matches(signed)
    assert not seal_matches(dataclasses.replace(signed, place_of_service="11"))
    assert not seal_matches(dataclasses.replace(signed, progress_report=False))
    with pytest.raises(UserError, match="signed"):
        write(store, signed.id, [VisitDetailsSet(None, "11")])
    amended = store.amend(signed.id, signed.revision, "wrong code", "Dana")
    assert (amended.place_of_service, amended.progress_report) == ("02", True)


def test_a_patient_with_a_plan_of_care_is_kept(store: StorePort, seeded: Seed) -> None:
    planned = store.patients.add("Bob Stone", date(1962, 7, 30))
    store.episodes.add(_episode(planned.id))
    with pytest.raises(UserError, match="has 1 plans of care; their records must be kept"):
        store.patients.delete(planned.id)
    assert store.patients.get(planned.id) == planned
