"""The idle lock: every patient hidden, time still running, a PIN to go on where one was."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import patient_names, shown_texts, sign_in_as
from timer_app.session import FakeClock, VisitTimer
from timer_app.ui.day_visits_dialog import DayVisitsDialog
from timer_app.ui.main_window import MainWindow


def _timing(qtbot, window: MainWindow, code: str = "97110") -> VisitTimer:  # type: ignore[no-untyped-def]
    """Dana signed in, a visit started for the first patient listed, `code` running."""
    sign_in_as(qtbot, window, "Dana Reyes")
    bar = window.treatment.visit_bar
    bar.patient.setCurrentIndex(0)
    bar.start.click()
    window.treatment.tap(code)
    timer = window.treatment.timer()
    assert timer is not None and [i.code for i in timer.running] == [code]
    return timer


def _no_patient_in_sight(window: MainWindow) -> None:
    words = "\n".join(shown_texts(window))
    names = patient_names(window.clinic)
    assert names
    for name in names:
        assert name not in words, name


def test_idle_lock_hides_patients_and_time_keeps_counting(
    qtbot, people_window: MainWindow, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    timer = _timing(qtbot, people_window)
    visit_id, revision = timer.visit_id, timer.revision
    interval = timer.running[0]
    clock.advance(300)
    day = DayVisitsDialog(people_window.clinic.treatment, clock.now().date(), people_window)
    day.show()  # a list of the day's patients is open when the lock comes
    assert people_window.idle_timer.isActive()
    assert people_window.idle_timer.interval() == 5 * 60_000  # the clinic's idle minutes

    people_window.idle_timer.timeout.emit()  # the idle minutes passed

    assert people_window.pages.currentWidget() is people_window.lock_screen
    assert people_window.clinic.access.locked
    assert not day.isVisible()
    assert people_window.windowTitle() == "Therapy Timer: locked"
    assert not people_window.idle_timer.isActive()
    _no_patient_in_sight(people_window)
    lock = people_window.lock_screen
    assert lock.running.text() == "97110 05:00"
    before = timer.elapsed_ms(interval)
    clock.advance(120)
    lock.refresh()  # each second on screen
    assert lock.running.text() == "97110 07:00"
    assert timer.elapsed_ms(interval) == before + 120_000  # time keeps counting
    assert [i.id for i in timer.running] == [interval.id]
    assert timer.revision == revision  # the lock ran no timer command
    _no_patient_in_sight(people_window)

    sign_in_as(qtbot, people_window, "Dana Reyes")

    assert people_window.pages.currentWidget() is people_window.body
    assert people_window.tabs.currentWidget() is people_window.treatment
    assert people_window.treatment.current_visit_id == visit_id
    assert [i.id for i in timer.running] == [interval.id]
    assert people_window.idle_timer.isActive()
    stored = people_window.clinic.treatment.visit(visit_id)
    assert [i.end for i in stored.intervals] == [None]


def test_a_lock_closes_a_dialog_that_is_waiting_for_an_answer(
    qtbot, people_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    timer = _timing(qtbot, people_window)
    QTimer.singleShot(0, people_window.idle_timer.timeout.emit)
    people_window.treatment.review(timer.visit_id)  # modal: the lock ends its wait
    assert people_window.pages.currentWidget() is people_window.lock_screen
    assert [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not people_window] == []  # fmt: skip
    assert [i.code for i in timer.running] == ["97110"]
    _no_patient_in_sight(people_window)


def test_input_anywhere_restarts_the_idle_time(qtbot, people_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Dana Reyes")
    people_window.idle_timer.start(60_000)
    qtbot.wait(300)
    waited = people_window.idle_timer.remainingTime()
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(people_window.treatment.visit_bar.patient, press)
    assert people_window.idle_timer.remainingTime() > waited


def test_another_persons_pin_switches_and_times_as_them(
    qtbot, people_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    timer = _timing(qtbot, people_window)
    people_window.lock_button.click()
    assert people_window.lock_screen.picker.chosen.name == "Dana Reyes"  # chosen for her
    sign_in_as(qtbot, people_window, "Sam Ortiz")
    sam = people_window.clinic.access.user
    assert sam is not None and sam.name == "Sam Ortiz"
    assert people_window.windowTitle() == "Therapy Timer: Sam Ortiz"
    assert people_window.treatment.current_visit_id == timer.visit_id
    assert people_window.treatment.timing_for(timer) == sam.clinician_id  # Timing as: Sam
    assert people_window.treatment.timing_as.currentData() == sam.clinician_id
    assert people_window.treatment.visit_bar.clinician.currentData() == sam.clinician_id


def test_what_a_crash_left_running_is_asked_only_of_someone_signed_in_who_times(
    qtbot, demo_clinic, tmp_path, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import CLINIC_TZ, people_window_on
    from timer_app.clinic import ClinicServices
    from timer_app.ui.recovery_dialog import RecoveryDialog

    store = demo_clinic.store
    crashed = ClinicServices(store, clock, CLINIC_TZ).treatment  # the run that stopped
    patient = demo_clinic.setup.patients()[0]
    dana = next(u for u in demo_clinic.access.users() if u.name == "Dana Reyes")
    timer = crashed.start_visit(patient.id, dana.clinician_id or 0)
    crashed.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(8)
    crashed.beat()
    clock.advance(300)
    clinic = ClinicServices(store, clock, CLINIC_TZ)
    clinic.treatment.restore_open_visits()
    asked: list[str] = []

    def later(dialog: RecoveryDialog) -> int:
        asked.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", later)
    window = people_window_on(qtbot, clinic, tmp_path)
    qtbot.wait(20)  # shown, and nothing asked before a sign-in
    assert asked == []
    assert patient.name not in "\n".join(shown_texts(window))
    sign_in_as(qtbot, window, "Kim Lee (front desk)")
    qtbot.wait(20)
    assert asked == []  # the front desk does not time: not theirs to answer
    window.switch_button.click()
    sign_in_as(qtbot, window, "Dana Reyes")
    qtbot.wait(20)
    assert asked == ["A visit was left running"]
    assert window.treatment.pending_row.isVisible()  # unanswered: it stays in sight
    window.close()
