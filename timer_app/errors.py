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
