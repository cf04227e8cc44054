"""The visit timer engine: a visit's intervals as a state machine over an injected clock.

No Qt, no SQLite. `VisitTimer` takes commands (start, stop, toggle, pause_all, resume,
end_visit, reopen, undo, edit_interval, sign, end_at_heartbeat, keep_running); each returns
the changes the store writes in one transaction. `VisitTimer.snapshot()` gives the live
figures. `TimerBoard` holds several open visits and warns about overlapping one-on-one time.
"""

from timer_app.session.board import ConcurrentTimingWarning, TimerBoard
from timer_app.session.clock import Clock, FakeClock, SystemClock
from timer_app.session.edits import VisitDay
from timer_app.session.errors import TimerError, VisitLockedError
from timer_app.session.figures import CodeFigures, VisitSnapshot, code_seconds
from timer_app.session.model import (
    Change,
    Interval,
    IntervalEdited,
    IntervalEnded,
    IntervalRemoved,
    IntervalReopened,
    IntervalStarted,
    VisitStatus,
    VisitStatusChanged,
)
from timer_app.session.recovery import (
    RecoveredInterval,
    end_at_heartbeat,
    keep_running,
    recover,
)
from timer_app.session.timer import VisitTimer, apply_change

__all__ = [
    "Change",
    "Clock",
    "CodeFigures",
    "ConcurrentTimingWarning",
    "FakeClock",
    "Interval",
    "IntervalEdited",
    "IntervalEnded",
    "IntervalRemoved",
    "IntervalReopened",
    "IntervalStarted",
    "RecoveredInterval",
    "SystemClock",
    "TimerBoard",
    "TimerError",
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
]
