"""The traps of issue 14 around treatment, review and signing, as a therapist meets them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from tests.ui.conftest import CLINIC_TZ, seed_clinic
from timer_app.clinic import ClinicServices
from timer_app.session import FakeClock, VisitStatus
from timer_app.store import Store
from timer_app.ui.main_window import MainWindow
from timer_app.ui.recovery_dialog import RecoveryDialog
from timer_app.ui.review_dialog import ReviewDialog
from timer_app.ui.therapist_screen import TherapistScreen


def _start(screen: TherapistScreen, patient: str) -> int:
    bar = screen.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith))
    bar.start.click()
    assert screen.current_visit_id is not None
    return screen.current_visit_id


def _review(qtbot, screen: TherapistScreen, visit_id: int) -> ReviewDialog:  # type: ignore[no-untyped-def]
    screen.show_visit(visit_id)
    screen.run(lambda t: t.end_visit())
    dialog = ReviewDialog(screen.treatment, visit_id)
    qtbot.addWidget(dialog)
    dialog.ask_pin = lambda _question: "1111"
    return dialog


def _one_on_one_for_two_patients(screen: TherapistScreen, clock: FakeClock) -> tuple[int, int]:
    """Dana times 97110 for Maria Lopez and 97140 for Tom Chen in the same minutes."""
    lopez = _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(5 * 60)
    chen = _start(screen, "Chen")
    screen.tap("97140")
    clock.advance(10 * 60)
    return lopez, chen


def test_after_signing_the_signed_visit_stays_in_front_read_only(
    qtbot, window: MainWindow, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    chen = _start(screen, "Chen")  # another patient's visit is open
    lopez = _start(screen, "Lopez")
    screen.tap("97110")
    clock.advance(20 * 60)

    def sign(dialog: ReviewDialog) -> int:
        dialog.ask_pin = lambda _question: "1111"
        dialog.sign.click()
        return int(dialog.result())

    monkeypatch.setattr(ReviewDialog, "exec", sign)
    screen.end.click()
    assert screen.treatment.visit(lopez).status is VisitStatus.SIGNED
    assert screen.current_visit_id == lopez  # no jump to Tom Chen's open visit
    assert "Lopez, Maria: visit signed" in screen.title.text()
    assert "Signed by Dana Reyes at 09:20" in screen.header.details.text()
    assert not screen.tiles.isEnabled() and not screen.pause.isEnabled()
    screen.visit_bar.visits.tabBarClicked.emit(0)  # the next patient, chosen on purpose
    assert screen.current_visit_id == chen
    assert "signed" not in screen.header.words().lower()


def test_the_review_names_people_in_the_same_minutes_warning(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    lopez, _chen = _one_on_one_for_two_patients(screen, clock)
    screen.refresh()
    banner = screen.concurrent.text()
    assert "Dana Reyes timed one-on-one 97110 for Lopez, Maria and 97140 for Chen, Tom" in banner
    assert "Clinician 1" not in banner and "visit " not in banner
    dialog = _review(qtbot, screen, lopez)
    shown = [w.message for w in dialog.shown_warnings]
    assert any(m.startswith("Dana Reyes timed one-on-one 97110 for Lopez, Maria") for m in shown)


def test_a_refused_code_blocks_the_signature_until_acknowledged_with_a_reason(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    lopez = _start(screen, "Lopez")
    screen.tap("97014")
    clock.advance(15 * 60)
    dialog = _review(qtbot, screen, lopez)
    assert any("Medicare does not accept 97014" in w.message for w in dialog.shown_warnings)
    dialog.sign.click()
    assert "Before signing, resolve this warning" in dialog.problem.text()
    assert screen.treatment.visit(lopez).status is VisitStatus.FINISHED
    reasons = [
        box for box in dialog.warnings.findChildren(QLineEdit)
        if box.accessibleName() == "Reason to sign with this warning"
    ]  # fmt: skip
    assert reasons
    for box in reasons:
        box.setText("Medicare Advantage plan accepts 97014; checked by phone")
    dialog.sign.click()
    assert screen.treatment.visit(lopez).status is VisitStatus.SIGNED
    audit = window.clinic.store.audit.for_visit(lopez)
    notes = [e for e in audit if e.what == "warning acknowledged"]
    assert notes and notes[0].reason == "Medicare Advantage plan accepts 97014; checked by phone"
    assert any("does not accept 97014" in str(e.after) for e in notes)


def test_a_second_visit_today_offers_the_existing_one(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    first = _start(screen, "Lopez")
    screen.tap("97110")
    _start(screen, "Chen")
    asked: list[str] = []
    screen.ask_same_day = lambda question: asked.append(question) or "open"  # type: ignore[func-returns-value]
    _start(screen, "Lopez")
    assert asked and "Lopez, Maria already has a visit today" in asked[0]
    assert screen.current_visit_id == first
    assert len(screen.treatment.day_visits(screen.treatment.today())) == 2
    screen.ask_same_day = lambda _question: "second"
    assert _start(screen, "Lopez") != first  # on purpose, a second one is possible


def test_an_accidental_visit_is_discarded_with_a_reason(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _start(screen, "Lopez")
    assert screen.discard.isVisible()
    screen.ask_discard_reason = lambda: "   "
    screen.discard.click()
    assert "Say why" in screen.banner.text()  # nothing changed
    assert screen.treatment.visit(visit_id).status is VisitStatus.OPEN
    screen.ask_discard_reason = lambda: "started for the wrong patient"
    screen.discard.click()
    assert screen.treatment.day_visits(screen.treatment.today()) == []
    assert screen.current_visit_id is None
    entry = window.clinic.store.audit.for_visit(visit_id)[-1]
    assert (entry.what, entry.reason) == ("visit discarded", "started for the wrong patient")


def test_an_empty_visit_cannot_be_signed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _start(screen, "Lopez")
    dialog = _review(qtbot, screen, visit_id)
    dialog.sign.click()
    assert "Nothing was timed in this visit" in dialog.problem.text()
    assert screen.treatment.visit(visit_id).status is VisitStatus.FINISHED
    assert dialog.discard.isVisibleTo(dialog)


def test_the_review_finds_a_diagnosis_by_words(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _start(screen, "Nguyen")  # no diagnosis yet
    screen.tap("97110")
    clock.advance(15 * 60)
    dialog = _review(qtbot, screen, visit_id)
    search = dialog.diagnosis_search
    search.query.setText("low back pain")
    search.search()
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=30_000)
    search.use(search.model.index(0, 0))
    qtbot.waitUntil(lambda: len(dialog.diagnoses.diagnoses()) == 1, timeout=30_000)
    assert dialog.diagnoses.diagnoses()[0].code.startswith("M54")


def test_one_recovery_dialog_for_every_code_left_running(
    qtbot, tmp_path: Path, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(data_dir=tmp_path / "clinic", clock=clock, daily_backup=False)
    seed_clinic(store)
    crashed = ClinicServices(store, clock, CLINIC_TZ).treatment
    for patient_id, clinician_id, code in ((1, 1, "97110"), (2, 2, "97140")):
        timer = crashed.start_visit(patient_id, clinician_id)
        crashed.run(timer.visit_id, lambda t, c=code: t.start(c))
    clock.advance(4)
    crashed.beat()
    clock.advance(300)
    clinic = ClinicServices(store, clock, CLINIC_TZ)
    clinic.treatment.restore_open_visits()
    shown: list[RecoveryDialog] = []

    def answer(dialog: RecoveryDialog) -> int:
        shown.append(dialog)
        dialog.rows[1].went_on.setChecked(True)
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", answer)
    window = MainWindow(clinic, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.offer_recovery()
    assert len(shown) == 1 and len(shown[0].rows) == 2
    assert clinic.treatment.recovered() == []
    ended = [i for v in clinic.treatment.day_visits(clinic.treatment.today())
             for i in v.visit.intervals]  # fmt: skip
    assert sorted(i.end is None for i in ended) == [False, True]  # one stopped, one went on
    window.close()
    store.close()
