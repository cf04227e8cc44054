"""The treatment screen's words from the clinic layer: the header, what runs beside, the
warnings that still hold and what an undo took back (issue 14)."""

from __future__ import annotations

import pytest

from tests.clinic.test_treatment import start
from timer_app.clinic import ClinicServices
from timer_app.errors import UserError
from timer_app.session import FakeClock


def test_the_heading_names_patient_clinician_and_payer(clinic: ClinicServices) -> None:
    timer = start(clinic)
    heading = clinic.treatment.heading(timer.visit_id)
    assert heading.patient == "Lopez, Maria"
    assert heading.clinician.startswith("Dana Reyes, PT")
    assert heading.payer == "Medicare"


def test_nothing_to_pause_here_says_what_runs_in_another_visit(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    chen = start(clinic, whom="Chen")
    clinic.treatment.run(chen.visit_id, lambda t: t.start("97110"))
    lopez = start(clinic)
    with pytest.raises(UserError) as refused:
        clinic.treatment.pause_or_resume(lopez.visit_id)
    assert refused.value.message == (
        "Nothing runs in this visit, so there is nothing to pause; 97110 runs in the visit of "
        "Chen, Tom."
    )
    assert "Nothing is running" not in refused.value.message
    clinic.treatment.pause_or_resume(chen.visit_id)  # Space in Chen's visit pauses it
    assert not chen.running and chen.paused == ("97110",)
    clinic.treatment.pause_or_resume(chen.visit_id)  # and resumes
    assert [i.code for i in chen.running] == ["97110"]


def test_a_concurrent_warning_holds_only_while_the_overlap_lasts(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    lopez = start(clinic)
    clinic.treatment.run(lopez.visit_id, lambda t: t.start("97110"))
    chen = start(clinic, whom="Chen")
    clinic.treatment.run(chen.visit_id, lambda t: t.start("97140"))
    clock.advance(120)
    assert len(clinic.treatment.live_warnings()) == 1
    clinic.treatment.run(chen.visit_id, lambda t: t.stop("97140"))
    clock.advance(60)
    assert clinic.treatment.live_warnings() == ()
    assert len(clinic.treatment.concurrent_warnings()) == 1  # the review still sees it


def test_an_undone_pause_says_the_break_is_billed(clinic: ClinicServices, clock: FakeClock) -> None:
    timer = start(clinic)
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(10 * 60)
    clinic.treatment.pause_or_resume(timer.visit_id)
    clock.advance(4 * 60)
    undone = clinic.treatment.run(timer.visit_id, lambda t: t.undo())
    assert undone.words.startswith("Undone: paused 97110 at ")
    assert undone.words.endswith("(97110 runs again; the 4 minutes since then are billed).")
