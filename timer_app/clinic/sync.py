"""The sender: what this workstation signed goes up to the clinic server in the background.

    sender = Sender(store.beside, link)       # its own connection to the file, on its thread
    sender.start()
    clinic.events.subscribe(sender.heard)     # a signature wakes it at once
    sender.status().words(tz)                 # "connected", "2 visits waiting to send, ..."
    sender.stop()                             # before the store is closed

The timer never waits on the network: a signature only adds its outbox row, in the same
local transaction (`timer_app.store.outbox`). This thread takes the items oldest first,
pushes each in one server transaction (`timer_app.server.push`) and marks it sent only
after the server committed, through its own connection to the file under the program's
claim (`Store.beside`): each mark is a short local transaction of its own, never held
across the network. When the server is away it tries again after 2 s, doubling to 60 s;
a record the server cannot take yet (a clinician it lacks) keeps its words in the outbox.
No Qt here: the window polls `status()`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Protocol

from timer_app.clinic.events import Event, Records, RecordsChanged, VisitChanged, VisitEvent
from timer_app.clinic.port import LocalStorePort, OutboxItem
from timer_app.errors import UserError
from timer_app.server.connection import CONNECT_SECONDS
from timer_app.server.push import PushError, push
from timer_app.session.clock import Clock, SystemClock

FIRST_WAIT = 2.0  # seconds before trying an away server again, doubling...
LONGEST_WAIT = 60.0  # ...up to this; also the pause before retrying a record it refused
IDLE_WAIT = 60.0  # with nothing to send, how often the connection is checked
BATCH = 50  # items read from the file at a time

# SQLSTATE classes that mean "the server is away or busy", not "this record is wrong"
_AWAY_CLASSES = ("08", "40", "53", "57", "58")


# after each pass that reached the server: the store (on the sender's thread) and the
# open connection (the master data comes down, what runs here goes up)
AfterPass = Callable[[LocalStorePort, Any], None]


class Connector(Protocol):
    """How to reach the server (`timer_app.server.connection.ServerLink`)."""

    def open(self, *, timeout: float = CONNECT_SECONDS) -> Any: ...


@dataclass(frozen=True, slots=True)
class SyncStatus:
    connected: bool
    visits: int = 0  # not on the server yet
    patients: int = 0
    last_tried_at: datetime | None = None
    last_error: str = ""
    refused: int = 0  # amendments the server refused: amended on another computer first
    plans: int = 0  # episodes of care and authorizations added here

    @property
    def waiting(self) -> int:
        return self.visits + self.patients + self.plans

    def words(self, tz: tzinfo) -> str:
        """One line for the window's status bar."""
        return self._sending(tz) + (
            f"; {_count(self.refused, 'amendment')} refused: amended on another computer "
            "first (the front desk sees both)" if self.refused else ""
        )  # fmt: skip

    def _sending(self, tz: tzinfo) -> str:
        if not self.waiting:
            return "connected" if self.connected else "not connected; nothing waiting to send"
        parts = [_count(self.visits, "visit"), _count(self.patients, "patient"),
                 _count(self.plans, "plan-of-care record")]
        text = " and ".join(p for p in parts if p) + " waiting to send"
        if self.last_tried_at is not None:
            text += f", last tried {self.last_tried_at.astimezone(tz):%H:%M}"
        return text


class ServerAwayError(UserError):
    """The server could not be reached or dropped the connection: try again later."""


