"""The front desk service: one visit it cannot bill keeps its row and says why."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.clinic.test_treatment import sign, start, timed
from timer_app.clinic import ClinicServices
from timer_app.errors import ChangedElsewhereError, UserError
from timer_app.session import FakeClock, VisitStatus


def test_a_visit_that_cannot_be_billed_keeps_its_row_and_the_rest_list(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    good = timed(clinic, clock, ("97110", 30))
    sign(clinic, good)
    # Chen's payer follows a profile this program does not know (a newer program's file)
    blue = clinic.setup.payers()[0]
    clinic.store.payers.update(replace(blue, profile="Workers' comp (2019 rules)"))
    chen = clinic.setup.patients("Chen")[0]
    clinic.store.patients.update(replace(chen, payer_id=blue.id))
    timer = start(clinic, whom="Chen")
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97140"))
    clock.advance(600)

    rows = clinic.front_desk.find(on=clinic.treatment.today())
    assert [v.visit.id for v in rows] == [good, timer.visit_id]
    fine, broken = rows
    assert (fine.problem, fine.units, fine.final) == (None, 2, True)
    assert broken.billing is None and "unknown payer" in (broken.problem or "")
    assert broken.status_words == "Being timed — cannot be billed"
    with pytest.raises(UserError, match="unknown payer"):
        clinic.front_desk.superbill(broken)
    assert clinic.front_desk.superbills([fine])[0].total_units == 2


def test_marking_billed_refuses_a_visit_changed_since_it_was_listed(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = timed(clinic, clock, ("97110", 30))
    sign(clinic, visit_id)
    listed = clinic.front_desk.find(on=clinic.treatment.today())
    clinic.treatment.amend(visit_id, "wrong code")  # meanwhile, in a treatment room
    with pytest.raises(UserError, match="has been amended"):
        clinic.front_desk.mark_billed(listed)
    assert clinic.treatment.visit(visit_id).status is VisitStatus.SIGNED
    fresh = clinic.front_desk.find(status=VisitStatus.SIGNED)
    assert fresh == []  # the amendment waits for its signature


def test_all_of_them_billed_or_none(clinic: ClinicServices, clock: FakeClock) -> None:
    first = timed(clinic, clock, ("97110", 30))
    sign(clinic, first)
    second = timed(clinic, clock, ("97140", 30))
    sign(clinic, second)
    listed = clinic.front_desk.find(on=clinic.treatment.today())
    stale = [listed[0], replace(listed[1], visit=replace(listed[1].visit, revision=0))]
    with pytest.raises(ChangedElsewhereError):
        clinic.front_desk.mark_billed(stale)
    assert {clinic.treatment.visit(v).status for v in (first, second)} == {VisitStatus.SIGNED}
    assert clinic.front_desk.mark_billed(listed) == 2
