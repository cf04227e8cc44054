"""Why the timer refused a command, in the therapist's words."""

from __future__ import annotations

from timer_app.errors import UserError
from timer_app.session.model import VisitStatus


class TimerError(UserError):
    """A timer command that cannot be done; nothing was changed."""


class VisitLockedError(TimerError):
    """The visit is signed (or billed): it is changed only by an amendment."""


def refuse_if_locked(visit_id: int, status: VisitStatus) -> None:
    """The one rule for locked visits, said the same way by the timer and every store."""
    if status.locked:
        raise VisitLockedError(
            f"Visit {visit_id} is {status.value}: it cannot be changed in place. "
            "Amend it (with a reason) and change the new version."
        )
