"""Domain errors: each carries a message written for the person who caused it."""


class UserError(Exception):
    """Something the user asked for cannot be done; the message says what to do instead.

    The CLI prints it on one line and exits with status 2; the UI shows it in a message box.
    Nothing has been changed when it is raised.
    """

    exit_status = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ChangedElsewhereError(UserError):
    """A write made on an older revision of a visit: someone else changed it meanwhile."""

    def __init__(self, visit_id: int) -> None:
        super().__init__(
            f"This visit was changed elsewhere: reloaded (visit {visit_id}). Nothing of your "
            "last action was saved; look at the visit again and redo what is still needed."
        )
        self.visit_id = visit_id


def database_trouble(name: str, error: BaseException, doing: str) -> str:
    """What a failing database operation means for the clinic, and what to do.

    A full disk and a busy or read-only file are never called damage: restoring a backup
    for them would roll data back. `name` is the file, `doing` what failed ("it was
    tried", "it was opened")."""
    text = str(error).lower()
    if "full" in text:
        return (
            f"The disk holding {name} is full, so nothing changed when {doing}. Free some "
            f"space on it (or move the data folder), then try again; the data is intact."
        )
    if "locked" in text or "busy" in text:
        return (
            f"Another program is using {name} right now, so nothing changed when {doing}. "
            "Try again in a moment; if it keeps happening, close the other program."
        )
    if "readonly" in text or "read-only" in text or "permission" in text:
        return (
            f"{name} cannot be written (read-only or no permission), so nothing changed when "
            f"{doing}. Make the file and its folder writable, then try again."
        )
    if "disk i/o" in text or "unable to open" in text:
        return (
            f"The disk holding {name} reported an error ({error}), so nothing changed when "
            f"{doing}. Check that the disk or network share is still there, then try again."
        )
    return (
        f"{name} is damaged ({error}); it was left as it is. Restore the latest backup with "
        "'timer-app restore FILE' (backups are in the 'backups' folder next to it)"
    )
