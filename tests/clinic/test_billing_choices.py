"""The biller's choices a clinic makes through the services: who keeps co-treatment minutes,
a payer's own CQ/CO habit, therapy billed elsewhere this year (KX)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.clinic.test_treatment import person, start, timed
from timer_app.billing import VisitBilling, WarningKind
from timer_app.clinic import ClinicServices, Records, RecordsChanged
from timer_app.errors import UserError
from timer_app.session import FakeClock


def lines(billing: VisitBilling | None) -> list[tuple[str, tuple[str, ...], int]]:
    assert billing is not None
    return [(line.code, line.modifiers, line.units) for line in billing.lines]


def co_treated(clinic: ClinicServices, clock: FakeClock) -> int:
    """Dana (PT) times 97110 and Sam (PTA) 97140 for the same patient over the same 20 min."""
    timer = start(clinic)
    sam = person(clinic, "Sam Ortiz").id
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97140", sam))
    clock.advance(20 * 60)
    clinic.treatment.run(timer.visit_id, lambda t: t.end_visit())
    return timer.visit_id


def test_the_therapist_keeps_shared_minutes_unless_the_review_names_another_code(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    treatment = clinic.treatment
    visit_id = co_treated(clinic, clock)
    billing = treatment.billing(treatment.visit(visit_id))
    assert billing is not None and billing.shared_codes == ("97110", "97140")
    assert billing.total_timed_minutes == 20  # counted once, not 40
    assert lines(billing)[0] == ("97110", ("GP",), 1)
    assert WarningKind.CO_TREATMENT in {w.kind for w in billing.warnings}
    picked = treatment.billing(treatment.visit(visit_id), shared_to=["97140"])
    assert lines(picked)[-1] == ("97140", ("GP", "CQ"), 1)  # the assistant's minutes now
    signature = treatment.check_signature(
        visit_id, diagnoses=treatment.visit(visit_id).diagnoses, pointer_letters={},
        chosen_units=None, shared_minutes_to=["97140"],
    )  # fmt: skip
    signed = treatment.sign(signature)
    assert signed.shared_minutes_to == ("97140",)
    assert lines(treatment.billing(signed)) == lines(picked)  # as chosen, from the store
    desk = clinic.front_desk.visit(visit_id)
    assert lines(desk.billing) == lines(picked)


def test_only_a_code_that_shared_minutes_can_keep_them(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    treatment = clinic.treatment
    visit_id = timed(clinic, clock, ("97110", 20), ("97140", 10))
    with pytest.raises(UserError, match="97140 shared no minutes with another clinician"):
        treatment.check_signature(
            visit_id, diagnoses=treatment.visit(visit_id).diagnoses, pointer_letters={},
            chosen_units=None, shared_minutes_to=["97140"],
        )  # fmt: skip


def test_the_owner_turns_cq_co_on_for_a_commercial_payer(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    blue = next(p for p in clinic.setup.payers() if p.name == "Blue Cross")
    assert not clinic.setup.marks_assistants(blue.profile, blue)
    chen = clinic.setup.patients("Chen")[0]
    clinic.setup.save_patient(replace(chen, payer_id=blue.id), clock.now().date())
    timer = clinic.treatment.start_visit(chen.id, person(clinic, "Sam Ortiz").id)
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(23 * 60)
    clinic.treatment.run(timer.visit_id, lambda t: t.end_visit())
    visit = clinic.treatment.visit(timer.visit_id)
    assert lines(clinic.treatment.billing(visit)) == [("97110", ("GP",), 2)]
    turned_on = clinic.setup.save_payer(
        blue.id, blue.name, blue.profile, dict(blue.fees), assistant_modifiers=True
    )
    assert turned_on.assistant_modifiers is True
    assert clinic.setup.marks_assistants(blue.profile, turned_on)
    assert lines(clinic.treatment.billing(visit)) == [("97110", ("GP", "CQ"), 2)]
    kept = clinic.setup.save_payer(blue.id, "Blue Cross PPO", blue.profile, {})
    assert kept.assistant_modifiers is True  # not named: left as it was
    medicare = next(p for p in clinic.setup.payers() if p.name == "Medicare")
    same = clinic.setup.save_payer(
        medicare.id, medicare.name, medicare.profile, {}, assistant_modifiers=True
    )
    assert same.assistant_modifiers is None  # the profile's own habit: nothing to override


def test_therapy_billed_elsewhere_counts_toward_kx(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    heard: list[object] = []
    clinic.events.subscribe(heard.append)
    visit_id = timed(clinic, clock, ("97110", 30))
    item = clinic.front_desk.visit(visit_id)
    assert lines(item.billing) == [("97110", ("GP",), 2)]
    assert clinic.front_desk.therapy_elsewhere(item) == {}
    saved = clinic.front_desk.set_therapy_elsewhere(item, {"PT_SLP": 247_000, "OT": 10_000})
    assert saved == {"OT": 10_000, "PT_SLP": 247_000}
    assert RecordsChanged(Records.PATIENTS) in heard
    again = clinic.front_desk.visit(visit_id)
    assert lines(again.billing) == [("97110", ("GP", "KX"), 2)]
    kx = next(w for w in again.billing.warnings if w.kind is WarningKind.KX_THRESHOLD)  # type: ignore[union-attr]
    assert "$2,470.00 of it billed by other providers" in kx.message
    assert "over the $2,480.00 threshold" in kx.message
    with pytest.raises(UserError, match="whole cents"):
        clinic.front_desk.set_therapy_elsewhere(item, {"PT_SLP": -1})
    assert clinic.front_desk.therapy_elsewhere(item) == saved
