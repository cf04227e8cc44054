"""The front desk on a workstation joined to the clinic server reads the server: every
room's signed visits, live (a visit signed anywhere is listed within moments).

`desk_clinic(clinic, parent)` gives the services the Front desk area lists and prints
from: the server's, under this computer's sign-in, or, when the server cannot be reached,
this computer's own with the reason (`DeskSource.note`) shown above the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from timer_app.clinic.events import Records
from timer_app.errors import UserError

if TYPE_CHECKING:
    from timer_app.clinic import ClinicServices
    from timer_app.server.notifications import VisitListener


@dataclass
class DeskSource:
    clinic: ClinicServices
    note: str  # "" when the server's records are listed
    feed: ServerFeed | None = None  # stopped when the window closes


class ServerFeed(QObject):
    """The server's notifications, heard on a thread of their own, handed to the UI
    thread as a change of visits (the desk lists again)."""

    heard = Signal()

    def __init__(self, clinic: ClinicServices, parent: QObject) -> None:
        super().__init__(parent)
        from timer_app.server.notifications import VisitListener

        assert clinic.link is not None
        self.clinic = clinic
        self.heard.connect(lambda: clinic.events.records(Records.VISITS))
        self.listener: VisitListener = VisitListener(clinic.link.open, self._heard)
        self.listener.start()

    def _heard(self, *_: object) -> None:  # on the listener's thread
        self.heard.emit()

    def stop(self) -> None:
        """Stop listening and let go of the server (the window closes)."""
        self.listener.stop()
        self.clinic.close()


def desk_clinic(clinic: ClinicServices, parent: QObject) -> DeskSource:
    if clinic.link is None:
        return DeskSource(clinic, "")
    from timer_app.clinic.services import open_server

    try:
        server = open_server(clinic.link, clock=clinic.clock, tz=clinic.tz, access=clinic.access)
    except UserError as error:
        return DeskSource(clinic, f"{error.message} Listed: the visits signed on this "
                          "computer only; open the program again when the server is back.")
    server.link = clinic.link
    return DeskSource(server, "", ServerFeed(server, parent))
