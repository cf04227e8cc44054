"""The clinic server: the 10-year clinic on PostgreSQL, the desk's day list and how soon the
desk hears of a visit signed in a room.

Self-contained: a throwaway cluster (the program's own `Cluster`, TLS required) in a folder
under /tmp, started here and removed at the end; as root it runs as the `postgres` account,
as PostgreSQL refuses root. The cached 10-year file (`bench_store`) is loaded into a fresh,
migrated database with COPY, each table's rows spelled in COPY's text format by SQLite
itself: ids kept (the identity sequences moved past them), uuids as the file has them (one
made where a row has none), times as the file's UTC ISO text, which timestamptz reads. As
pg_restore does, the plain indexes and the foreign keys wait until the rows are in (then
built, and every key checked, in the same transaction). The `visit_changed` trigger is off
during the load only: nobody listens, and it would queue one NOTIFY per visit of the decade.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import queue
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_store import BIG, SAMPLE_DAY, _big_file, _ms
from tests.benchmarks.table import Row
from timer_app.errors import UserError
from timer_app.server import binaries, schema
from timer_app.server.certificates import CA_CERT
from timer_app.server.cluster import DATABASE, Cluster, free_port
from timer_app.server.connection import ServerLink
from timer_app.server.enrollment import add_workstation, publish_authority
from timer_app.server.notifications import VisitListener
from timer_app.session.clock import SystemClock
from timer_app.store.postgres import PostgresStore

RUN_AS = "postgres"  # as root: the Debian package's system account runs PostgreSQL
DAY_BUDGET_MS = 50
DAY_RUNS, DAY_WARM_UP = 50, 5
NOTICE_RUNS, NOTICE_WARM_UP = 50, 3
NOTICE_DAY = date(2026, 12, 1)  # after the file's last day: the day list is not touched
# parents before children; the tables the 10-year file fills
TABLES = (
    "clinic", "clinician", "payer", "payer_fee", "patient", "patient_diagnosis", "visit",
    "visit_diagnosis", "interval",
)  # fmt: skip
IDENTITY_TABLES = ("clinician", "payer", "patient", "visit")
CHUNK_ROWS = 20_000


def rows() -> list[Row]:
    result = [] if BIG.exists() else [_big_file()]
    try:
        binaries.postgres_bin()
        run_as = _runner()
    except UserError as error:
        return [*result, Row("server: not run", str(error)[:100], "-", None)]
    folder = Path(tempfile.mkdtemp(prefix="timer-app-bench-pg-", dir="/tmp"))
    try:
        if run_as:
            shutil.chown(folder, user=run_as)
        cluster = Cluster(folder / "server", run_as=run_as)
        port = free_port()
        cluster.init("Bench Clinic", hosts=["localhost", "127.0.0.1"], port=port,
                     listen="127.0.0.1")  # fmt: skip
        cluster.start()
        try:
            result.append(_load_row(cluster))
            desk = _workstation(cluster, port, "Front desk", desk=True)
            room = _workstation(cluster, port, "Room 1")
            result.append(_day_row(desk))
            result.append(_notice_row(desk, room))
        finally:
            with contextlib.suppress(UserError):
                cluster.stop(mode="immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _runner() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        raise UserError(f"as root, PostgreSQL needs the '{RUN_AS}' account to run as") from None
    return RUN_AS


# --- 1. the 10-year clinic into PostgreSQL ------------------------------------------------


def _load_row(cluster: Cluster) -> Row:
    cluster.create_database(DATABASE)
    owner = cluster.connect(DATABASE)
    source = sqlite3.connect(f"file:{BIG}?mode=ro", uri=True)
    try:
        schema.migrate(owner)
        publish_authority(owner, (cluster.tls / CA_CERT).read_bytes())
        began = time.perf_counter()
        copied, copies_done = _copy_all(source, owner)
        loaded = time.perf_counter()
        owner.run("ANALYZE")
        done = time.perf_counter()
    finally:
        source.close()
        owner.close()
    figure = (
        f"{done - began:.1f} s (COPY {copies_done - began:.1f} s, indexes and keys "
        f"{loaded - copies_done:.1f} s, ANALYZE {done - loaded:.1f} s): "
        f"{copied['visit']:,} visits, {copied['interval']:,} intervals, "
        f"{copied['visit_diagnosis']:,} visit diagnoses, {copied['patient']:,} patients"
    )
    return Row("server: the 10-year clinic loaded into PostgreSQL", figure, "-", None)


def _copy_all(source: sqlite3.Connection, owner: Any) -> tuple[dict[str, int], float]:
    """Every table in one transaction, as pg_restore does it: the plain indexes and foreign
    keys set aside, the rows copied, then the indexes built and every key checked at once;
    the sequences moved past the ids kept. Rows per table, and when the COPYs ended."""
    copied: dict[str, int] = {}
    owner.run("START TRANSACTION")
    try:
        owner.run("SET LOCAL maintenance_work_mem = '256MB'")
        owner.run("ALTER TABLE visit DISABLE TRIGGER visit_changed")
        restore = _set_aside(owner)
        for table in TABLES:
            copied[table] = _copy_table(source, owner, table)
        copies_done = time.perf_counter()
        for statement in restore:
            owner.run(statement)
        owner.run("ALTER TABLE visit ENABLE TRIGGER visit_changed")
        for table in IDENTITY_TABLES:
            owner.run(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) "
                f"FROM {table} HAVING max(id) IS NOT NULL"
            )
        owner.run("COMMIT")
    except BaseException:
        owner.run("ROLLBACK")
        raise
    return copied, copies_done


def _set_aside(owner: Any) -> list[str]:
    """Drop the loaded tables' foreign keys and the indexes no constraint owns (primary
    keys and unique constraints stay); the statements that put them back, keys last."""
    tables = list(TABLES)
    keys = owner.run(
        "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
        "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND k.contype = 'f' AND c.relname = ANY(:t)", t=tables,
    )  # fmt: skip
    indexes = owner.run(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
        "AND i.tablename = ANY(:t) AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
        "WHERE k.conindid = to_regclass(quote_ident(i.indexname)))", t=tables,
    )  # fmt: skip
    for table, name, _ in keys:
        owner.run(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        owner.run(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in keys
    ]


def _copy_table(source: sqlite3.Connection, owner: Any, table: str) -> int:
    found = owner.run(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = :t", t=table,
    )  # fmt: skip
    wanted = {row[0] for row in found}
    columns = [
        (name, kind.upper())
        for _, name, kind, *_ in source.execute(f'PRAGMA table_info("{table}")')
        if name in wanted
    ]
    names = ", ".join(f'"{name}"' for name, _ in columns)
    owner.run(f'COPY "{table}" ({names}) FROM STDIN', stream=_lines(source, table, columns))
    count = int(owner.row_count)
    expected = source.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    if count != expected:
        raise RuntimeError(f"COPY {table}: {count} rows reached the server of {expected}")
    return count


def _lines(source: sqlite3.Connection, table: str, columns: list[tuple[str, str]]) -> Iterator[str]:
    """The table in COPY's text format, each line made by SQLite, in chunks of lines."""
    line = " || char(9) || ".join(_field(name, kind) for name, kind in columns)
    cursor = source.execute(f'SELECT {line} FROM "{table}"')
    while chunk := cursor.fetchmany(CHUNK_ROWS):
        yield "\n".join(row[0] for row in chunk) + "\n"


