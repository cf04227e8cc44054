"""People and PHI through the services on a real file: PINs, roles, signatures, the audit
log (every kind of change, under the signed-in user and the workstation) and tamper
evidence after raw SQL edits."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.clinic.test_treatment import person
from timer_app.cli import main
from timer_app.clinic import ClinicServices
from timer_app.clinic.access import AccessRefusedError
from timer_app.clinic.setup import NEW
from timer_app.errors import UserError
from timer_app.records import Clinic, Patient
from timer_app.records.people import Access, User
from timer_app.session import FakeClock

PINS = {"Owner": "9999", "Dana Reyes": "1111", "Sam Ortiz": "2222", "Kim Lee": "4444"}


@pytest.fixture
def clinic(on_file: ClinicServices) -> ClinicServices:
    """The window's way: nobody may do anything before signing in; the owner sets up."""
    access = on_file.access
    access.require_people()
    access.create_owner("Owner", PINS["Owner"])
    access.add_user("Dana Reyes", Access.THERAPIST, PINS["Dana Reyes"],
                    person(on_file, "Dana Reyes").id)  # fmt: skip
    access.add_user("Sam Ortiz", Access.ASSISTANT, PINS["Sam Ortiz"],
                    person(on_file, "Sam Ortiz").id)  # fmt: skip
    access.add_user("Kim Lee", Access.FRONT_DESK, PINS["Kim Lee"])
    return on_file


def as_user(clinic: ClinicServices, name: str) -> User:
    user = next(u for u in clinic.access.users() if u.name == name)
    return clinic.access.sign_in(user.id, PINS[name])


def timed_visit(clinic: ClinicServices, clock: FakeClock, who: str = "Dana Reyes") -> int:
    treatment = clinic.treatment
    lopez = clinic.setup.patients("Lopez")[0]
    timer = treatment.start_visit(lopez.id, person(clinic, who).id)
    treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(23 * 60)
    treatment.run(timer.visit_id, lambda t: t.end_visit())
    return timer.visit_id


def sign(clinic: ClinicServices, visit_id: int, signer: str, pin: str) -> None:
    treatment = clinic.treatment
    signature = treatment.check_signature(
        visit_id, diagnoses=treatment.visit(visit_id).diagnoses, pointer_letters={},
        chosen_units=None, signed_by=person(clinic, signer).id, pin=pin,
    )  # fmt: skip
    treatment.sign(signature)


# --- PINs and sign-in ---------------------------------------------------------------------------


def test_a_pin_is_kept_only_as_a_slow_salted_hash(clinic: ClinicServices) -> None:
    user = next(u for u in clinic.access.users() if u.name == "Dana Reyes")
    stored = clinic.store.users.pin_hash(user.id)
    assert stored.startswith("scrypt$") and "1111" not in stored
    raw = sqlite3.connect(clinic.location)  # type: ignore[arg-type]
    rows = raw.execute("SELECT * FROM app_user").fetchall()
    raw.close()
    assert not any("1111" in str(value) for row in rows for value in row)


