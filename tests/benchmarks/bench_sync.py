"""Up to the clinic server: signing stays a local write whatever the server does, and how
fast the sender drains the outbox. A throwaway PostgreSQL cluster of its own (as the tests
make one: `Cluster`, run as the 'postgres' account when root), one workstation joined."""

from __future__ import annotations

import os
import pwd
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.benchmarks.table import Row
from tests.postgres import RUN_AS, ServerForTests
from tests.sync.helpers import finished, sign
from tests.sync.server import Workstation, elsewhere, hung_server, make_workstation
from timer_app.errors import UserError
from timer_app.records import Visit
from timer_app.server import binaries
from timer_app.server.cluster import Cluster, free_port
from timer_app.server.push import push

TAP_BUDGET_MS = 50  # a tap must feel instant (bench_store's write budget): a signature too
SIGNATURES = 60
PUSHES = 100
QUEUE = 350


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


@contextmanager
def _server() -> Iterator[ServerForTests]:
    run_as = RUN_AS if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="timer-app-bench-pg-", dir="/tmp"))
    if run_as:
        pwd.getpwnam(run_as)
        shutil.chown(folder, user=run_as)
    cluster = Cluster(folder / "server", run_as=run_as)
    port = free_port()
    cluster.init("Bench Clinic", hosts=["localhost", "127.0.0.1"], port=port, listen="127.0.0.1")
    cluster.start()
    try:
        yield ServerForTests(cluster, port)
    finally:
        cluster.stop(mode="immediate")
        shutil.rmtree(folder, ignore_errors=True)


def _finished(room: Workstation, count: int) -> list[Visit]:
    """Visits timed and ended, ready to sign (made before the clock starts)."""
    made = []
    for _ in range(count):
        room.clock.advance(60)
        visit = room.store.visits.create(
            room.seeded.patient.id, room.seeded.therapist.id, room.seeded.visit.date
        )
        made.append(finished(room.store, visit, room.clock))
    return made


def _signing(room: Workstation, what: str) -> Row:
    samples = []
    for visit in _finished(room, SIGNATURES):
        began = time.perf_counter()
        sign(room.store, visit, room.clock)
        samples.append(time.perf_counter() - began)
    p50, p95 = _ms(samples)
    return Row(
        f"sync: sign with the server {what}, local p50 / p95", f"{p50:.1f} / {p95:.1f} ms",
        f"p95 <= {TAP_BUDGET_MS} ms", p95 <= TAP_BUDGET_MS,
    )  # fmt: skip


def _drained(room: Workstation, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while room.store.outbox.waiting().count:
        if time.monotonic() > deadline:
            raise UserError(f"the outbox was not drained in {seconds:.0f} s")
        time.sleep(0.01)


def _sending_rows(server: ServerForTests, database: str, folder: Path) -> list[Row]:
    rows = []
    room = make_workstation(server, database, folder / "up", "Room 1")
    try:
        room.sender()
        rows.append(_signing(room, "up"))
        _drained(room)
    finally:
        room.close()
    for what, link in (("stopped", _stopped), ("hung", _hung)):
        room = make_workstation(server, database, folder / what, f"Room {what}")
        try:
            rows.append(link(room))
        finally:
            room.close()
    return rows


def _stopped(room: Workstation) -> Row:
    room.sender(elsewhere(room.link, free_port()))  # nothing listens there
    return _signing(room, "stopped")


def _hung(room: Workstation) -> Row:
    with hung_server() as port:
        room.sender(elsewhere(room.link, port))
        row = _signing(room, "hung")
        for sender in room.senders:  # before the hung socket goes
            sender.stop()
        return row


def _push_row(server: ServerForTests, database: str, folder: Path) -> Row:
    room = make_workstation(server, database, folder / "push", "Room push")
    try:
        for visit in _finished(room, PUSHES):
            sign(room.store, visit, room.clock)
        samples = []
        with room.link.connect() as connection:
            for item in room.store.outbox.pending(PUSHES):
                began = time.perf_counter()
                push(connection, item.kind, item.payload)
                samples.append(time.perf_counter() - began)
    finally:
        room.close()
    p50, p95 = _ms(samples)
    return Row("sync: push latency of one visit (TLS, this computer), p50 / p95",
               f"{p50:.1f} / {p95:.1f} ms")  # fmt: skip


def _queue_row(server: ServerForTests, database: str, folder: Path) -> Row:
    room = make_workstation(server, database, folder / "queue", f"Room {QUEUE}")
    try:
        for visit in _finished(room, QUEUE):
            sign(room.store, visit, room.clock)
        began = time.perf_counter()
        room.sender()
        _drained(room)
        seconds = time.perf_counter() - began
    finally:
        room.close()
    return Row(f"sync: a queue of {QUEUE} visits drained (one workstation)",
               f"{seconds:.1f} s ({QUEUE / seconds:.0f} visits/s)")  # fmt: skip


def rows() -> list[Row]:
    try:
        binaries.postgres_bin()
    except UserError as error:
        return [Row("sync: the clinic server", f"not measured: {error}", "-", None)]
    with _server() as server, tempfile.TemporaryDirectory() as tmp:
        database = server.new_database()
        folder = Path(tmp)
        result: list[Any] = _sending_rows(server, database, folder)
        result.append(_push_row(server, database, folder))
        result.append(_queue_row(server, database, folder))
        return result
