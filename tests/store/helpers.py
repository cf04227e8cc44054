"""A small clinic for the store tests (any store), and intervals made as the timer makes them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from timer_app.billing import Discipline
from timer_app.clinic.port import StorePort
from timer_app.records import Clinician, Diagnosis, Patient, Payer, Role, Visit
from timer_app.session.model import Interval

DAY = date(2026, 11, 2)


@dataclass(frozen=True)
class Seed:
    therapist: Clinician
    assistant: Clinician
    medicare: Payer
    patient: Patient
    visit: Visit


def seed(store: StorePort) -> Seed:
    therapist = store.clinicians.add(
        "Dana Reyes", discipline=Discipline.PT, role=Role.PT, credentials="PT, DPT",
        npi="1234567893",
    )  # fmt: skip
    assistant = store.clinicians.add(
        "Sam Ortiz", discipline=Discipline.PT, role=Role.PTA, credentials="PTA"
    )
    medicare = store.payers.add("Medicare", "Medicare", {"97110": 3000, "97140": 2700})
    patient = store.patients.add(
        "Ann Lee", date(1950, 1, 2), payer_id=medicare.id, member_id="1EG4TE5MK72",
        diagnoses=[Diagnosis("M54.50", "Low back pain, unspecified")],
    )  # fmt: skip
    visit = store.visits.create(patient.id, therapist.id, DAY)
    return Seed(therapist, assistant, medicare, patient, visit)


def started(visit: Visit, code: str, at: datetime, clinician_id: int | None = None) -> Interval:
    who = visit.clinician_id if clinician_id is None else clinician_id
    return Interval(uuid.uuid4().hex, visit.id, code, who, at, None)


def ended(interval: Interval, seconds: int) -> Interval:
    end = interval.start + timedelta(seconds=seconds)
    return replace(interval, end=end, duration_ms=seconds * 1000)
