"""The visit timer engine: a visit's intervals as a state machine over an injected clock.

No Qt, no SQLite. `VisitTimer` takes commands (start, stop, toggle, pause_all, resume,
end_visit, reopen, undo, edit_interval, sign, end_at_heartbeat, keep_running); each decides
and returns a `Decision` (the changes the store writes in one transaction, and the state
after them); `VisitTimer.evolve` applies it once stored. `VisitTimer.snapshot()` gives the live
figures. `TimerBoard` holds several open visits and warns about overlapping one-on-one time.
"""

from timer_app.session.board import ConcurrentTimingWarning, Names, TimerBoard
from timer_app.session.clock import Clock, FakeClock, SystemClock
from timer_app.session.edits import VisitDay
from timer_app.session.errors import TimerError, VisitLockedError, refuse_if_locked
from timer_app.session.figures import CodeFigures, VisitSnapshot, code_seconds
from timer_app.session.model import (
    Change,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalRecovered,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
    apply_change,
)
from timer_app.session.recovery import (
    LastSign,
    Reading,
    RecoveredInterval,
    end_at_heartbeat,
    keep_running,
    recover,
)
from timer_app.session.timer import Decision, History, TimerState, VisitTimer

__all__ = [
    "Change",
    "Clock",
    "CodeFigures",
    "ConcurrentTimingWarning",
    "Decision",
    "FakeClock",
    "History",
    "Interval",
    "IntervalEdited",
    "IntervalEnded",
    "IntervalRecovered",
    "IntervalRemoved",
    "IntervalReopened",
    "IntervalStarted",
    "LastSign",
    "Names",
    "Reading",
    "RecoveredInterval",
    "SystemClock",
    "TimerBoard",
    "TimerError",
    "TimerState",
    "VisitDay",
    "VisitLockedError",
    "VisitSnapshot",
    "VisitStatus",
    "VisitStatusChanged",
    "VisitTimer",
    "apply_change",
    "code_seconds",
    "end_at_heartbeat",
    "keep_running",
    "recover",
    "refuse_if_locked",
]
