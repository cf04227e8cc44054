"""The treatment service: a visit from the first tap to the signature, on any store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.clinic.conftest import CLINIC_TZ
from timer_app.billing import Kind
from timer_app.clinic import ClinicServices, Event, Records, RecordsChanged, VisitChanged
from timer_app.clinic import VisitEvent as Did
from timer_app.clinic.setup import NEW
from timer_app.errors import ChangedElsewhereError, UserError
from timer_app.records import Clinician, Diagnosis, Patient
from timer_app.session import FakeClock, VisitStatus, VisitTimer


def person(clinic: ClinicServices, name: str) -> Clinician:
    return next(c for c in clinic.treatment.clinicians() if c.name == name)


def patient(clinic: ClinicServices, name: str) -> Patient:
    return clinic.setup.patients(name)[0]


def start(clinic: ClinicServices, who: str = "Dana Reyes", whom: str = "Lopez") -> VisitTimer:
    return clinic.treatment.start_visit(patient(clinic, whom).id, person(clinic, who).id)


def timed(clinic: ClinicServices, clock: FakeClock, *codes: tuple[str, int]) -> int:
    """A finished visit with each (code, minutes) timed in turn."""
    timer = start(clinic)
    for code, minutes in codes:
        clinic.treatment.run(timer.visit_id, lambda t, c=code: t.start(c))
        clock.advance(minutes * 60)
    clinic.treatment.run(timer.visit_id, lambda t: t.end_visit())
    return timer.visit_id


def sign(clinic: ClinicServices, visit_id: int, letters: dict[str, str] | None = None) -> None:
    treatment = clinic.treatment
    signature = treatment.check_signature(
        visit_id, diagnoses=treatment.visit(visit_id).diagnoses,
        pointer_letters=letters or {}, chosen_units=None,
    )  # fmt: skip
    treatment.sign(signature)


def test_a_tap_is_stored_before_the_timer_moves(clinic: ClinicServices) -> None:
    timer = start(clinic)
    decision = clinic.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    stored = clinic.treatment.visit(timer.visit_id)
    assert stored.intervals == timer.intervals == (decision.changes[0].interval,)  # type: ignore[union-attr]
    assert timer.revision == stored.revision == 1


def test_a_refused_command_writes_nothing(clinic: ClinicServices) -> None:
    timer = start(clinic)
    with pytest.raises(UserError, match="Nothing is running"):
        clinic.treatment.run(timer.visit_id, lambda t: t.pause_all())
    assert clinic.treatment.visit(timer.visit_id).revision == 0


def test_a_visit_changed_elsewhere_is_refused_and_read_again(
    on_file: ClinicServices, clock: FakeClock
) -> None:
    """Two screens on one file (two computers later): the stale one is told, not obeyed."""
    here = on_file
    there = ClinicServices(on_file.store, clock, CLINIC_TZ)
    timer = start(here)
    there.treatment.restore_open_visits()
    here.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(60)
    with pytest.raises(ChangedElsewhereError, match="changed elsewhere: reloaded"):
        there.treatment.run(timer.visit_id, lambda t: t.start("97140"))
    reloaded = there.treatment.timer(timer.visit_id)
    assert [i.code for i in reloaded.running] == ["97110"]  # what the other screen did
    assert [i.code for i in on_file.treatment.visit(timer.visit_id).intervals] == ["97110"]
    there.treatment.run(timer.visit_id, lambda t: t.start("97140"))  # now in step: it works
    stored = on_file.treatment.visit(timer.visit_id)
    assert [(i.code, i.running) for i in stored.intervals] == [("97110", False), ("97140", True)]


def test_a_signature_is_one_write_with_the_review_choices(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = timed(clinic, clock, ("97110", 33), ("97140", 7))
    knee = (Diagnosis("M17.11", "Unilateral primary osteoarthritis, right knee"),)
    treatment = clinic.treatment
    signature = treatment.check_signature(
        visit_id, diagnoses=knee, pointer_letters={"97110": "a", "97140": ""},
        chosen_units=None,
    )  # fmt: skip
    signed = treatment.sign(signature)
    dana = person(clinic, "Dana Reyes").id
    assert (signed.status, signed.signed_by) == (VisitStatus.SIGNED, dana)
    assert signed.diagnoses == knee and signed.diagnosis_pointers == {"97110": (1,), "97140": (1,)}
    assert patient(clinic, "Lopez").diagnoses == knee  # kept for the next visit
    assert visit_id not in {t.visit_id for t in treatment.timers()}


@pytest.mark.parametrize(
    ("diagnoses", "letters", "words"),
    [
        ((), {}, "Add at least one diagnosis"),
        (None, {"97110": "C"}, "97110: diagnosis letters 'C' do not fit"),
        (None, {"97110": "ABCDE"}, "one to four different"),
    ],
)
def test_a_signature_that_cannot_be_given_says_why_and_signs_nothing(
    clinic: ClinicServices, clock: FakeClock, diagnoses: object, letters: dict[str, str], words: str
) -> None:
    visit_id = timed(clinic, clock, ("97110", 20))
    visit = clinic.treatment.visit(visit_id)
    with pytest.raises(UserError, match=words):
        clinic.treatment.check_signature(
            visit_id, diagnoses=visit.diagnoses if diagnoses is None else diagnoses,  # type: ignore[arg-type]
            pointer_letters=letters, chosen_units=None,
        )  # fmt: skip
    assert clinic.treatment.visit(visit_id) == visit


def test_an_assistant_does_not_sign_the_supervising_therapist_does(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    treatment = clinic.treatment
    timer = start(clinic, who="Sam Ortiz")
    treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(20 * 60)
    treatment.run(timer.visit_id, lambda t: t.end_visit())
    diagnoses = treatment.visit(timer.visit_id).diagnoses
    with pytest.raises(UserError, match="the supervising therapist signs"):
        treatment.check_signature(timer.visit_id, diagnoses=diagnoses, pointer_letters={},
                                  chosen_units=None)  # fmt: skip
    assert [c.name for c in treatment.supervisors(timer.visit_id)] == ["Dana Reyes"]
    dana = person(clinic, "Dana Reyes").id
    treatment.sign(treatment.check_signature(
        timer.visit_id, diagnoses=diagnoses, pointer_letters={}, chosen_units=None, signed_by=dana
    ))  # fmt: skip
    assert treatment.visit(timer.visit_id).signed_by == dana


def test_a_custom_code_is_timed_billed_and_printed(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    clinic.setup.add_custom("97799", "Dry needling", Kind.TIMED)
    medicare = clinic.setup.payers()[1]
    clinic.setup.save_payer(medicare.id, medicare.name, medicare.profile,
                            {**medicare.fees, "97799": 4000})  # fmt: skip
    visit_id = timed(clinic, clock, ("97799", 23))
    billing = clinic.treatment.billing(clinic.treatment.visit(visit_id))
    assert billing is not None
    line = billing.line("97799")
    assert (line.units, line.modifiers, line.label) == (2, ("GP",), "Dry needling")
    assert any("97799 (Dry needling)" in words for words in billing.explanation)
    sign(clinic, visit_id)
    [listed] = clinic.front_desk.find(on=clinic.treatment.today())
    bill = clinic.front_desk.superbill(listed)
    assert [(b.code, b.units, b.charge_cents) for b in bill.lines] == [("97799", 2, 8000)]


def test_a_code_the_clinic_turned_off_cannot_be_started_even_on_an_open_visit(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    timer = start(clinic)
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97140"))
    clinic.setup.set_shown("97140", False)
    clinic.setup.set_shown("97112", False)
    with pytest.raises(UserError, match=r"97112 \(Balance / neuro\) is turned off .* set-up"):
        clinic.treatment.run(timer.visit_id, lambda t: t.start("97112"))
    clock.advance(600)
    clinic.treatment.run(timer.visit_id, lambda t: t.stop("97140"))  # what runs still stops
    billing = clinic.treatment.billing(clinic.treatment.visit(timer.visit_id))
    assert billing is not None and billing.line("97140").units == 1  # and still bills
    assert "97140" not in clinic.treatment.favourites(timer)


def test_favourites_mean_one_thing(clinic: ClinicServices) -> None:
    treatment = clinic.treatment
    timer = start(clinic)
    assert treatment.favourites(timer)[:3] == ("97110", "97140", "97530")  # the suggestion
    clinic.setup.set_favourite("97112", True)
    clinic.setup.set_favourite("92507", True)  # speech: not offered to a PT visit
    assert treatment.favourites(timer) == ("97112",)  # the clinic's choice for PT
    treatment.set_favourites(timer.clinician_id, ["97530", "97113"])
    assert treatment.favourites(timer) == ("97530", "97113")  # the clinician's own
    clinic.setup.set_shown("97113", False)
    assert treatment.favourites(timer) == ("97530",)  # never a code that cannot be timed


def test_recovery_answers_go_to_the_history(clinic: ClinicServices, clock: FakeClock) -> None:
    timer = start(clinic)
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(4)
    clinic.treatment.beat()
    clock.advance(600)  # the program was down for ten minutes
    after = ClinicServices(clinic.store, clock, CLINIC_TZ)
    [found] = after.treatment.recovered()
    assert found.gap_seconds == 600
    after.treatment.resolve_recovered(found, keep_running=False)
    [interval] = after.treatment.visit(timer.visit_id).intervals
    assert interval.duration_ms == 4000
    entry = clinic.store.audit.for_visit(timer.visit_id)[-1]
    assert entry.what == "interval recovered" and "600 s unseen not billed" in entry.reason
    assert entry.who.endswith("(OS account)")  # a command or a test: the OS account
    assert after.treatment.recovered() == []


def test_an_amended_visit_whose_tie_disappeared_bills_and_lists(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    """Signed with the tie's other answer; the amendment's edit removes the tie."""
    treatment = clinic.treatment
    visit_id = timed(clinic, clock, ("97112", 20), ("97530", 20))
    billing = treatment.billing(treatment.visit(visit_id))
    assert billing is not None and billing.tie_broken
    other = billing.alternatives[1]
    treatment.sign(treatment.check_signature(
        visit_id, diagnoses=treatment.visit(visit_id).diagnoses, pointer_letters={},
        chosen_units=other,
    ))  # fmt: skip
    clock.advance(3600)  # corrected later that day
    amended = treatment.amend(visit_id, "97530 ran 8 minutes longer")
    assert treatment.visit(amended.visit_id).chosen_units == other  # inherited
    interval = next(i for i in amended.intervals if i.code == "97530")
    end = interval.end + timedelta(minutes=8)  # type: ignore[operator]
    treatment.run(amended.visit_id, lambda t: t.edit_interval(interval.id, end=end,
                                                              reason="ran longer"))  # fmt: skip
    billing = treatment.billing(treatment.visit(amended.visit_id))
    assert billing is not None and not billing.tie_broken
    assert billing.units_by_code() == {"97112": 1, "97530": 2}
    listed = clinic.front_desk.find(on=treatment.today())
    assert [(v.visit.id, v.problem, v.units) for v in listed] == [(amended.visit_id, None, 3)]


def test_every_change_is_published(clinic: ClinicServices, clock: FakeClock) -> None:
    heard: list[Event] = []
    clinic.events.subscribe(heard.append)
    visit_id = timed(clinic, clock, ("97110", 20))
    sign(clinic, visit_id)
    clinic.setup.save_patient(
        Patient(NEW, "Ruiz, Ana", clinic.treatment.today() - timedelta(days=20000)),
        clinic.treatment.today(),
    )
    assert heard == [
        VisitChanged(visit_id, Did.OPENED), VisitChanged(visit_id, Did.TIMED),
        VisitChanged(visit_id, Did.TIMED), VisitChanged(visit_id, Did.SIGNED),
        RecordsChanged(Records.PATIENTS),
    ]  # fmt: skip
