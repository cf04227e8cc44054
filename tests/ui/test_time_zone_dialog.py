"""The timeline and the interval dialog on the days the clocks change (New York).

2027-03-14: 02:00 EST -> 03:00 EDT (02:xx never happens). 2026-11-01: 02:00 EDT -> 01:00 EST
(01:xx happens twice). Stored times are UTC; the screens read them per instant.
"""

from __future__ import annotations

import time as system_time
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QTime

from tests.session.conftest import Applying
from timer_app.billing import Discipline, load_catalog, profile_for_rule
from timer_app.clinic.services import this_computers_zone
from timer_app.session import FakeClock, VisitTimer
from timer_app.ui.interval_dialog import IntervalDialog
from timer_app.ui.timeline import TimelineModel

NEW_YORK = ZoneInfo("America/New_York")
SPRING = date(2027, 3, 14)
FALL = date(2026, 11, 1)


def local(day: date, hour: int, minute: int, fold: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, fold=fold), tzinfo=NEW_YORK).astimezone(UTC)


def timed(start: datetime, day: date, minutes: int, tz: tzinfo = NEW_YORK) -> VisitTimer:
    """97110 timed from `start` for `minutes`; the clock then reads an hour later."""
    clock = FakeClock(start)
    timer: VisitTimer = Applying(  # type: ignore[assignment]
        VisitTimer(
            visit_id=1, clinician_id=7, visit_date=day, tz=tz,
            profile=profile_for_rule("cms"), discipline=Discipline.PT, clock=clock,
        )
    )  # fmt: skip
    timer.start("97110")
    clock.advance(minutes * 60)
    timer.stop("97110")
    clock.advance(60 * 60)
    return timer


def dialog_for(qtbot, timer: VisitTimer, tz: tzinfo) -> IntervalDialog:  # type: ignore[no-untyped-def]
    interval = timer.intervals[0]

    def save(start, end, code, reason):  # type: ignore[no-untyped-def]
        timer.edit_interval(interval.id, start=start, end=end, code=code, reason=reason)

    dialog = IntervalDialog(interval, timer.day.day, tz, load_catalog(), save)
    qtbot.addWidget(dialog)
    dialog.reason.setText("typed from the paper note")
    return dialog


def shown(edit) -> str:  # type: ignore[no-untyped-def]
    return str(edit.time().toString("HH:mm:ss"))


@pytest.fixture
def new_york_computer(monkeypatch: pytest.MonkeyPatch) -> Iterator[tzinfo]:
    """The program's own zone on a computer in New York (TZ), put back after the test."""
    monkeypatch.setenv("TZ", "America/New_York")
    system_time.tzset()
    yield this_computers_zone()
    monkeypatch.undo()
    system_time.tzset()


@pytest.mark.parametrize("day", [SPRING, FALL])
def test_a_typed_end_on_a_change_day_stores_that_days_instant(
    qtbot, new_york_computer: tzinfo, day: date
) -> None:  # type: ignore[no-untyped-def]
    """The 25-vs-85 bug: timed 09:00-09:20, the end typed as 09:25 is 25 minutes, whichever
    side of a change the program was started on."""
    timer = timed(local(day, 9, 0), day, 20, new_york_computer)
    dialog = dialog_for(qtbot, timer, new_york_computer)
    assert (shown(dialog.start), shown(dialog.end)) == ("09:00:00", "09:20:00")
    dialog.end.setTime(QTime(9, 25))
    dialog._try_save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    edited = timer.intervals[0]
    assert edited.end == local(day, 9, 25)
    assert edited.duration_ms == 25 * 60_000


def test_a_time_the_clocks_skip_is_refused_in_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    timer = timed(local(SPRING, 1, 50), SPRING, 20)  # 01:50 EST -> 03:10 EDT
    before = timer.intervals[0]
    dialog = dialog_for(qtbot, timer, NEW_YORK)
    assert (shown(dialog.start), shown(dialog.end)) == ("01:50:00", "03:10:00")
    dialog.start.setTime(QTime(2, 30))
    assert dialog.problem.isVisibleTo(dialog)  # said as soon as it is typed
    dialog._try_save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem.text() == (
        "02:30 does not exist on 2027-03-14: clocks went forward; type 03:30."
    )
    assert timer.intervals[0] == before
    dialog.start.setTime(QTime(3, 0))
    assert not dialog.problem.isVisibleTo(dialog)
    dialog._try_save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert timer.intervals[0].duration_ms == 10 * 60_000


def test_a_repeated_time_says_which_occurrence_it_is(qtbot) -> None:  # type: ignore[no-untyped-def]
    """01:50 EDT -> 01:10 EST; 01:20 typed for the end is the second 01:20 (EST)."""
    timer = timed(local(FALL, 1, 50), FALL, 20)
    dialog = dialog_for(qtbot, timer, NEW_YORK)
    assert not dialog.note.isVisibleTo(dialog)
    dialog.end.setTime(QTime(1, 20))
    assert dialog.note.isVisibleTo(dialog)
    assert "taken as the second (after the clocks went back), 01:20 EST" in dialog.note.text()
    dialog._try_save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert timer.intervals[0].end == local(FALL, 1, 20, fold=1)
    assert timer.intervals[0].duration_ms == 30 * 60_000


def test_the_timeline_reads_each_side_of_the_change_in_its_own_offset() -> None:
    catalog = load_catalog()
    fall = timed(local(FALL, 1, 50), FALL, 20)
    spring = timed(local(SPRING, 1, 50), SPRING, 20)
    model = TimelineModel(catalog, NEW_YORK)
    rows = [(fall.intervals[0], 20 * 60), (spring.intervals[0], 20 * 60)]
    model.set_intervals(rows)
    cells = [[model.index(r, c).data() for c in range(4)] for r in range(2)]
    assert cells == [
        ["01:50:00 EDT", "01:10:00 EST", "97110", "20:00"],
        ["01:50:00", "03:10:00", "97110", "20:00"],
    ]


def test_the_timeline_in_the_computers_zone_reads_summer_and_winter(
    new_york_computer: tzinfo,
) -> None:
    summer = timed(local(date(2027, 7, 1), 9, 0), date(2027, 7, 1), 25, new_york_computer)
    winter = timed(local(date(2027, 1, 4), 9, 0), date(2027, 1, 4), 25, new_york_computer)
    model = TimelineModel(load_catalog(), new_york_computer)
    model.set_intervals([(summer.intervals[0], 25 * 60), (winter.intervals[0], 25 * 60)])
    starts = {model.index(row, 0).data() for row in range(2)}
    assert starts == {"09:00:00"}