def test_nothing_before_signing_in_and_wrong_pins_slow_down(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    clinic.access.sign_out()
    with pytest.raises(AccessRefusedError, match="Sign in first"):
        clinic.setup.save_patient(Patient(NEW, "Ruiz, Ana", date(1950, 1, 2)), clock.now().date())
    dana = next(u for u in clinic.access.users() if u.name == "Dana Reyes")
    for _ in range(3):
        with pytest.raises(UserError, match="That PIN is not Dana Reyes's"):
            clinic.access.sign_in(dana.id, "0000")
    with pytest.raises(UserError, match="Too many wrong PINs for Dana Reyes: wait"):
        clinic.access.sign_in(dana.id, "1111")  # even the right one waits
    clock.advance(6)
    assert clinic.access.sign_in(dana.id, "1111") == dana
    tries = [e.what for e in clinic.store.audit.latest(6)]
    assert tries.count("wrong PIN") == 3 and tries[0] == "signed in"


def test_changes_are_recorded_under_the_signed_in_user_and_the_workstation(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    as_user(clinic, "Kim Lee")
    lopez = clinic.setup.patients("Lopez")[0]
    clinic.setup.save_patient(replace(lopez, address="1 Oak St\nSpringfield, IL"),
                              clock.now().date())  # fmt: skip
    entry = clinic.store.audit.latest(1)[0]
    assert (entry.what, entry.who, entry.patient_id) == ("patient changed", "Kim Lee", lopez.id)
    assert entry.workstation == clinic.access.workstation and entry.user_id is not None
    assert entry.before is not None and entry.after is not None
    assert entry.after["address"] == "1 Oak St\nSpringfield, IL"


# --- roles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "action", "words"),
    [
        ("Kim Lee", lambda c, v: c.treatment.start_visit(1, 1), "may not time visits"),
        ("Kim Lee", lambda c, v: sign(c, v, "Dana Reyes", "1111"), "may not time visits"),
        ("Dana Reyes", lambda c, v: c.setup.save_payer(1, "Medicare", "Medicare", {}),
         "may not change payers and fees; the owner may"),
        ("Dana Reyes", lambda c, v: c.access.add_user("X Y", Access.OWNER, "1234"),
         "may not add and change users; the owner may"),
        ("Sam Ortiz", lambda c, v: c.treatment.amend(v, "typo"), "may not sign visits"),
        ("Dana Reyes", lambda c, v: c.front_desk.mark_billed([c.front_desk.visit(v)]),
         "may not mark visits billed; the front desk or the owner may"),
    ],
)
def test_each_role_is_refused_where_it_must_be(
    clinic: ClinicServices, clock: FakeClock, who: str,
    action: Callable[[ClinicServices, int], object], words: str,
) -> None:  # fmt: skip
    visit_id = timed_visit(clinic, clock)
    as_user(clinic, who)
    before = clinic.store.audit.latest(1)[0].id
    with pytest.raises(AccessRefusedError, match=words):
        action(clinic, visit_id)
    assert clinic.store.audit.latest(1)[0].id == before  # a refusal changes nothing


def test_an_assistants_visit_is_co_signed_with_the_therapists_own_pin(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    as_user(clinic, "Sam Ortiz")
    visit_id = timed_visit(clinic, clock, "Sam Ortiz")
    with pytest.raises(UserError, match="Sam Ortiz is an assistant"):
        sign(clinic, visit_id, "Sam Ortiz", "2222")
    with pytest.raises(UserError, match="That PIN is not Dana Reyes's"):
        sign(clinic, visit_id, "Dana Reyes", "2222")  # the assistant's PIN does not sign
    assert clinic.treatment.visit(visit_id).signed_by is None
    sign(clinic, visit_id, "Dana Reyes", "1111")
    signed = clinic.treatment.visit(visit_id)
    assert signed.signed_by == person(clinic, "Dana Reyes").id
    assert signed.signed_workstation == clinic.access.workstation
    assert signed.signed_digest and signed.signed_lines == (("97110", ("GP", "CQ"), 2, 23),)
    as_user(clinic, "Kim Lee")  # the front desk prints it
    bill = clinic.front_desk.superbill(clinic.front_desk.visit(visit_id))
    assert bill.signed_on is not None and bill.signed_time


# --- every kind of change audited ------------------------------------------------------------


def _save_clinic(c: ClinicServices) -> None:
    c.setup.save_clinic(Clinic("Riverside Therapy", "12 Main St\nSpringfield, IL 62701",
                               "(217) 555-0100", "12-3456789", "1234567893"))  # fmt: skip


def _payment(c: ClinicServices, visit_id: int) -> None:
    c.front_desk.record_payment(c.front_desk.visit(visit_id), 1500)


def _superbill(c: ClinicServices, visit_id: int) -> None:
    c.front_desk.disclosed([c.front_desk.visit(visit_id)], "printed")


CHANGES: list[tuple[str, Callable[[ClinicServices, int], object]]] = [
    ("patient changed", lambda c, v: c.setup.save_patient(
        replace(c.setup.patients("Lopez")[0], member_id="1EG4TE5MK73"), date(2026, 11, 2))),
    ("payer and fees changed", lambda c, v: c.setup.save_payer(1, "Medicare", "Medicare",
                                                               {"97110": 3200})),
    ("clinician changed", lambda c, v: c.setup.save_clinician(
        replace(person(c, "Dana Reyes"), credentials="PT, DPT, OCS"))),
    ("user added", lambda c, v: c.access.add_user("Lee Park", Access.FRONT_DESK, "5555")),
    ("PIN changed", lambda c, v: c.access.set_pin(
        next(u for u in c.access.users() if u.name == "Kim Lee").id, "4321")),
    ("clinic changed", lambda c, v: _save_clinic(c)),
    ("code setting changed", lambda c, v: c.setup.set_shown("97113", False)),
    ("interval started", lambda c, v: c.treatment.run(
        c.treatment.start_visit(2, 1).visit_id, lambda t: t.start("97110"))),
    ("payment recorded", _payment),
    ("visit signed", lambda c, v: sign(c, v, "Dana Reyes", "1111")),
    ("visit status", lambda c, v: (sign(c, v, "Dana Reyes", "1111"),
                                   c.front_desk.mark_billed([c.front_desk.visit(v)]))),
    ("visit amended", lambda c, v: (sign(c, v, "Dana Reyes", "1111"),
                                    c.treatment.amend(v, "wrong code"))),
    ("superbill disclosed", _superbill),
    ("screen locked", lambda c, v: c.access.lock()),
    ("idle lock minutes", lambda c, v: c.access.set_idle_minutes(10)),
]  # fmt: skip


@pytest.mark.parametrize(("what", "change"), CHANGES, ids=[c[0] for c in CHANGES])
def test_every_kind_of_change_is_audited_under_the_signed_in_user(
    clinic: ClinicServices, clock: FakeClock, what: str,
    change: Callable[[ClinicServices, int], object],
) -> None:  # fmt: skip
    visit_id = timed_visit(clinic, clock)
    as_user(clinic, "Owner")
    last = clinic.store.audit.latest(1)[0].id
    change(clinic, visit_id)
    new = [e for e in clinic.store.audit.latest(50) if e.id > last]
    found = [e for e in new if e.what == what]
    assert found, [e.what for e in new]
    assert all(e.who == "Owner" and e.workstation == clinic.access.workstation for e in new)
    assert clinic.store.audit.chain_problems() == []


# --- tamper evidence -----------------------------------------------------------------------


def _raw(clinic: ClinicServices, *statements: str) -> None:
    raw = sqlite3.connect(clinic.location)  # type: ignore[arg-type]
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


def _verify(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["verify", "--data-dir", str(folder)])
    return status, capsys.readouterr().out


def test_a_signed_visit_changed_with_sql_is_found(
    clinic: ClinicServices, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    visit_id = timed_visit(clinic, clock)
    sign(clinic, visit_id, "Dana Reyes", "1111")
    assert clinic.integrity.check().clean
    clinic.close()
    folder = Path(str(clinic.location)).parent
    assert _verify(folder, capsys)[0] == 0
    _raw(
        clinic,
        f"UPDATE interval SET duration_ms = 3780000 WHERE visit_id = {visit_id}",
        f"DELETE FROM audit_log WHERE visit_id = {visit_id} AND what = 'interval ended'",
    )
    status, out = _verify(folder, capsys)
    assert status == 1
    assert f"Visit {visit_id}: changed outside the program after it was signed" in out
    assert "are missing (removed outside the program)" in out
    assert "was changed outside the program" in out  # the rows after the gap no longer link


def test_an_edited_audit_row_breaks_the_chain(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    timed_visit(clinic, clock)
    _raw(clinic, "UPDATE audit_log SET who = 'Someone else' WHERE id = 3")
    problems = clinic.store.audit.chain_problems()
    assert problems[0] == "audit row 3 was changed outside the program"
    _raw(clinic, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    assert "1 audit rows are missing from the end (removed outside the program)" in (
        clinic.store.audit.chain_problems()
    )


def test_the_clinic_always_keeps_an_active_owner(clinic: ClinicServices) -> None:
    owner = next(u for u in clinic.access.users() if u.access is Access.OWNER)
    for change in (replace(owner, active=False), replace(owner, access=Access.FRONT_DESK)):
        with pytest.raises(UserError, match="the clinic's only owner"):
            clinic.access.change_user(change)
    kim = next(u for u in clinic.access.users() if u.name == "Kim Lee")
    clinic.access.change_user(replace(kim, access=Access.OWNER))
    clinic.access.change_user(replace(owner, active=False))  # another owner now exists
    assert owner.id in {u.id for u in clinic.access.users(include_inactive=True)}
    assert owner.id not in {u.id for u in clinic.access.users()}
