"""The front desk hears at once of every visit signed, amended or billed on any computer.

    listener = VisitListener(link.open, on_visit=lambda uuid, day: ...)
    listener.start(); ...; listener.stop()

The server's `visit_changed` trigger NOTIFYs each change; a thread of its own LISTENs on a
connection of its own and calls `on_visit(uuid, day)` there (a window hands it to its UI
thread). When the server goes away the thread reconnects, calling `on_visit(None, None)`
once it is back so the desk reloads what it missed.

pg8000 queues notifications as it reads from the server and has no call that waits for
one: the thread waits for its socket to become readable (select), then runs a trivial
query so pg8000 reads them; with no socket to wait on it polls twice a second.
"""

from __future__ import annotations

import contextlib
import select
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

CHANNEL = "visit_changed"
POLL_SECONDS = 0.5
RETRY_SECONDS = 5.0

OnVisit = Callable[[str | None, date | None], None]


class VisitListener:
    def __init__(self, connect: Callable[[], Any], on_visit: OnVisit) -> None:
        self._connect = connect
        self._on_visit = on_visit
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="visit listener", daemon=True)
        self.listening = threading.Event()  # set while LISTEN is in force

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        first = True
        while not self._stopping.is_set():
            try:
                connection = self._connect()
            except Exception:  # away: try again later, quietly (the status line says so)
                self._stopping.wait(RETRY_SECONDS)
                continue
            try:
                connection.run(f"LISTEN {CHANNEL}")
                self.listening.set()
                if not first:
                    self._on_visit(None, None)  # back: reload what was missed
                first = False
                self._listen(connection)
            except Exception:
                self.listening.clear()
            finally:
                with contextlib.suppress(Exception):
                    connection.close()
        self.listening.clear()

    def _listen(self, connection: Any) -> None:
        sock = getattr(connection, "_usock", None)
        while not self._stopping.is_set():
            if sock is not None:
                readable, _, _ = select.select([sock], [], [], POLL_SECONDS)
                if not readable and not _pending(sock):
                    continue
            else:
                self._stopping.wait(POLL_SECONDS)
            connection.run("SELECT 1")  # makes pg8000 read what the server sent
            while connection.notifications:
                _, _, payload = connection.notifications.popleft()
                self._on_visit(*_parsed(payload))


def _pending(sock: Any) -> bool:
    """Bytes already decrypted and waiting inside the TLS layer (select cannot see them)."""
    pending = getattr(sock, "pending", None)
    return bool(pending and pending())


def _parsed(payload: str) -> tuple[str | None, date | None]:
    visit_uuid, _, day = payload.partition(" ")
    try:
        return visit_uuid, date.fromisoformat(day)
    except ValueError:
        return visit_uuid or None, None
