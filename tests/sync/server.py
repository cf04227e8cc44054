"""Workstations joined to the test session's real clinic server, each with its own file.

The clinic's set-up (clinicians, payers) is on the server under the uuids the workstations
use, as the front desk keeps it and the pull brings it down: the first workstation's are
published, the others take the server's uuids for the same names.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.postgres import ServerForTests, add_test_workstation
from tests.store.helpers import Seed, seed
from tests.sync.helpers import signed
from timer_app.clinic.sync import Sender
from timer_app.records import Visit
from timer_app.server.connection import ServerLink
from timer_app.session.clock import FakeClock
from timer_app.store import Store
from timer_app.store.outbox import JOINED_SETTING

TEST_TIMEOUT = 2.0  # seconds a connect or a statement may take before the server is away


@dataclass
class Workstation:
    name: str
    link: ServerLink
    store: Store
    seeded: Seed
    clock: FakeClock
    senders: list[Sender] = field(default_factory=list)

    def sign_visits(self, count: int) -> list[Visit]:
        made = []
        for _ in range(count):
            self.clock.advance(60)
            visit = self.store.visits.create(
                self.seeded.patient.id, self.seeded.therapist.id, self.seeded.visit.date
            )
            made.append(signed(self.store, visit, self.clock))
        return made

    def sender(self, link: Any = None) -> Sender:
        """A started sender with short waits, on the store's own second connection."""
        made = Sender(self.store.beside, link or self.link, clock=self.clock, first_wait=0.1,
                      longest_wait=0.5, idle_wait=0.5, timeout=TEST_TIMEOUT)  # fmt: skip
        made.start()
        self.senders.append(made)
        return made

    def close(self) -> None:
        for sender in self.senders:
            sender.stop()
        self.store.close()


def make_workstation(server: ServerForTests, database: str, folder: Path, name: str) -> Workstation:
    """A workstation role, a file with a small clinic, joined (after the seeding)."""
    link = add_test_workstation(server, database, name)
    folder.mkdir(parents=True, exist_ok=True)
    clock = FakeClock()
    store = Store.open(folder / "clinic.sqlite3", clock=clock, daily_backup=False)
    seeded = seed(store)
    with server.cluster.connect(database) as owner:
        share_set_up(owner, store)
    store.settings.set(JOINED_SETTING, "1")
    return Workstation(name, link, store, seeded, clock)


def share_set_up(owner: Any, store: Store) -> None:
    """Clinicians and payers with one uuid on the server and in the file, matched by name."""
    for table, columns in (("clinician", "name, credentials, npi, discipline, role"),
                           ("payer", "name, profile")):  # fmt: skip
        for row in store.db.query(f"SELECT uuid, {columns} FROM {table}"):
            names = list(row)
            owner.run(
                f"INSERT INTO {table} (uuid, {columns}) VALUES "
                f"({', '.join(':' + n for n in names)}) ON CONFLICT DO NOTHING",
                **row,
            )
            found = owner.run(f"SELECT uuid::text FROM {table} WHERE name = :name",
                              name=row["name"])  # fmt: skip
            store.db.execute(f"UPDATE {table} SET uuid = ? WHERE name = ?",
                             [found[0][0], row["name"]])  # fmt: skip


def count(owner: Any, sql: str, **params: Any) -> int:
    return int(owner.run(f"SELECT count(*) FROM {sql}", **params)[0][0])


def eventually(check: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.05)


@contextmanager
def hung_server() -> Iterator[int]:
    """A port that accepts connections and never answers: a server hung, or a firewall
    that swallows packets. Yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def elsewhere(link: ServerLink, port: int) -> ServerLink:
    """The same workstation dialling another port (nothing, or a hung server, there)."""
    from dataclasses import replace

    return replace(link, port=port)


A_DAY = timedelta(days=1)


def copy_workstation(
    server: ServerForTests, database: str, source: Workstation, folder: Path, name: str
) -> Workstation:
    """Another workstation holding a copy of `source`'s file: the same visits, same uuids
    (as if the signed visit had come down to it), its own role on the server."""
    folder.mkdir(parents=True, exist_ok=True)
    source.store.backup_to(folder / "clinic.sqlite3")
    clock = FakeClock(source.clock.now())
    store = Store.open(folder / "clinic.sqlite3", clock=clock, daily_backup=False)
    link = add_test_workstation(server, database, name)
    return Workstation(name, link, store, source.seeded, clock)