def _field(name: str, kind: str) -> str:
    """One column as COPY text: NULL as \\N, text with its backslashes, tabs and line ends
    escaped; a missing uuid made here (PostgreSQL reads 32 hex digits as a uuid)."""
    value = f'"{name}"'
    if name == "uuid":
        value = f"coalesce({value}, lower(hex(randomblob(16))))"
    if kind == "TEXT":
        for raw, escaped in (("'\\'", "'\\\\'"), ("char(9)", "'\\t'"), ("char(10)", "'\\n'"),
                             ("char(13)", "'\\r'")):  # fmt: skip
            value = f"replace({value}, {raw}, {escaped})"
    return f"coalesce({value}, '\\N')"


# --- the workstations ---------------------------------------------------------------------


def _workstation(cluster: Cluster, port: int, name: str, *, desk: bool = False) -> ServerLink:
    """A workstation role (as `timer-app server add-workstation` makes one) and its link
    to localhost over TLS, checked against the clinic's authority."""
    owner = cluster.connect(DATABASE)
    try:
        enrolment = add_workstation(owner, name, desk=desk)
    finally:
        owner.close()
    return ServerLink(
        host="localhost", port=port, role=enrolment.role, password=enrolment.password,
        workstation=name, ca_file=cluster.tls / CA_CERT, database=DATABASE,
    )  # fmt: skip


# --- 2. the desk's day list ---------------------------------------------------------------


def _day_row(desk: ServerLink) -> Row:
    store = PostgresStore.open(desk, SystemClock())
    try:
        for _ in range(DAY_WARM_UP):
            store.visits.find(on=SAMPLE_DAY)
        samples = []
        for _ in range(DAY_RUNS):
            began = time.perf_counter()
            visits = store.visits.find(on=SAMPLE_DAY)
            samples.append(time.perf_counter() - began)
    finally:
        store.close()
    p50, p95 = _ms(samples)
    return Row(
        f"server: the front desk's day list ({len(visits)} visits with intervals) from the "
        "server, 10-year clinic, p50 / p95",
        f"{p50:.1f} / {p95:.1f} ms", f"p95 <= {DAY_BUDGET_MS} ms", p95 <= DAY_BUDGET_MS,
    )  # fmt: skip


# --- 3. a visit signed in a room, heard at the desk ---------------------------------------


def _notice_row(desk: ServerLink, room: ServerLink) -> Row:
    heard: queue.Queue[tuple[str | None, float]] = queue.Queue()
    listener = VisitListener(desk.open, lambda u, _day: heard.put((u, time.perf_counter())))
    listener.start()
    try:
        if not listener.listening.wait(10):
            raise RuntimeError("the desk's listener did not start listening")
        with room.connect() as connection:
            for _ in range(NOTICE_WARM_UP):
                _one_notice(connection, heard)
            samples = [_one_notice(connection, heard) for _ in range(NOTICE_RUNS)]
    finally:
        listener.stop()
    p50, p95 = _ms(samples)
    return Row(
        "server: notification latency, a visit signed in a room to the desk hearing of it, "
        "p50 / p95", f"{p50:.1f} / {p95:.1f} ms", "-", None,
    )  # fmt: skip


def _one_notice(connection: Any, heard: queue.Queue[tuple[str | None, float]]) -> float:
    """Seconds from just before the room's commit to the desk's callback."""
    made = str(uuid.uuid4())
    connection.run("START TRANSACTION")
    connection.run(
        "INSERT INTO visit (uuid, patient_id, clinician_id, date, discipline, status) "
        "VALUES (:u, 1, 1, :d, 'PT', 'signed')", u=made, d=NOTICE_DAY,
    )  # fmt: skip
    sent = time.perf_counter()
    connection.run("COMMIT")
    while True:
        visit_uuid, at = heard.get(timeout=5)
        if visit_uuid == made:
            return at - sent
