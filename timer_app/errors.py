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
