"""Why the timer refused a command, in the therapist's words."""

from __future__ import annotations

from timer_app.errors import UserError


class TimerError(UserError):
    """A timer command that cannot be done; nothing was changed."""


class VisitLockedError(TimerError):
    """The visit is signed (or billed): it is changed only by an amendment."""
