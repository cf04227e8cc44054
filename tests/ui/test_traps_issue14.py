"""Issue 14's traps that had no test of their own, each driven in the window as a user meets
it (the traps already tested elsewhere are listed with their tests in docs/traps.md).

A test marked xfail(strict) is a trap still in the program: it passes once the trap is fixed,
and then the mark must go.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import sign
from timer_app.cli import main
from timer_app.clinic import ClinicServices
from timer_app.records import Clinic, Diagnosis
from timer_app.session import FakeClock, VisitStatus
from timer_app.ui.main_window import MainWindow
from timer_app.ui.review_dialog import ReviewDialog
from timer_app.ui.therapist_screen import TherapistScreen


def _start(screen: TherapistScreen, patient: str) -> int:
    """Pick the patient in the visit bar and press Start visit, as the therapist does."""
    bar = screen.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith))
    bar.start.click()
    assert screen.current_visit_id is not None
    return screen.current_visit_id


def _review(qtbot, screen: TherapistScreen, visit_id: int) -> ReviewDialog:  # type: ignore[no-untyped-def]
    """End visit and review: the review of the visit, with Dana's PIN ready for Sign."""
    screen.show_visit(visit_id)
    screen.run(lambda t: t.end_visit())
    dialog = ReviewDialog(screen.treatment, visit_id)
    qtbot.addWidget(dialog)
    dialog.ask_pin = lambda _question: "1111"
    return dialog


def _sign_on_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """End visit and review opens the review; the therapist presses Sign in it."""

    def sign_it(dialog: ReviewDialog) -> int:
        dialog.ask_pin = lambda _question: "1111"
        dialog.sign.click()
        return int(dialog.result())

    monkeypatch.setattr(ReviewDialog, "exec", sign_it)


def _self_pay_patient(clinic: ClinicServices, name: str = "Doe, Jane") -> None:
    clinic.store.patients.add(
        name, date(1980, 5, 17), diagnoses=[Diagnosis("M54.50", "Low back pain, unspecified")]
    )


# --- Wrong patient or wrong claim ------------------------------------------------------------


def test_after_signing_the_patient_box_never_names_another_patient_than_the_visit_shown(
    qtbot, window: MainWindow, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    chen = _start(screen, "Chen")
    _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(20 * 60)
    _sign_on_end(monkeypatch)
    screen.end.click()
    assert screen.header.title.text() == "✔ Lopez, Maria: visit signed"
    index = next(
        i for i in range(screen.visit_bar.visits.count())
        if screen.visit_bar.visits.tabData(i) == chen
    )  # fmt: skip
    screen.visit_bar.visits.tabBarClicked.emit(index)  # the next patient, chosen on purpose
    assert screen.current_visit_id == chen
    assert screen.header.title.text() == "Chen, Tom"
    assert "Lopez" not in screen.visit_bar.patient.currentText()


def test_two_visits_of_one_patient_today_have_chips_told_apart(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    asked: list[str] = []
    screen.ask_same_day = lambda question: asked.append(question) or "second"  # type: ignore[func-returns-value]
    first = _start(screen, "Lopez")
    second = _start(screen, "Lopez")
    assert asked and first != second  # the question was asked, and a second one was meant
    chips = screen.visit_bar.visits
    words = [chips.tabText(i) for i in range(chips.count())]
    assert len(words) == 2
    assert words[0] != words[1], words


def test_one_self_pay_visit_never_fails_the_days_export(
    qtbot,
    window: MainWindow,
    clinic: ClinicServices,
    clock: FakeClock,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:  # type: ignore[no-untyped-def]
    """`export` for a day with one self-pay visit and no self-pay prices: the day's other
    claims are written, the self-pay one is named with its reason."""
    clinic.store.clinic.save(Clinic("Riverside Therapy", "12 Main St\nSpringfield, IL 62701",
                                    "(217) 555-0100", "12-3456789", "1245319599"))  # fmt: skip
    _self_pay_patient(clinic)
    screen = window.treatment
    screen.visit_bar.reload()
    lopez = _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(20 * 60)
    screen.tap("97110")  # stopped before the next patient
    doe = _start(screen, "Doe")
    screen.tap("97110")
    clock.advance(20 * 60)
    for visit_id in (lopez, doe):
        screen.treatment.run(visit_id, lambda t: t.end_visit())
        sign(screen.treatment, visit_id)
    day = screen.treatment.today().isoformat()
    claims = tmp_path_factory.mktemp("out") / "claims.csv"  # never beside the database
    data_dir = str(clinic.store.path.parent)  # type: ignore[attr-defined]
    window.close()
    status = main(["export", "--data-dir", data_dir, "--from", day, "--to", day,
                   "--csv", str(claims)])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 0, err
    with claims.open(newline="") as file:
        exported = {int(row["visit"]) for row in csv.DictReader(file)}
    assert exported == {lopez}
    assert f"Skipped Doe, Jane (visit {doe}" in err and "no self-pay fee schedule" in err


def test_a_code_with_no_fee_is_said_at_signing_and_waits_for_a_reason(
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    lopez = _start(screen, "Lopez")
    screen.tap("97112")  # Medicare has no fee for 97112 in this clinic
    clock.advance(15 * 60)
    dialog = _review(qtbot, screen, lopez)
    missing = [w for w in dialog.shown_warnings if "97112" in w.message and w.needs_action]
    assert missing, [w.message for w in dialog.shown_warnings]
    assert "Clinic set-up, Payers" in missing[0].resolve
    dialog.sign.click()
    assert "Before signing, resolve this warning" in dialog.problem.text()
    assert screen.treatment.visit(lopez).status is VisitStatus.FINISHED


# --- Time wasted ------------------------------------------------------------------------------


def _read(label: QLabel) -> str:
    """The words a person reads on a label: rich text as it renders, plain text as it is."""
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def test_a_warning_shows_its_apostrophe_not_html(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """No raw `&#x27;` in a warning: a patient's minutes, O'Brien's name, as written."""
    window.clinic.store.patients.add("O'Brien, Pat", date(1950, 6, 1),
                                     payer_id=window.clinic.setup.payers()[0].id,
                                     member_id="1EG4TE5MK74")  # fmt: skip
    screen = window.treatment
    screen.visit_bar.reload()
    obrien = _start(screen, "O'Brien")
    screen.tap("97110")
    clock.advance(5 * 60)
    _start(screen, "Chen")
    screen.tap("97140")
    clock.advance(10 * 60)
    screen.refresh()
    banner = screen.concurrent.text()
    assert "O'Brien, Pat" in banner and "&#" not in banner and "&amp;" not in banner
    dialog = _review(qtbot, screen, obrien)
    dialog.show()
    read = [_read(label) for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    assert any("O'Brien" in words or "patient's" in words for words in read)
    assert not [words for words in read if "&#" in words or "&amp;" in words or "&lt;" in words]


def test_a_date_of_birth_is_written_the_clinics_way_on_the_treatment_screen(
    qtbot, window: MainWindow, clinic: ClinicServices
) -> None:  # type: ignore[no-untyped-def]
    bar = window.treatment.visit_bar
    offered = [bar.patient.itemText(i) for i in range(bar.patient.count())]
    lopez = next(words for words in offered if words.startswith("Lopez, Maria"))
    assert "03/02/1948" in lopez, lopez
    assert "1948-03-02" not in lopez and "1948-03-02" not in bar.patient.toolTip()
