"""The screens follow each other, and a refused write leaves screen, timer and file as one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import sign
from timer_app.clinic import ClinicServices
from timer_app.clinic.setup import NEW
from timer_app.records import Patient
from timer_app.session import FakeClock, VisitStatus
from timer_app.store import Store
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.interval_dialog import IntervalDialog
from timer_app.ui.main_window import MainWindow
from timer_app.ui.review_dialog import ReviewDialog
from timer_app.ui.therapist_screen import TherapistScreen

FAILED = "reported an error (disk I/O error (injected))"


def _start(window: MainWindow, patient: str = "Lopez") -> int:
    bar = window.treatment.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText(patient, Qt.MatchFlag.MatchStartsWith))
    bar.start.click()
    assert window.treatment.current_visit_id is not None
    return window.treatment.current_visit_id


def _refusing(store: Store) -> None:
    store.db.execute(
        "CREATE TEMP TRIGGER refuse BEFORE UPDATE ON visit "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END"
    )


def _agree(screen: TherapistScreen, store: Store, visit_id: int) -> None:
    """The tiles show the timer, and the timer is the file."""
    timer = screen.timer()
    assert timer is not None
    stored = store.visits.get(visit_id)
    assert sorted(timer.intervals, key=lambda i: i.start) == list(stored.intervals)
    assert timer.status is stored.status
    screen.refresh()
    running = {code for code in screen.tiles.codes() if screen.tiles.tile(code).figures.running}
    assert running == {i.code for i in timer.running}


def _front_desk(qtbot, window: MainWindow) -> FrontDeskView:  # type: ignore[no-untyped-def]
    """The Front desk tab, built and on screen."""
    window.tabs.setCurrentIndex(1)
    desk = window.front_desk.content
    assert isinstance(desk, FrontDeskView)
    qtbot.waitUntil(desk.isVisible)
    return desk


def test_the_front_desk_lists_a_signature_without_a_refresh_button(
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    desk = _front_desk(qtbot, window)
    assert desk.model.visits() == []
    assert not hasattr(desk, "refresh_button")
    window.tabs.setCurrentIndex(0)
    visit_id = _start(window)
    window.treatment.tap("97110")
    clock.advance(20 * 60)
    window.treatment.run(lambda t: t.end_visit())
    sign(clinic.treatment, visit_id)
    assert desk.model.visits() == []  # nothing listed while nobody looks
    _front_desk(qtbot, window)
    assert [(v.visit.id, v.visit.status) for v in desk.model.visits()] == [
        (visit_id, VisitStatus.SIGNED)
    ]


def test_the_visible_front_desk_follows_at_once_and_keeps_the_selection(
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    first = _start(window)
    window.treatment.tap("97110")
    desk = _front_desk(qtbot, window)
    desk.status.setCurrentIndex(desk.status.findText("All"))
    desk.table.selectRow(0)
    clock.advance(10 * 60)
    clinic.treatment.run(first, lambda t: t.end_visit())  # another room, same clinic
    qtbot.waitUntil(lambda: desk.model.visits()[0].timed_minutes == 10)
    assert [item.visit.id for item in desk.selected()] == [first]


def test_a_patient_added_in_set_up_is_offered_in_the_visit_bar(
    window: MainWindow, clinic: ClinicServices
) -> None:
    bar = window.treatment.visit_bar
    assert bar.patient.findText("Ruiz", Qt.MatchFlag.MatchStartsWith) < 0
    born = clinic.treatment.today() - timedelta(days=15000)
    clinic.setup.save_patient(Patient(NEW, "Ruiz, Ana", born), clinic.treatment.today())
    assert bar.patient.findText("Ruiz", Qt.MatchFlag.MatchStartsWith) >= 0


def test_a_code_turned_off_in_set_up_says_so_when_tapped(
    window: MainWindow, clinic: ClinicServices
) -> None:
    screen = window.treatment
    _start(window)
    clinic.setup.set_shown("97140", False)
    assert "97140" not in screen.treatment.favourites(screen.timer())  # type: ignore[arg-type]
    screen.tap("97140")
    assert "turned off for this clinic" in screen.banner.text()
    assert screen.timer() is not None and not screen.timer().intervals  # type: ignore[union-attr]


def _tap_start(window: MainWindow, clock: FakeClock) -> Callable[[], None]:
    return lambda: window.treatment.tap("97110")


def _tap_stop(window: MainWindow, clock: FakeClock) -> Callable[[], None]:
    window.treatment.tap("97110")
    clock.advance(300)
    return lambda: window.treatment.tap("97110")


def _pause(window: MainWindow, clock: FakeClock) -> Callable[[], None]:
    window.treatment.tap("97110")
    clock.advance(300)
    return window.treatment.pause_or_resume


def _undo(window: MainWindow, clock: FakeClock) -> Callable[[], None]:
    window.treatment.tap("97110")
    return window.treatment.undo


def _end(window: MainWindow, clock: FakeClock) -> Callable[[], None]:
    window.treatment.tap("97110")
    clock.advance(300)
    return lambda: window.treatment.run(lambda t: t.end_visit())


@pytest.mark.parametrize("command", [_tap_start, _tap_stop, _pause, _undo, _end])
def test_a_refused_write_leaves_screen_timer_and_file_as_one(
    window: MainWindow, store: Store, clock: FakeClock,
    command: Callable[[MainWindow, FakeClock], Callable[[], None]],
) -> None:  # fmt: skip
    screen = window.treatment
    visit_id = _start(window)
    act = command(window, clock)
    before = store.visits.get(visit_id)
    _refusing(store)
    act()
    assert FAILED in screen.banner.text()
    assert store.visits.get(visit_id) == before
    _agree(screen, store, visit_id)
    store.db.execute("DROP TRIGGER refuse")
    act()  # the same action, once the file takes writes again
    assert store.visits.get(visit_id) != before
    _agree(screen, store, visit_id)


def test_a_refused_edit_is_said_in_the_dialog_and_changes_nothing(
    qtbot, window: MainWindow, store: Store, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _start(window)
    screen.tap("97110")
    clock.advance(600)
    screen.tap("97110")
    timer = screen.timer()
    assert timer is not None
    interval = timer.intervals[0]

    def save(start, end, code, reason):  # type: ignore[no-untyped-def]
        screen.treatment.run(
            visit_id,
            lambda t: t.edit_interval(interval.id, start=start, end=end, code=code, reason=reason),
        )

    dialog = IntervalDialog(interval, timer.day.day, screen.clinic.tz, screen.catalog, save)
    qtbot.addWidget(dialog)
    dialog.end.setTime(dialog.start.time().addSecs(8 * 60))
    dialog.reason.setText("stopped late")
    _refusing(store)
    dialog._try_save()
    assert FAILED in dialog.problem.text() and dialog.result() != dialog.DialogCode.Accepted
    assert store.visits.get(visit_id).intervals == (interval,)
    _agree(screen, store, visit_id)


def test_a_refused_signature_or_amendment_is_said_in_the_review(
    qtbot, window: MainWindow, clinic: ClinicServices, store: Store, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    screen = window.treatment
    visit_id = _start(window)
    screen.tap("97110")
    clock.advance(20 * 60)
    screen.run(lambda t: t.end_visit())
    dialog = ReviewDialog(clinic.treatment, visit_id)
    qtbot.addWidget(dialog)
    dialog.ask_pin = lambda _question: "1111"
    _refusing(store)
    dialog._sign()
    assert FAILED in dialog.problem.text()
    assert store.visits.get(visit_id).status is VisitStatus.FINISHED
    _agree(screen, store, visit_id)  # still on the board, still finished, nothing taken back
    store.db.execute("DROP TRIGGER refuse")
    dialog._sign()
    assert store.visits.get(visit_id).status is VisitStatus.SIGNED

    signed = ReviewDialog(clinic.treatment, visit_id)
    qtbot.addWidget(signed)
    signed.ask_reason = lambda: "97110 started earlier"
    store.db.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON visit "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END"
    )
    signed._amend()
    assert FAILED in signed.problem.text() and signed.amended_visit_id is None
    assert store.visits.find(include_history=True) == [store.visits.get(visit_id)]


def test_a_new_patient_from_the_visit_bar_follows_the_set_up_rules(
    qtbot, window: MainWindow, clinic: ClinicServices
) -> None:  # type: ignore[no-untyped-def]
    from timer_app.ui.patient_dialog import NewPatientDialog

    dialog = NewPatientDialog(clinic, "Ruiz, Ana")
    qtbot.addWidget(dialog)
    dialog.payer.setCurrentIndex(dialog.payer.findText("Medicare"))
    dialog._save()  # no date of birth is made up: it must be typed
    assert "Date of birth: enter the date of birth" in dialog.problem.text()
    dialog.birth.setText("04/17/1952")
    dialog._save()
    assert "Member ID: enter the member ID" in dialog.problem.text()
    assert clinic.setup.patients("Ruiz") == []
    dialog.member_id.setText("1EG4TE5MK72")
    dialog._save()
    assert dialog.patient is not None and dialog.patient.name == "Ruiz, Ana"
    assert window.treatment.visit_bar.patient.findText("Ruiz", Qt.MatchFlag.MatchStartsWith) >= 0
