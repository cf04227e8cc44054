"""The review as a biller would use it: who keeps co-treatment minutes, diagnosis letters
typed "AB" kept and printed as AB on the superbill PDF."""

from __future__ import annotations

from pathlib import Path

from tests.superbill.pdf_tools import pdf_text
from timer_app.clinic import ClinicServices
from timer_app.records import Clinic, Diagnosis
from timer_app.session import FakeClock
from timer_app.superbill.render import PaperSize, write_pdf
from timer_app.ui.review_dialog import POINTER_COLUMN, ReviewDialog


def _visit(clinic: ClinicServices, clock: FakeClock, *, co_treated: bool) -> int:
    treatment = clinic.treatment
    dana, sam = (next(c for c in treatment.clinicians() if c.name == n).id
                 for n in ("Dana Reyes", "Sam Ortiz"))  # fmt: skip
    lopez = clinic.setup.patients("Lopez")[0]
    timer = treatment.start_visit(lopez.id, dana)
    treatment.run(timer.visit_id, lambda t: t.start("97110"))
    if co_treated:  # Sam times 97140 for the same patient over the same 20 minutes
        treatment.run(timer.visit_id, lambda t: t.start("97140", sam))
        clock.advance(20 * 60)
    else:
        clock.advance(20 * 60)
        treatment.run(timer.visit_id, lambda t: t.start("97140"))
        clock.advance(10 * 60)
    treatment.run(timer.visit_id, lambda t: t.end_visit())
    return timer.visit_id


def _rows(dialog: ReviewDialog) -> list[tuple[str, str, str]]:
    model = dialog.lines
    return [
        (model.item(r, 0).text(), model.item(r, 3).text(), model.item(r, 4).text())
        for r in range(model.rowCount())
    ]


def test_the_review_picks_the_code_that_keeps_co_treatment_minutes(
    qtbot, clinic: ClinicServices, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(clinic, clock, co_treated=True)
    dialog = ReviewDialog(clinic.treatment, visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.shared.isVisible()
    assert [dialog.shared.itemText(i) for i in range(dialog.shared.count())] == [
        "the therapist's code (the usual rule)", "97110 (Exercise)", "97140 (Manual therapy)",
    ]  # fmt: skip
    assert ("97140", "0", "GP") in _rows(dialog)  # the therapist's 97110 kept the minutes
    assert "Co-treatment" in dialog.warning_words()
    dialog.shared.setCurrentIndex(dialog.shared.findData("97140"))
    assert ("97140", "1", "GP CQ") in _rows(dialog)
    dialog.ask_pin = lambda _question: "1111"
    dialog._sign()
    assert dialog.result() == dialog.DialogCode.Accepted
    signed = clinic.treatment.visit(visit_id)
    assert signed.shared_minutes_to == ("97140",)
    reopened = ReviewDialog(clinic.treatment, visit_id)
    qtbot.addWidget(reopened)
    assert reopened.shared.currentData() == "97140" and not reopened.shared.isEnabled()
    assert ("97140", "1", "GP CQ") in _rows(reopened)


def test_no_co_treatment_no_choice(qtbot, clinic: ClinicServices, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    dialog = ReviewDialog(clinic.treatment, _visit(clinic, clock, co_treated=False))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.shared.isVisible()


def test_letters_typed_ab_are_kept_and_printed_ab(
    qtbot, clinic: ClinicServices, clock: FakeClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    clinic.store.clinic.save(Clinic("Riverside Therapy", "12 Main St", "(217) 555-0100",
                                    "12-3456789", "1234567893"))  # fmt: skip
    lopez = clinic.setup.patients("Lopez")[0]
    clinic.store.patients.set_diagnoses(
        lopez.id, [Diagnosis("M54.50", "Low back pain, unspecified"),
                   Diagnosis("M62.81", "Muscle weakness (generalized)")],
    )  # fmt: skip
    visit_id = _visit(clinic, clock, co_treated=False)
    dialog = ReviewDialog(clinic.treatment, visit_id)
    qtbot.addWidget(dialog)
    cells = {dialog.lines.item(r, 0).text(): r for r in range(dialog.lines.rowCount())}
    dialog.lines.item(cells["97110"], POINTER_COLUMN).setText("AB")
    dialog.lines.item(cells["97140"], POINTER_COLUMN).setText("b, a")
    dialog.ask_pin = lambda _question: "1111"
    dialog._sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    signed = clinic.treatment.visit(visit_id)
    assert signed.diagnosis_pointers == {"97110": (1, 2), "97140": (2, 1)}
    item = clinic.front_desk.visit(visit_id)
    bill = clinic.front_desk.superbill(item)
    assert {line.code: "".join(line.pointers) for line in bill.lines} == {
        "97110": "AB", "97140": "BA",
    }  # fmt: skip
    pdf = tmp_path / "visit.pdf"
    write_pdf([bill], pdf, PaperSize.LETTER)
    printed = [row.split() for row in pdf_text(pdf).splitlines()]
    row_97110 = next(row for row in printed if row and row[0] == "97110")
    assert "AB" in row_97110
