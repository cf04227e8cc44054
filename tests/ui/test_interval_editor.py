"""Fixing a time as a therapist types it: an hour typed over the old one, a length that
moves the end, and a refusal read whole."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt

from timer_app.clinic.checks import clock_time, duration_seconds
from timer_app.session import FakeClock
from timer_app.store import Store
from timer_app.ui.interval_dialog import IntervalDialog
from timer_app.ui.main_window import MainWindow


def _dialog(qtbot: Any, window: MainWindow, clock: FakeClock) -> tuple[IntervalDialog, int]:
    screen = window.treatment
    bar = screen.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText("Lopez", Qt.MatchFlag.MatchStartsWith))
    bar.start.click()
    timer = screen.timer()
    assert timer is not None
    screen.tap("97110")
    clock.advance(600)
    screen.tap("97110")
    timer = screen.timer()
    assert timer is not None
    interval = timer.intervals[0]
    visit_id = timer.visit_id
    clock.advance(20 * 60)  # 9:30 now: the ends typed below have passed

    def save(start, end, code, reason):  # type: ignore[no-untyped-def]
        screen.treatment.run(visit_id, lambda t: t.edit_interval(
            interval.id, start=start, end=end, code=code, reason=reason))  # fmt: skip

    dialog = IntervalDialog(interval, timer.day.day, screen.clinic.tz, screen.catalog, save)
    qtbot.addWidget(dialog)
    dialog.reason.setText("stopped late")
    return dialog, visit_id


def _retype(qtbot: Any, field: Any, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_an_hour_typed_over_the_old_one_is_taken(
    qtbot: Any, window: MainWindow, store: Store, clock: FakeClock
) -> None:
    dialog, visit_id = _dialog(qtbot, window, clock)
    _retype(qtbot, dialog.end, "9:18")  # the visit started at 9:00 at the clinic
    dialog._try_save()
    [interval] = store.visits.get(visit_id).intervals
    assert interval.end is not None
    assert interval.end - interval.start == timedelta(minutes=18)


def test_a_typed_length_moves_the_end(
    qtbot: Any, window: MainWindow, store: Store, clock: FakeClock
) -> None:
    dialog, visit_id = _dialog(qtbot, window, clock)
    assert dialog.length.text() == "10:00"
    _retype(qtbot, dialog.length, "23")
    assert dialog.end.text() == "09:23:00"
    dialog._try_save()
    [interval] = store.visits.get(visit_id).intervals
    assert interval.end is not None and interval.end - interval.start == timedelta(minutes=23)


def test_a_time_that_is_not_one_is_refused_whole(
    qtbot: Any, window: MainWindow, store: Store, clock: FakeClock
) -> None:
    dialog, visit_id = _dialog(qtbot, window, clock)
    before = store.visits.get(visit_id).intervals
    _retype(qtbot, dialog.end, "half past")
    dialog._try_save()
    assert "'half past' is not a time for the end time" in dialog.problem.text()
    assert store.visits.get(visit_id).intervals == before
    dialog.show()
    problem = dialog.problem
    assert problem.wordWrap() and problem.height() >= problem.heightForWidth(problem.width())


def test_times_and_lengths_as_people_type_them() -> None:
    assert [str(clock_time(t)) for t in ("9:25", "0925", "925", "9.25", "9:25 pm", "21:25",
                                          "9", "12 am", "9:25:30")] == [
        "09:25:00", "09:25:00", "09:25:00", "09:25:00", "21:25:00", "21:25:00", "09:00:00",
        "00:00:00", "09:25:30"]  # fmt: skip
    assert [clock_time(t) for t in ("25:00", "9:61", "13 pm", "nine", "")] == [None] * 5
    assert [duration_seconds(t) for t in ("18", "18:30", "1:05:00", "18 min", "0", "x")] == [
        1080, 1110, 3900, 1080, None, None]  # fmt: skip
