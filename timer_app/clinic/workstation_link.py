"""A workstation joined to the clinic server, in the background while the window is open.

    link = WorkstationLink(store, server_link, tz)
    link.start()
    link.words()             # the status line: "Clinic server: connected", or what waits
    link.take_news()         # on the UI thread: the server's records came down (reload)
    link.running_elsewhere() # codes timed now on the other workstations, by clinician
    link.stop()              # before the store closes

One thread (the sender, `timer_app.clinic.sync`) does it all, never the timer's: it sends
what was signed here, then, on every pass that reached the server, copies the clinic's
records down (all of them on the first pass of a run) and swaps this workstation's
running codes for the other workstations' (`timer_app.server.running`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from timer_app.clinic.master_data import pull_over
from timer_app.clinic.port import LocalStorePort
from timer_app.clinic.sync import Sender
from timer_app.server.connection import ServerLink
from timer_app.server.running import RunningHere, elsewhere, publish
from timer_app.store import Store

PASS_SECONDS = 5.0  # how often, with nothing to send, the server is asked what is new


@dataclass(frozen=True, slots=True)
class RunningElsewhere:
    """A code timed now on another workstation, for one of this clinic's clinicians."""

    workstation: str
    clinician_id: int  # this file's id
    code: str
    start: datetime  # UTC


class WorkstationLink:
    def __init__(self, store: Store, link: ServerLink, tz: tzinfo) -> None:
        self.link = link
        self.tz = tz
        self.sender = Sender(store.beside, link, idle_wait=PASS_SECONDS,
                             after_pass=self._after_pass)  # fmt: skip
        self._first_pass = True
        self._news = threading.Event()
        self._lock = threading.Lock()
        self._elsewhere: tuple[RunningElsewhere, ...] = ()

    def start(self) -> None:
        self.sender.start()

    def stop(self) -> None:
        self.sender.stop()

    def words(self) -> str:
        return f"Clinic server: {self.sender.status().words(self.tz)}"

    def take_news(self) -> bool:
        """Whether records came down since last asked (the screens then read them again)."""
        news = self._news.is_set()
        self._news.clear()
        return news

    def running_elsewhere(self) -> tuple[RunningElsewhere, ...]:
        """As the last pass saw it; nothing while the server is away."""
        if not self.sender.status().connected:
            return ()
        with self._lock:
            return self._elsewhere

    # --- on the sender's thread -------------------------------------------------------------

    def _after_pass(self, store: LocalStorePort, connection: Any) -> None:
        summary = pull_over(store, connection, full=self._first_pass)
        self._first_pass = False
        if summary.changed:
            self._news.set()
        self._share_running(store, connection)

    def _share_running(self, store: LocalStorePort, connection: Any) -> None:
        from timer_app.store.master_data import clinician_uuids

        assert isinstance(store, Store)
        uuids = clinician_uuids(store)
        publish(connection, [
            RunningHere(i.id, uuids[i.clinician_id], i.code, i.start)
            for i in store.running_intervals() if i.clinician_id in uuids
        ])  # fmt: skip
        ids = {uuid: clinician_id for clinician_id, uuid in uuids.items()}
        seen = tuple(
            RunningElsewhere(r.workstation, ids[r.clinician_uuid], r.code, r.started_at)
            for r in elsewhere(connection) if r.clinician_uuid in ids
        )  # fmt: skip
        with self._lock:
            self._elsewhere = seen
