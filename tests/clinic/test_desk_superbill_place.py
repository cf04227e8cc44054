"""The front desk's superbills of stored visits: the visit's place of service and its
telehealth modifier, the authorization the visit is given under, and the owner's choice to
print the treatment time record after each superbill (audited)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, timedelta

from tests.clinic.conftest import MORNING
from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices
from timer_app.clinic.plan_of_care import NEW
from timer_app.records import Diagnosis, Visit, VisitSealed
from timer_app.records.plan_of_care import Authorization, Episode
from timer_app.session.model import (
    Interval,
    IntervalEnded,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.superbill import claims_csv

DAY = date(2026, 10, 5)


def _ids(clinic: ClinicServices) -> tuple[int, int, int]:
    patient = next(p.id for p in clinic.setup.patients() if p.name == "Lopez, Maria")
    dana = next(c.id for c in clinic.store.clinicians.all() if c.name == "Dana Reyes")
    sam = next(c.id for c in clinic.store.clinicians.all() if c.name == "Sam Ortiz")
    return patient, dana, sam


def _visit(
    clinic: ClinicServices, place: str = "11", audio_only: bool = False,
    episode_id: int | None = None,
) -> Visit:  # fmt: skip
    """A signed visit on DAY: 30 minutes of 97110 by Dana, then 15 by Sam (the PTA)."""
    store = clinic.store
    patient, dana, sam = _ids(clinic)
    visit = store.visits.create(patient, dana, DAY)
    clinic.plan_of_care.set_visit_details(
        visit.id, place_of_service=place, audio_only=audio_only, episode_id=episode_id,
        keep_episode=episode_id is None,
    )  # fmt: skip
    start = MORNING.replace(year=DAY.year, month=DAY.month, day=DAY.day)
    for who, begins, minutes in ((dana, 0, 30), (sam, 31, 15)):
        at = start + timedelta(minutes=begins)
        interval = Interval(uuid.uuid4().hex, visit.id, "97110", who, at, None)
        done = dataclasses.replace(interval, end=at + timedelta(minutes=minutes),
                                   duration_ms=minutes * 60_000)  # fmt: skip
        visit = store.visits.get(visit.id)
        visit = store.write_visit(visit.id, visit.revision, [IntervalStarted(interval)], "Dana")
        visit = store.write_visit(visit.id, visit.revision, [IntervalEnded(done)], "Dana")
    return store.write_visit(visit.id, visit.revision, [
        VisitStatusChanged(visit.id, VisitStatus.FINISHED),
        VisitSealed("Room 1", (("97110", ("GP",), 2, 30), ("97110", ("GP", "CQ"), 1, 15))),
        VisitStatusChanged(visit.id, VisitStatus.SIGNED, dana, MORNING)], "Dana")  # fmt: skip


def test_a_telehealth_visit_bills_95_and_its_superbill_prints_its_place(
    clinic: ClinicServices,
) -> None:
    visit = _visit(clinic, place="10")
    item = clinic.front_desk.visit(visit.id)
    bill = clinic.front_desk.superbill(item)
    assert bill.place_of_service_words == "10 – Telehealth in patient's home"
    assert {line.modifiers for line in bill.lines} == {("GP", "95"), ("GP", "CQ", "95")}
    csv = claims_csv([bill]).splitlines()
    assert all(",10,97110," in row for row in csv[1:])
    assert bill.time_record is None  # the owner has not asked for it


def test_by_telephone_only_93_and_in_the_office_neither(clinic: ClinicServices) -> None:
    phone = clinic.front_desk.superbill(clinic.front_desk.visit(_visit(clinic, "02", True).id))
    assert {line.modifiers[-1] for line in phone.lines} == {"93"}
    assert phone.place_of_service_words.endswith(", by telephone only")
    office = clinic.front_desk.superbill(clinic.front_desk.visit(_visit(clinic).id))
    assert {line.modifiers for line in office.lines} == {("GP",), ("GP", "CQ")}
    assert office.place_of_service == "11"


def test_the_superbill_prints_the_authorization_used_and_left_and_its_number(
    clinic: ClinicServices,
) -> None:
    plain = clinic.front_desk.superbill(clinic.front_desk.visit(_visit(clinic).id))
    assert (plain.authorization, plain.authorization_reference) == ("", "")  # no plan yet
    patient, _, _ = _ids(clinic)
    episode = clinic.plan_of_care.save_episode(Episode(
        NEW, patient, Discipline.PT, date(2026, 10, 1), date(2026, 12, 29),
        physician="Alan Grant, MD", physician_npi="1245319599", frequency="2x/week",
        duration_weeks=12, diagnoses=(Diagnosis("M54.50", "Low back pain, unspecified"),),
    ))  # fmt: skip
    medicare = clinic.store.payers.find("Medicare")
    assert medicare is not None
    clinic.plan_of_care.save_authorization(Authorization(
        NEW, episode.id, medicare.id, date(2026, 10, 1), date(2027, 1, 31), visits=12,
        reference="MCR-55102"))  # fmt: skip
    visit = _visit(clinic, episode_id=episode.id)
    bill = clinic.front_desk.superbill(clinic.front_desk.visit(visit.id))
    # both signed visits in the authorization's dates count, the one before the plan too
    assert bill.authorization == "Authorization: 2 of 12 visits used, 10 left; until 01/31/2027"
    assert bill.authorization_reference == "MCR-55102"


def test_the_owners_choice_adds_the_time_record_and_is_audited(clinic: ClinicServices) -> None:
    visit = _visit(clinic)
    assert not clinic.setup.time_record_with_superbill()
    clinic.setup.set_time_record_with_superbill(True)
    entry = clinic.store.audit.latest(1)[0]
    assert (entry.what, entry.before, entry.after) == (
        "time record with each superbill", {"print": False}, {"print": True})  # fmt: skip
    item = clinic.front_desk.visit(visit.id)
    record = clinic.front_desk.superbill(item).time_record
    assert record is not None
    assert [(r.code, r.seconds, r.who) for r in record.rows] == [
        ("97110", 30 * 60, "Dana Reyes, PT, DPT"), ("97110", 15 * 60, "Sam Ortiz, PTA"),
    ]  # fmt: skip
    assert [r.start for r in record.rows] == ["09:00:00", "09:31:00"]  # the clinic's time
    assert (record.total_timed_minutes, record.total_treatment_minutes) == (45, 45)
    assert clinic.front_desk.time_record(item) == record
    clinic.front_desk.time_record_disclosed(item, "printed")
    assert clinic.store.audit.latest(1)[0].what == "time record disclosed"
    clinic.setup.set_time_record_with_superbill(False)
    assert clinic.front_desk.superbill(item).time_record is None
