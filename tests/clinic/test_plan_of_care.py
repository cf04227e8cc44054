"""Plans of care in the services: episodes and authorizations saved or refused in words,
and the reminders counted from real stored visits, at the edges (the 9th, 10th and 11th
treatment day; day 89, 90 and 91 of a Medicare certification; an authorization used up,
exceeded, expired)."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import date, timedelta

import pytest

from tests.clinic.conftest import MORNING
from timer_app.billing import Discipline
from timer_app.billing.plan_of_care import Urgency
from timer_app.clinic import ClinicServices
from timer_app.clinic.access import AccessRefusedError
from timer_app.clinic.plan_of_care import NEW
from timer_app.errors import UserError
from timer_app.records import Diagnosis, Visit, VisitSealed
from timer_app.records.chain import digest, seal_matches
from timer_app.records.people import Access, User
from timer_app.records.plan_of_care import Authorization, Episode
from timer_app.session.model import (
    Interval,
    IntervalEnded,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.store import MemoryStore

CERTIFIED = date(2026, 10, 1)


def _patient(clinic: ClinicServices, name: str = "Lopez, Maria") -> int:
    return next(p.id for p in clinic.setup.patients() if p.name == name)


def _dana(clinic: ClinicServices) -> int:
    return next(c.id for c in clinic.store.clinicians.all() if c.name == "Dana Reyes")


def _episode(clinic: ClinicServices, **changes: object) -> Episode:
    typed = Episode(
        NEW, _patient(clinic), Discipline.PT, CERTIFIED, CERTIFIED + timedelta(days=89),
        physician="Alan Grant, MD", physician_npi="1245319599", frequency="2x/week",
        duration_weeks=12, diagnoses=(Diagnosis("M54.50", "Low back pain, unspecified"),),
    )  # fmt: skip
    return dataclasses.replace(typed, **changes)  # type: ignore[arg-type]


def _treat(
    clinic: ClinicServices, day: date, code: str = "97110", *, sign: bool = False,
    units: int = 2, report: bool = False, patient: str = "Lopez, Maria",
) -> Visit:  # fmt: skip
    """A visit treated on `day` (finished; signed with `units` of `code` when asked)."""
    store = clinic.store
    dana = next(c for c in store.clinicians.all() if c.name == "Dana Reyes")
    visit = store.visits.create(_patient(clinic, patient), dana.id, day)
    if report:
        clinic.plan_of_care.set_visit_details(visit.id, place_of_service="11",
                                              progress_report=True)  # fmt: skip
    start = MORNING.replace(year=day.year, month=day.month, day=day.day)
    interval = Interval(uuid.uuid4().hex, visit.id, code, dana.id, start, None)
    done = dataclasses.replace(interval, end=start + timedelta(minutes=30), duration_ms=1_800_000)
    revision = store.visits.get(visit.id).revision
    visit = store.write_visit(visit.id, revision, [IntervalStarted(interval)], "Dana")
    visit = store.write_visit(visit.id, visit.revision, [
        IntervalEnded(done), VisitStatusChanged(visit.id, VisitStatus.FINISHED)], "Dana")
    if sign:
        visit = store.write_visit(visit.id, visit.revision, [
            VisitSealed("Room 1", ((code, ("GP",), units, 30),)),
            VisitStatusChanged(visit.id, VisitStatus.SIGNED, dana.id, MORNING)], "Dana")
    return visit


def _words(clinic: ClinicServices, on: date, visit: Visit | None = None) -> list[str]:
    if visit is not None:
        return [r.words for r in clinic.plan_of_care.reminders(visit.id, on=on)]
    found = clinic.plan_of_care.reminders(patient_id=_patient(clinic),
                                          discipline=Discipline.PT, on=on)  # fmt: skip
    return [r.words for r in found]


# --- saving and refusing ------------------------------------------------------------------


def test_an_episode_is_saved_audited_and_listed(clinic: ClinicServices) -> None:
    saved = clinic.plan_of_care.save_episode(_episode(clinic, physician_npi=" 1245319599 "))
    assert saved.physician_npi == "1245319599"
    assert clinic.plan_of_care.episodes(_patient(clinic)) == [saved]
    entry = clinic.store.audit.latest(1)[0]
    assert (entry.what, entry.patient_id, entry.before) == ("episode of care added",
                                                            saved.patient_id, None)  # fmt: skip
    changed = clinic.plan_of_care.save_episode(dataclasses.replace(saved, frequency="3x/week"))
    entry = clinic.store.audit.latest(1)[0]
    assert entry.what == "episode of care changed"
    assert (entry.before or {})["frequency"] == "2x/week"
    assert (entry.after or {})["frequency"] == changed.frequency == "3x/week"


@pytest.mark.parametrize(("days", "refused"), [(89, False), (90, False), (91, True)])
def test_a_medicare_certification_of_89_90_91_days(
    clinic: ClinicServices, days: int, refused: bool
) -> None:
    typed = _episode(clinic, period_ends=CERTIFIED + timedelta(days=days - 1))
    if not refused:
        assert clinic.plan_of_care.save_episode(typed).period_ends == typed.period_ends
        return
    with pytest.raises(UserError, match=r"Period ends: Medicare certifies a plan of care for "
                                        r"at most 90 days; this period is 91 days: end it on "
                                        r"or before 12/29/2026"):  # fmt: skip
        clinic.plan_of_care.save_episode(typed)
    assert clinic.plan_of_care.episodes(typed.patient_id) == []


def test_a_commercial_payer_takes_a_longer_period(clinic: ClinicServices) -> None:
    blue = next(p for p in clinic.store.payers.all() if p.name == "Blue Cross")
    patient = clinic.store.patients.get(_patient(clinic))
    clinic.store.patients.update(dataclasses.replace(patient, payer_id=blue.id, member_id="X1"))
    typed = _episode(clinic, period_ends=CERTIFIED + timedelta(days=180))
    assert clinic.plan_of_care.save_episode(typed).id != NEW


@pytest.mark.parametrize(
    ("changes", "words"),
    [({"period_ends": CERTIFIED - timedelta(days=1)},
      "Period ends: The certification period ends on 09/30/2026, before it starts"),
     ({"physician_npi": "1245319598"}, "Physician NPI: "),
     ({"physician_npi": ""}, "Physician NPI: enter the physician's 10-digit NPI"),
     ({"duration_weeks": 0}, "Duration (weeks): a plan of care lasts 1 to 52 weeks"),
     ({"discharged_on": CERTIFIED - timedelta(days=2)}, "Discharged: the discharge is before"),
     ({"diagnoses": (Diagnosis("not a code", "x"),)}, "Diagnoses: ")],
)  # fmt: skip
def test_a_wrong_episode_is_refused_in_words(
    clinic: ClinicServices, changes: dict[str, object], words: str
) -> None:
    with pytest.raises(UserError, match=re.escape(words)):
        clinic.plan_of_care.save_episode(_episode(clinic, **changes))
    assert clinic.plan_of_care.episodes(_patient(clinic)) == []
    assert not [e for e in clinic.store.audit.latest(5) if "episode" in e.what]


@pytest.mark.parametrize(
    ("starts", "ends", "visits", "units", "words"),
    [(date(2026, 10, 5), date(2026, 10, 4), 12, None, "Ends: The authorization ends on "),
     (date(2026, 10, 1), date(2026, 12, 31), None, None, "Visits: Say how many visits or units"),
     (date(2026, 10, 1), date(2026, 12, 31), None, 0, "Units: Authorized units must be 1")],
)  # fmt: skip
def test_a_wrong_authorization_is_refused(
    clinic: ClinicServices, starts: date, ends: date, visits: int | None, units: int | None,
    words: str,
) -> None:  # fmt: skip
    episode = clinic.plan_of_care.save_episode(_episode(clinic))
    medicare = clinic.store.payers.find("Medicare")
    assert medicare is not None
    with pytest.raises(UserError, match=words):
        clinic.plan_of_care.save_authorization(
            Authorization(NEW, episode.id, medicare.id, starts, ends, visits, units))
    assert clinic.plan_of_care.authorizations(episode.id) == []


def test_therapists_read_plans_of_care_and_the_desk_keeps_them(clinic: ClinicServices) -> None:
    access = clinic.access
    access.people, access.user = True, User(1, "Dana Reyes", Access.THERAPIST, 1)
    with pytest.raises(AccessRefusedError, match="may not add and change plans of care"):
        clinic.plan_of_care.save_episode(_episode(clinic))
    assert clinic.plan_of_care.episodes(_patient(clinic)) == []
    access.user = User(2, "Front Desk", Access.FRONT_DESK)
    assert clinic.plan_of_care.save_episode(_episode(clinic)).id != NEW


def test_a_joined_workstation_adds_episodes_but_changes_none(clinic: ClinicServices) -> None:
    clinic.store.settings.set("server.joined", "1")
    saved = clinic.plan_of_care.save_episode(_episode(clinic))
    store = clinic.store
    assert isinstance(store, MemoryStore)
    assert [item.kind for item in store.outbox.pending()][-1] == "episode"
    with pytest.raises(UserError, match="changed at the front desk"):
        clinic.plan_of_care.save_episode(dataclasses.replace(saved, frequency="1x/week"))


# --- a visit gets its episode and place ----------------------------------------------------


def test_a_visit_started_gets_the_open_episode(clinic: ClinicServices) -> None:
    episode = clinic.plan_of_care.save_episode(_episode(clinic))
    dana = next(c for c in clinic.store.clinicians.all() if c.name == "Dana Reyes")
    timer = clinic.treatment.start_visit(_patient(clinic), dana.id)
    visit = clinic.treatment.visit(timer.visit_id)
    assert (visit.episode_id, visit.place_of_service) == (episode.id, "11")
    written = clinic.plan_of_care.set_visit_details(visit.id, place_of_service="10",
                                                    audio_only=True)  # fmt: skip
    assert (written.episode_id, written.place_of_service, written.audio_only) == (
        episode.id, "10", True)  # fmt: skip
    clinic.treatment.run(visit.id, lambda t: t.toggle("97110"))  # the timer is still in step


# --- progress reports: the 9th, 10th and 11th treatment day --------------------------------


@pytest.mark.parametrize(("before", "expected"), [
    (8, []),
    (9, ["Progress report due at this visit: treatment day 10 of 10 since the last report"]),
    (10, ["Progress report overdue: treatment day 11; one was due by day 10 since the last "
          "report"]),
])  # fmt: skip
def test_progress_report_on_the_9th_10th_11th_treatment_day(
    clinic: ClinicServices, before: int, expected: list[str]
) -> None:
    clinic.plan_of_care.save_episode(_episode(clinic))
    _treat(clinic, CERTIFIED, "97161")  # the evaluation starts the count
    days = [CERTIFIED + timedelta(days=n) for n in range(1, before + 1)]
    for day in days:
        _treat(clinic, day)
    today = days[-1] + timedelta(days=1)
    visit = clinic.store.visits.create(_patient(clinic), _dana(clinic), today)
    assert [w for w in _words(clinic, today, visit) if "Progress" in w] == expected
    assert [w for w in _words(clinic, today) if "Progress" in w] == expected  # the desk's


def test_a_progress_report_or_a_re_evaluation_starts_the_count_again(
    clinic: ClinicServices,
) -> None:
    clinic.plan_of_care.save_episode(_episode(clinic))
    for n in range(9):
        _treat(clinic, CERTIFIED + timedelta(days=n), report=n == 4)
    assert not [w for w in _words(clinic, CERTIFIED + timedelta(days=9)) if "Progress" in w]
    for n in range(9, 14):
        _treat(clinic, CERTIFIED + timedelta(days=n), "97164" if n == 9 else "97110")
    assert not [w for w in _words(clinic, CERTIFIED + timedelta(days=14)) if "Progress" in w]


def test_the_visit_marked_as_the_report_is_not_reminded(clinic: ClinicServices) -> None:
    clinic.plan_of_care.save_episode(_episode(clinic))
    for n in range(9):
        _treat(clinic, CERTIFIED + timedelta(days=n))
    today = CERTIFIED + timedelta(days=9)
    visit = clinic.store.visits.create(_patient(clinic), _dana(clinic), today)
    assert any("Progress report due" in w for w in _words(clinic, today, visit))
    clinic.plan_of_care.set_visit_details(visit.id, place_of_service="11", progress_report=True)
    assert not [w for w in _words(clinic, today, visit) if "Progress" in w]


def test_a_typed_last_report_and_open_visits_count_as_they_should(
    clinic: ClinicServices,
) -> None:
    clinic.plan_of_care.save_episode(_episode(clinic, last_progress_report=date(2026, 10, 9)))
    for n in range(12):
        _treat(clinic, CERTIFIED + timedelta(days=n))  # 3 of them after the report
    store = clinic.store
    # an open visit is no treatment day
    store.visits.create(_patient(clinic), _dana(clinic), date(2026, 10, 13))
    assert not [w for w in _words(clinic, date(2026, 10, 14)) if "Progress" in w]


# --- recertification ------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "words"), [
    (date(2026, 12, 21), None),
    (date(2026, 12, 22), "Recertification due: the plan of care ends on 12/29/2026 (in 7 days)"),
    (date(2026, 12, 29), "Recertification due: the plan of care ends on 12/29/2026 (today)"),
    (date(2026, 12, 30), "Recertification overdue: the plan of care ended on 12/29/2026 (1 day "
                         "ago); have the physician recertify it"),
])  # fmt: skip
def test_recertification_around_the_end_of_the_period(
    clinic: ClinicServices, day: date, words: str | None
) -> None:
    clinic.plan_of_care.save_episode(_episode(clinic, last_progress_report=day))
    found = [w for w in _words(clinic, day) if "Recertification" in w]
    assert found == ([] if words is None else [words])


def test_no_plan_on_file_for_a_medicare_patient(clinic: ClinicServices) -> None:
    assert _words(clinic, CERTIFIED) == [
        "No plan of care on file for PT: Medicare pays therapy only under a certified plan; "
        "add it in Clinic set-up, Patients, Plan of care"
    ]


# --- authorizations ---------------------------------------------------------------------------


def _authorize(clinic: ClinicServices, episode: Episode, **counts: int) -> Authorization:
    medicare = clinic.store.payers.find("Medicare")
    assert medicare is not None
    return clinic.plan_of_care.save_authorization(Authorization(
        NEW, episode.id, medicare.id, CERTIFIED, date(2026, 10, 31), reference="A-1",
        **counts))  # fmt: skip


def test_an_authorization_used_left_used_up_exceeded(clinic: ClinicServices) -> None:
    episode = clinic.plan_of_care.save_episode(_episode(clinic, last_progress_report=CERTIFIED))
    _authorize(clinic, episode, visits=3, units=8)
    _treat(clinic, date(2026, 10, 2), sign=True, units=3)
    _treat(clinic, date(2026, 10, 3), sign=True, units=2)
    _treat(clinic, date(2026, 9, 30), sign=True, units=2)  # before it: not counted
    assert _words(clinic, date(2026, 10, 4)) == [
        "Authorization: 2 of 3 visits used, 1 left; 5 of 8 units used, 3 left; until 10/31/2026"
    ]
    visit = clinic.store.visits.create(_patient(clinic), _dana(clinic), date(2026, 10, 4))
    assert _words(clinic, date(2026, 10, 4), visit) == [
        "Authorization used up: Authorization: 3 of 3 visits used, 0 left; 5 of 8 units used, "
        "3 left; until 10/31/2026"
    ]
    _treat(clinic, date(2026, 10, 4), sign=True, units=4)
    visit = clinic.store.visits.create(_patient(clinic), _dana(clinic), date(2026, 10, 5))
    found = clinic.plan_of_care.reminders(visit.id)
    assert [r.urgency for r in found] == [Urgency.NOTE, Urgency.OVERDUE]
    assert found[1].words == "Authorization exceeded (1 visits over, 1 units over): ask the " \
                             "payer for more"  # fmt: skip
    assert [u.summary() for u in clinic.plan_of_care.authorization_uses(visit.id)] == [
        "Authorization: 4 of 3 visits used, 0 left; 9 of 8 units used, 0 left; until 10/31/2026"
    ]


def test_an_expired_authorization(clinic: ClinicServices) -> None:
    episode = clinic.plan_of_care.save_episode(_episode(clinic, last_progress_report=CERTIFIED))
    _authorize(clinic, episode, visits=12)
    assert _words(clinic, date(2026, 10, 31))[-1].startswith("Authorization: 0 of 12 visits")
    assert _words(clinic, date(2026, 11, 1))[-1] == (
        "Authorization expired on 10/31/2026: ask the payer for a new one"
    )


# --- the front desk's list ------------------------------------------------------------------


def test_the_due_list(clinic: ClinicServices) -> None:
    plans = clinic.plan_of_care
    plans.save_episode(_episode(clinic))  # Lopez: ends 12/29/2026
    chen = _patient(clinic, "Chen, Tom")
    plans.save_episode(_episode(clinic, patient_id=chen, period_ends=date(2026, 11, 30)))
    plans.save_episode(_episode(clinic, patient_id=chen, discipline=Discipline.OT,
                                discharged_on=date(2026, 10, 20),
                                period_ends=date(2026, 10, 31)))  # fmt: skip
    assert plans.due_list(date(2026, 11, 20)) == []
    due = plans.due_list(date(2026, 12, 1))
    assert [(d.patient_name, d.discipline, d.overdue) for d in due] == [
        ("Chen, Tom", Discipline.PT, True)]
    for n in range(9):
        _treat(clinic, date(2026, 12, 1) + timedelta(days=n))
    due = plans.due_list(date(2026, 12, 22))
    assert [(d.patient_name, [r.words.split(":")[0] for r in d.reminders]) for d in due] == [
        ("Chen, Tom", ["Recertification overdue"]),
        ("Lopez, Maria", ["Recertification due", "Progress report due at this visit"]),
    ]


# --- the seal --------------------------------------------------------------------------------


def test_a_seal_made_before_the_place_of_service_still_holds(clinic: ClinicServices) -> None:
    signed = _treat(clinic, CERTIFIED, sign=True)
    assert signed.signed_digest is not None and signed.signed_digest.startswith("v2:")
    old_seal = digest(*_v1_parts(signed))
    older = dataclasses.replace(signed, signed_digest=old_seal)
    assert seal_matches(older)
    assert not seal_matches(dataclasses.replace(older, payer_id=None))
    assert not seal_matches(dataclasses.replace(signed, place_of_service="02"))


def _v1_parts(visit: Visit) -> list[object]:
    from timer_app.records.chain import _sealed_v1

    return _sealed_v1(visit)


def test_a_superbill_counts_the_authorization_as_of_its_own_visit(clinic: ClinicServices) -> None:
    """A reprint of the first visit's superbill still says 1 of 3, not what is used today."""
    episode = clinic.plan_of_care.save_episode(_episode(clinic, last_progress_report=CERTIFIED))
    _authorize(clinic, episode, visits=3)
    first = _treat(clinic, date(2026, 10, 2), sign=True)
    second = _treat(clinic, date(2026, 10, 3), sign=True)
    _treat(clinic, date(2026, 10, 5), sign=True)
    used = {
        visit.id: [u.summary() for u in clinic.plan_of_care.authorization_uses(visit.id)]
        for visit in (first, second)
    }
    assert used == {
        first.id: ["Authorization: 1 of 3 visits used, 2 left; until 10/31/2026"],
        second.id: ["Authorization: 2 of 3 visits used, 1 left; until 10/31/2026"],
    }
