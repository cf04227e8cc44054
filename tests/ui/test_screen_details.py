"""The therapist's screen beyond the happy path: keys, refusals, recovery, two visits."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import CLINIC_TZ, seed_clinic, sign
from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices
from timer_app.records import Role
from timer_app.session import FakeClock, VisitStatus
from timer_app.store import Store
from timer_app.ui.interval_dialog import IntervalDialog
from timer_app.ui.main_window import MainWindow
from timer_app.ui.recovery_dialog import RecoveryDialog
from timer_app.ui.review_dialog import ReviewDialog


def _start(window: MainWindow, patient: str) -> int:
    bar = window.treatment.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith))
    bar.start.click()
    visit_id = window.treatment.current_visit_id
    assert visit_id is not None
    return visit_id


def _finished_visit(
    window: MainWindow, clock: FakeClock, patient: str, *timed: tuple[str, int]
) -> int:
    """A visit of `patient` with each (code, minutes) timed in turn, then ended."""
    visit_id = _start(window, patient)
    for code, minutes in timed:
        window.treatment.tap(code)
        clock.advance(minutes * 60)
    window.treatment.run(lambda t: t.end_visit())
    return visit_id


def test_keys_start_favourites_space_pauses_ctrl_z_undoes(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    _start(window, "Lopez")
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_1)  # first favourite: 97110
    assert screen.timer().running[0].code == "97110"
    clock.advance(60)
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert not screen.timer().running
    assert screen.pause.text() == "Resume"
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert [i.code for i in screen.timer().running] == ["97110"]
    qtbot.keyClick(screen, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not screen.timer().running  # the resume was taken back
    stored = screen.treatment.visit(screen.current_visit_id)
    assert [i.end is not None for i in stored.intervals] == [True]


def test_refusal_is_shown_in_words_and_changes_nothing(window: MainWindow) -> None:
    screen = window.treatment
    _start(window, "Lopez")
    screen.pause_or_resume()  # nothing runs: nothing to pause
    assert screen.banner.isVisibleTo(screen)
    assert "Nothing is running" in screen.banner.text()
    assert screen.treatment.visit(screen.current_visit_id).intervals == ()


def test_start_without_a_patient_says_what_to_do(window: MainWindow) -> None:
    window.treatment.visit_bar.patient.setEditText("")
    window.treatment.visit_bar.start.click()
    assert "Choose a patient first" in window.treatment.banner.text()


def test_impossible_edit_is_refused_with_the_engines_words(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    _start(window, "Lopez")
    screen.tap("97110")
    clock.advance(10 * 60)
    screen.tap("97110")
    interval = screen.timer().intervals[0]
    timer = screen.timer()

    def save(start, end, code, reason):  # type: ignore[no-untyped-def]
        screen.treatment.run(
            timer.visit_id,
            lambda t: t.edit_interval(interval.id, start=start, end=end, code=code, reason=reason),
        )

    dialog = IntervalDialog(interval, timer.day.day, CLINIC_TZ, screen.catalog, save)
    qtbot.addWidget(dialog)
    dialog.end.setTime(dialog.start.time().addSecs(-60))  # ends before it starts
    dialog.reason.setText("typed the wrong time")
    dialog._try_save()
    assert dialog.problem.isVisibleTo(dialog)
    assert "must be after the start" in dialog.problem.text()
    assert screen.treatment.visit(timer.visit_id).intervals[0] == interval
    dialog.end.setTime(dialog.start.time().addSecs(8 * 60))
    dialog._try_save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert screen.treatment.visit(timer.visit_id).intervals[0].duration_ms == 8 * 60 * 1000


def test_two_open_visits_switch_in_one_tap_and_overlap_is_warned(
    window: MainWindow, clock: FakeClock
) -> None:
    screen = window.treatment
    first = _start(window, "Lopez")
    screen.tap("97110")
    second = _start(window, "Chen")
    screen.tap("97140")  # same clinician, one-on-one, same minutes
    clock.advance(120)
    screen.refresh()
    assert screen.concurrent.isVisibleTo(screen)
    assert "group therapy" in screen.concurrent.text()
    bar = screen.visit_bar
    assert bar.visits.count() == 2
    bar.visits.setCurrentIndex(0)
    assert screen.current_visit_id == first
    assert screen.tiles.tile("97110").figures.running
    bar.visits.setCurrentIndex(1)
    assert screen.current_visit_id == second


def test_signed_visit_opens_read_only_and_amends_with_a_reason(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _finished_visit(window, clock, "Lopez", ("97110", 20))
    sign(screen.treatment, visit_id, {"97110": "A"})
    dialog = ReviewDialog(screen.treatment, visit_id)
    qtbot.addWidget(dialog)
    assert dialog.read_only
    assert not dialog.sign.isVisibleTo(dialog) and dialog.amend.isVisibleTo(dialog)
    assert not dialog.diagnoses.add.isVisibleTo(dialog)
    dialog.ask_reason = lambda: "   "
    dialog._amend()
    assert "Say why" in dialog.problem.text()
    dialog.ask_reason = lambda: "97110 started 5 minutes earlier"
    dialog._amend()
    assert dialog.amended_visit_id is not None
    amended = screen.treatment.visit(dialog.amended_visit_id)
    assert amended.amends_id == visit_id and amended.status is not VisitStatus.SIGNED


def test_review_picks_a_legal_answer_for_a_tie(qtbot, window: MainWindow, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _finished_visit(window, clock, "Chen", ("97112", 20), ("97530", 20))
    dialog = ReviewDialog(screen.treatment, visit_id)
    qtbot.addWidget(dialog)
    assert dialog.choice.isVisibleTo(dialog) and dialog.choice.count() == 2
    dialog.choice.setCurrentIndex(1)
    assert dialog.billing is not None
    picked = dialog.billing.units_by_code()
    dialog.ask_pin = lambda _question: "1111"
    # the test clinic has no Medicare fee for 97112: a warning that waits on a reason
    dialog.acknowledged = {w.key: "fee on its way" for w in dialog.shown_warnings if w.needs_action}
    dialog._sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert screen.treatment.visit(visit_id).chosen_units == picked


def test_bad_diagnosis_letters_are_refused_before_signing(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _finished_visit(window, clock, "Lopez", ("97110", 20))
    dialog = ReviewDialog(screen.treatment, visit_id)
    qtbot.addWidget(dialog)
    dialog.lines.item(0, 5).setText("Q")
    dialog.ask_pin = lambda _question: "1111"
    dialog._sign()
    assert "97110: diagnosis letters 'Q' do not fit" in dialog.problem.text()
    assert screen.treatment.visit(visit_id).status is VisitStatus.FINISHED


@pytest.mark.parametrize("keep", [False, True])
def test_recovery_after_a_crash(qtbot, tmp_path, clock: FakeClock, monkeypatch, keep: bool) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "clinic"
    store = Store.open(data_dir=data, clock=clock, daily_backup=False)
    seed_clinic(store)
    crashed = ClinicServices(store, clock, CLINIC_TZ).treatment
    timer = crashed.start_visit(1, 1)
    crashed.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(4)
    crashed.beat()
    clock.advance(300)  # the program was dead for five minutes
    clinic = ClinicServices(store, clock, CLINIC_TZ)
    workstation = clinic.treatment
    workstation.restore_open_visits()
    answers: list[RecoveryDialog] = []

    def answer(dialog: RecoveryDialog) -> int:
        answers.append(dialog)
        assert "passed unseen" in dialog.rows[0].gap.text()
        dialog.rows[0].went_on.setChecked(keep)
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", answer)
    window = MainWindow(clinic, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.offer_recovery()
    assert len(answers) == 1
    interval = workstation.visit(timer.visit_id).intervals[0]
    if keep:
        assert interval.end is None
    else:
        assert interval.end is not None and interval.duration_ms == 4000
    assert not workstation.recovered() or keep
    entry = store.audit.for_visit(timer.visit_id)[-1]  # the answer is in the history
    assert entry.what == "interval recovered"
    assert ("unseen billed" if keep else "unseen not billed") in entry.reason
    window.close()
    store.close()


def test_front_desk_and_set_up_are_built_when_first_shown(window: MainWindow) -> None:
    from timer_app.ui.clinic_setup import ClinicSetup
    from timer_app.ui.front_desk import FrontDeskView

    assert window.front_desk.content is None and window.setup.content is None
    window.tabs.setCurrentIndex(1)
    assert isinstance(window.front_desk.content, FrontDeskView)
    window.tabs.setCurrentIndex(2)
    assert isinstance(window.setup.content, ClinicSetup)
    window.tabs.setCurrentIndex(0)
    assert window.treatment.visit_bar.clinician.count() == 2


def test_kx_from_the_patients_earlier_visits_this_year(
    window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:
    treatment = window.treatment.treatment
    for _ in range(9):  # nine earlier visits of 4 units of 97110 at $31.50: $1,134.00
        earlier = _finished_visit(window, clock, "Lopez", ("97110", 60))
        sign(treatment, earlier)
    visit = treatment.visit(earlier)
    before = clinic.biller.year_to_date(visit, clinic.biller.context())
    assert before is not None and before.cents == 8 * 4 * 3150
    payer = clinic.setup.payer(visit.payer_id or 0)
    clinic.setup.save_payer(payer.id, payer.name, payer.profile, {**payer.fees, "97110": 8000})
    billing = treatment.billing(visit)  # 8 x 4 x $80 + 4 x $80 = $2,880 > $2,480
    assert billing is not None and billing.line("97110").modifiers == ("GP", "KX")


def test_signing_needs_a_diagnosis(qtbot, window: MainWindow, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _finished_visit(window, clock, "Nguyen", ("97110", 20))
    dialog = ReviewDialog(screen.treatment, visit_id)
    qtbot.addWidget(dialog)
    dialog.ask_pin = lambda _question: "1111"
    dialog._sign()
    assert "at least one diagnosis" in dialog.problem.text()
    assert screen.treatment.visit(visit_id).status is VisitStatus.FINISHED


def test_a_write_the_file_refuses_changes_nothing(window: MainWindow, store: Store) -> None:
    screen = window.treatment
    visit_id = _start(window, "Lopez")
    store.db.execute(  # the file refuses the write halfway, as a full disk does
        "CREATE TEMP TRIGGER full_disk BEFORE UPDATE ON visit "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    screen.tap("97110")
    assert "could not be saved, so it was not made. The disk holding clinic.sqlite3 is full" in (
        screen.banner.text()
    )
    assert not screen.timer().running and not screen.timer().intervals  # nothing to take back
    assert not screen.undo_button.isEnabled()
    store.db.execute("DROP TRIGGER full_disk")
    assert store.visits.get(visit_id).intervals == ()
    screen.tap("97110")  # the disk has room again: the same tap works
    assert [i.code for i in store.visits.get(visit_id).intervals] == ["97110"]


def test_an_assistants_visit_is_signed_by_the_supervising_therapist(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from timer_app.errors import UserError

    bar = window.treatment.visit_bar
    bar.clinician.setCurrentIndex(bar.clinician.findText("Sam Ortiz", Qt.MatchFlag.MatchStartsWith))
    visit_id = _finished_visit(window, clock, "Lopez", ("97110", 20))
    workstation = window.treatment.treatment
    with pytest.raises(UserError, match="the supervising therapist signs"):
        sign(workstation, visit_id)
    dialog = ReviewDialog(workstation, visit_id)
    qtbot.addWidget(dialog)
    assert dialog.signer.isVisibleTo(dialog) and dialog.signer.currentText().startswith("Dana")
    assert dialog.billing is not None and "CQ" in dialog.billing.line("97110").modifiers
    dialog.ask_pin = lambda _question: "1111"
    dialog._sign()
    signed = workstation.visit(visit_id)
    assert signed.status is VisitStatus.SIGNED
    assert workstation.clinician(signed.signed_by or 0).name == "Dana Reyes"


def test_an_assistant_takes_over_part_of_the_visit_and_each_unit_is_whose_it_was(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """PTA 12 + PT 12 of 97110, timed through the window: one unit with CQ, one without."""
    screen = window.treatment
    visit_id = _start(window, "Lopez")
    assert screen.timing_as.isVisibleTo(screen)
    assert [screen.timing_as.itemText(i) for i in range(screen.timing_as.count())] == [
        "Dana Reyes, PT, DPT", "Sam Ortiz, PTA",
    ]  # fmt: skip
    screen.timing_as.setCurrentIndex(1)
    screen.timing_as.activated.emit(1)
    screen.tap("97110")  # Sam starts
    clock.advance(12 * 60)
    screen.refresh()
    tile = screen.tiles.tile("97110")
    assert tile.figures.running_by == "Sam (PTA)"
    assert "running for Sam (PTA)" in tile.accessibleDescription()
    screen.timing_as.setCurrentIndex(0)
    screen.timing_as.activated.emit(0)
    screen.tap("97110")  # Dana takes it over in one tap
    timer = screen.timer()
    assert [(i.clinician_id, i.running) for i in timer.intervals] == [(2, False), (1, True)]
    screen.refresh()
    assert screen.tiles.tile("97110").figures.running_by == ""
    clock.advance(12 * 60)
    screen.run(lambda t: t.end_visit())
    review = ReviewDialog(screen.treatment, visit_id)
    qtbot.addWidget(review)
    rows = [
        tuple(review.lines.item(r, c).text() for c in (0, 3, 4))
        for r in range(review.lines.rowCount())
    ]
    assert rows == [("97110", "1", "GP"), ("97110", "1", "GP CQ")]
    assert "one carries CQ, one does not" in review.explanation.toPlainText()


def test_nobody_else_to_time_as_hides_the_choice(
    window: MainWindow, clinic: ClinicServices
) -> None:
    screen = window.treatment
    priya = clinic.store.clinicians.add(
        "Priya Natarajan", discipline=Discipline.SLP, role=Role.SLP, npi="1730527466"
    )
    bar = screen.visit_bar
    bar.reload()
    bar.clinician.setCurrentIndex(bar.clinician.findData(priya.id))
    _start(window, "Chen")
    assert not screen.timing_as.isVisibleTo(screen)


def test_a_recovery_left_unanswered_stays_in_sight_and_is_asked_again(
    qtbot, tmp_path, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "clinic"
    store = Store.open(data_dir=data, clock=clock, daily_backup=False)
    seed_clinic(store)
    hostile = '<img src="/tmp/x.png"><h1 style="color:red">Fake</h1>'
    patient = store.patients.add(hostile, date(1950, 1, 2))
    crashed = ClinicServices(store, clock, CLINIC_TZ).treatment
    timer = crashed.start_visit(patient.id, 1)
    crashed.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(8)
    crashed.beat()
    clock.advance(300)
    clinic = ClinicServices(store, clock, CLINIC_TZ)
    clinic.treatment.restore_open_visits()
    shown: list[RecoveryDialog] = []

    def close_without_answer(dialog: RecoveryDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", close_without_answer)
    window = MainWindow(clinic, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.offer_recovery()
    heading = shown[0].findChildren(QLabel)[0]
    assert "&lt;h1" in heading.text()  # the name is escaped, never rendered as markup
    assert window.treatment.pending_row.isVisibleTo(window)
    assert hostile in window.treatment.pending.text()
    assert "Nothing after that is billed" in window.treatment.pending.text()
    assert window.treatment.pending.textFormat() is Qt.TextFormat.PlainText
    clock.advance(600)
    assert clinic.treatment.timer(timer.visit_id).snapshot().code("97110").elapsed_seconds == 8

    def answer(dialog: RecoveryDialog) -> int:
        shown.append(dialog)
        return 1  # "It stopped"

    monkeypatch.setattr(RecoveryDialog, "exec", answer)
    window.treatment.decide.click()
    assert len(shown) == 2 and not window.treatment.pending_row.isVisibleTo(window)
    assert clinic.treatment.visit(timer.visit_id).intervals[0].duration_ms == 8000
    window.close()
    store.close()
