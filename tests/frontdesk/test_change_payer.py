"""A missing payer fixed at the front desk without an amendment (issue 14): a self-pay visit
whose patient turns out insured bills to the insurer, the seal as the therapist signed it;
refused in words when the insurer's rule bills other units than were signed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from tests.frontdesk.conftest import TODAY
from tests.frontdesk.self_pay import DANA_PIN, self_pay_schedule, self_pay_visit
from tests.superbill.pdf_tools import pdf_text
from timer_app.clinic import ClinicServices
from timer_app.clinic.access import AccessRefusedError
from timer_app.errors import UserError
from timer_app.records import Diagnosis, Payer
from timer_app.records.people import Access, User
from timer_app.session import FakeClock, VisitStatus
from timer_app.ui import front_desk_output
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.payer_dialog import PayerDialog


def _payer(clinic: ClinicServices, name: str) -> Payer:
    found = clinic.store.payers.find(name)
    assert found is not None
    return found


def _insured_now(clinic: ClinicServices, visit_id: int, payer: Payer) -> None:
    """The patient brings their card after the visit: set-up gets their insurance."""
    patient = clinic.store.patients.get(clinic.store.visits.get(visit_id).patient_id)
    clinic.store.patients.update(replace(patient, payer_id=payer.id, member_id="1EG4TE5MK73"))


def _two_codes_visit(clinic: ClinicServices, clock: FakeClock) -> int:
    """Self-pay, signed: 97110 then 97140, 10 minutes each (the CMS rule pools them into
    one unit; an AMA payer bills each on its own)."""
    patient = clinic.store.patients.add(
        "Roe, Max", date(1975, 2, 3), diagnoses=[Diagnosis("M54.50", "Low back pain")]
    )
    clinician = next(c for c in clinic.front_desk.clinicians() if c.name == "Dana Reyes")
    treatment = clinic.treatment
    timer = treatment.start_visit(patient.id, clinician.id)
    treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(10 * 60)
    treatment.run(timer.visit_id, lambda t: t.start("97140"))
    clock.advance(10 * 60)
    treatment.run(timer.visit_id, lambda t: t.end_visit())
    signature = treatment.check_signature(
        timer.visit_id, diagnoses=treatment.visit(timer.visit_id).diagnoses,
        pointer_letters={}, chosen_units=None, pin=DANA_PIN,
    )  # fmt: skip
    treatment.sign(signature)
    return timer.visit_id


# --- the service ---------------------------------------------------------------------------


def test_a_payer_whose_rule_bills_other_units_is_refused_in_words(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = _two_codes_visit(clinic, clock)
    signed = clinic.store.visits.get(visit_id)
    assert sum(units for _, _, units, _ in signed.signed_lines) == 1
    bcbs = _payer(clinic, "Blue Cross Blue Shield of Illinois")
    with pytest.raises(UserError) as refused:
        clinic.front_desk.set_payer(clinic.front_desk.visit(visit_id), bcbs.id)
    words = refused.value.message
    assert words.startswith("Under Blue Cross Blue Shield of Illinois's rule this visit bills ")
    assert "not the 0 units signed" in words
    assert words.endswith("amend the visit so the therapist signs the units.")
    kept = clinic.store.visits.get(visit_id)
    assert (kept.billing_payer_id, kept.revision) == (None, signed.revision)
    assert all(e.what != "billing payer" for e in clinic.store.audit.for_visit(visit_id))


def test_the_same_units_under_another_rule_go_through_and_back(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = self_pay_visit(clinic, clock)
    aetna = _payer(clinic, "Aetna")
    desk = clinic.front_desk
    moved = desk.set_payer(desk.visit(visit_id), aetna.id)
    assert (moved.payer, moved.visit.payer_id) == (aetna, None)
    assert moved.billing is not None and moved.billing.payer == "Aetna"
    back = desk.set_payer(moved, None)
    assert back.visit.billing_payer_id is None and back.payer is None  # no self-pay prices
    entries = [e for e in clinic.store.audit.for_visit(visit_id) if e.what == "billing payer"]
    assert [(e.before, e.after) for e in entries] == [
        ({"billing_payer_id": None, "payer": "self-pay"},
         {"billing_payer_id": aetna.id, "payer": "Aetna"}),
        ({"billing_payer_id": aetna.id, "payer": "Aetna"},
         {"billing_payer_id": None, "payer": "self-pay"}),
    ]  # fmt: skip


def test_only_the_front_desk_and_the_owner_change_a_visits_payer(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = self_pay_visit(clinic, clock)
    medicare = _payer(clinic, "Medicare")
    access = clinic.access
    access.people, access.user = True, User(1, "Dana Reyes", Access.THERAPIST, 1)
    with pytest.raises(AccessRefusedError, match="may not mark visits billed"):
        clinic.front_desk.set_payer(clinic.front_desk.visit(visit_id), medicare.id)
    access.user = User(2, "Front Desk", Access.FRONT_DESK)
    done = clinic.front_desk.set_payer(clinic.front_desk.visit(visit_id), medicare.id)
    assert done.payer == medicare


def test_a_billed_visit_is_refused_until_mark_billed_is_undone(
    clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = self_pay_visit(clinic, clock)
    self_pay_schedule(clinic)
    desk = clinic.front_desk
    desk.mark_billed([desk.visit(visit_id)])
    with pytest.raises(UserError, match="billed already: undo Mark billed first"):
        desk.set_payer(desk.visit(visit_id), _payer(clinic, "Medicare").id)


# --- the window ----------------------------------------------------------------------------


def test_a_self_pay_visit_whose_patient_is_insured_now_bills_to_medicare(
    desk: FrontDeskView, clinic: ClinicServices, clock: FakeClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    visit_id = self_pay_visit(clinic, clock)
    medicare = _payer(clinic, "Medicare")
    _insured_now(clinic, visit_id, medicare)
    signed = clinic.store.visits.get(visit_id)
    desk.end.setDate(QDate(2100, 1, 1))
    desk.start.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    desk.end.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    desk.search.setText("Doe")
    [row] = desk.model.visits()
    assert row.payer is None and row.problem is not None  # no payer, no self-pay prices
    desk.table.selectRow(0)
    actions = {a.text(): a for a in desk.row_menu().actions()}
    assert actions["Change payer…"].isEnabled()
    offered: list[str] = []

    def open_payer(item: object) -> bool:
        dialog = PayerDialog(desk.desk, row, desk)
        offered.extend(dialog.payer.itemText(i) for i in range(dialog.payer.count()))
        assert dialog.payer.currentText() == "Medicare"  # the patient's insurance now
        dialog.save()
        return dialog.result() == PayerDialog.DialogCode.Accepted

    desk.open_payer = open_payer  # type: ignore[method-assign]
    actions["Change payer…"].trigger()
    assert offered[0] == "Self-pay (no payer) (as signed)" and "Medicare" in offered
    assert "now bills to Medicare" in desk.notice.text()
    [row] = desk.model.visits()
    assert row.payer == medicare and row.problem is None
    assert desk.model.data(desk.model.index(0, _payer_column(desk))) == "Medicare"
    pdf = tmp_path / "out" / "bill.pdf"
    pdf.parent.mkdir()
    monkeypatch.setattr(front_desk_output, "choose_pdf_path", lambda _parent, _name: pdf)
    desk.save_pdf()
    assert "Medicare" in pdf_text(pdf) and "Self-pay" not in pdf_text(pdf)
    # no amendment: the same version, as signed, and its seal still holds
    now = clinic.store.visits.get(visit_id)
    assert (now.version, now.payer_id, now.signed_digest, now.status) == (
        signed.version, None, signed.signed_digest, VisitStatus.SIGNED,
    )  # fmt: skip
    assert [v.id for v in clinic.store.visits.history(visit_id)] == [visit_id]
    assert visit_id not in clinic.integrity.check().visits
    entry = next(e for e in clinic.store.audit.for_visit(visit_id) if e.what == "billing payer")
    assert entry.after == {"billing_payer_id": medicare.id, "payer": "Medicare"}


def _payer_column(desk: FrontDeskView) -> int:
    horizontal = Qt.Orientation.Horizontal
    headers = [desk.model.headerData(i, horizontal) for i in range(desk.model.columnCount())]
    return headers.index("Payer")