class Sender:
    """Drains the outbox on a thread of its own (see the module's words)."""

    def __init__(
        self,
        open_store: Callable[[], LocalStorePort],
        link: Connector,
        *,
        clock: Clock | None = None,
        first_wait: float = FIRST_WAIT,
        longest_wait: float = LONGEST_WAIT,
        idle_wait: float = IDLE_WAIT,
        timeout: float = CONNECT_SECONDS,
        after_pass: AfterPass | None = None,
    ) -> None:
        self._open_store = open_store  # called on the sender's thread
        self._link = link
        self._clock = clock or SystemClock()
        self._first_wait = first_wait
        self._longest_wait = longest_wait
        self._idle_wait = idle_wait
        self._timeout = timeout
        self._after_pass = after_pass
        self._backoff = first_wait
        self._connection: Any = None
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._status = SyncStatus(connected=False)
        self._thread: threading.Thread | None = None

    # --- the program's side ----------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="clinic-server sender",
                                        daemon=True)  # fmt: skip
        self._thread.start()

    def wake(self) -> None:
        """Something was queued: send it now (a wait for an away server is cut short)."""
        self._wake.set()

    def heard(self, event: Event) -> None:
        """An events listener: a signature or a new patient wakes the sender."""
        signed = isinstance(event, VisitChanged) and event.what is VisitEvent.SIGNED
        if signed or (isinstance(event, RecordsChanged) and event.what is Records.PATIENTS):
            self.wake()

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the push in hand (a hung server may hold it up to the timeout)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(self._timeout + 1 if timeout is None else timeout)

    # --- one pass, also callable without the thread -----------------------------------------

    def drain(self, store: LocalStorePort) -> int:
        """Push everything waiting, oldest first; returns how many the server now holds.
        Raises ServerAwayError when the server cannot be reached or drops the connection."""
        done, after = 0, 0
        while not self._stopping.is_set():
            items = store.outbox.pending(BATCH, after=after)
            if not items:
                break
            for item in items:
                done += self._send(store, item)
                after = item.id
        if not done and after == 0:
            self._check_connection()
        return done

    def _send(self, store: LocalStorePort, item: OutboxItem) -> int:
        try:
            outcome = push(self._connected(), item.kind, item.payload)
        except PushError as refused:
            self._mark_failed(store, item, str(refused))
            return 0
        except Exception as error:
            if not _server_away(error):
                if not _refused_by_server(error):
                    raise
                self._mark_failed(store, item, _refusal_words(error))
                return 0
            self._drop_connection()
            words = _away_words(error)
            self._mark_failed(store, item, words)
            raise ServerAwayError(words) from error
        with store.atomic():  # only now: the server committed
            store.outbox.mark_sent(item.id, outcome, self._clock.now())
        return 1

    def _mark_failed(self, store: LocalStorePort, item: OutboxItem, words: str) -> None:
        with store.atomic():
            store.outbox.mark_failed(item.id, words, self._clock.now())

    # --- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        store = self._open_store()
        try:
            while not self._stopping.is_set():
                wait = self._pass(store)
                self._wake.wait(wait)
                self._wake.clear()
        finally:
            self._drop_connection()
            store.close()

    def _pass(self, store: LocalStorePort) -> float:
        """One pass; returns how long to wait before the next one."""
        try:
            self.drain(store)
            self._more(store)
        except UserError as away:  # unreachable, or the file refused a mark
            self._report(store, connected=False, error=str(away))
            wait, self._backoff = self._backoff, min(self._backoff * 2, self._longest_wait)
            return wait
        self._backoff = self._first_wait
        waiting = self._report(store, connected=True)
        return self._longest_wait if waiting else self._idle_wait

    def _report(self, store: LocalStorePort, *, connected: bool, error: str = "") -> int:
        waiting = store.outbox.waiting()
        # with something waiting, the file says when it was last tried; else this pass did
        tried = waiting.last_tried_at if waiting.count else self._clock.now()
        status = SyncStatus(connected, waiting.visits, waiting.patients, tried,
                            error or waiting.last_error, waiting.refused,
                            getattr(waiting, "plans", 0))  # fmt: skip
        with self._lock:
            self._status = status
        return waiting.count

    def _more(self, store: LocalStorePort) -> None:
        """What else the workstation does on each pass while the server answers."""
        if self._after_pass is None or self._stopping.is_set():
            return
        try:
            self._after_pass(store, self._connected())
        except Exception as error:
            if not _server_away(error):
                raise
            self._drop_connection()
            raise ServerAwayError(_away_words(error)) from error

    # --- the connection --------------------------------------------------------------------

    def _connected(self) -> Any:
        if self._connection is None:
            self._connection = self._link.open(timeout=self._timeout)  # UserError when away
        return self._connection

    def _check_connection(self) -> None:
        """Nothing to send: see that the server still answers, for the status line."""
        try:
            self._connected().run("SELECT 1")
        except Exception as error:
            if not _server_away(error):
                raise
            self._drop_connection()
            raise ServerAwayError(_away_words(error)) from error

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception as error:
                if not _server_away(error):
                    raise


def _count(number: int, what: str) -> str:
    if not number:
        return ""
    return f"{number} {what}" + ("" if number == 1 else "s")


def _sqlstate(error: BaseException) -> str:
    detail = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    return str(detail.get("C", ""))


def _server_away(error: BaseException) -> bool:
    """The network or the server's state, not the record: worth trying again later."""
    import pg8000.native

    if isinstance(error, UserError | OSError | pg8000.native.InterfaceError):
        return not isinstance(error, PushError)
    if isinstance(error, pg8000.native.DatabaseError):
        return _sqlstate(error)[:2] in _AWAY_CLASSES
    return False


def _refused_by_server(error: BaseException) -> bool:
    import pg8000.native

    return isinstance(error, pg8000.native.DatabaseError)


def _refusal_words(error: BaseException) -> str:
    detail = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    message = str(detail.get("M", error))[:200]
    return f"The clinic server refused this record ({message}); it waits here."


def _away_words(error: BaseException) -> str:
    if isinstance(error, UserError):
        return str(error)
    return f"The clinic server stopped answering ({type(error).__name__}); trying again."
