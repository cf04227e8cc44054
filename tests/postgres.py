"""A real PostgreSQL for the tests: one throwaway clinic server per test session.

`postgres_server` sets one up with the program's own `timer-app server init` code
(`Cluster`) in a temporary folder, on a free 127.0.0.1 port, TLS required; as root it runs
as the unprivileged `postgres` system account (PostgreSQL refuses root). `clinic_database`
gives each test a fresh, migrated database on it. Without PostgreSQL installed the tests
that need it are skipped, except under CI (CI=true), where a skip would hide them: there
they fail.
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from timer_app.errors import UserError
from timer_app.server import binaries, schema
from timer_app.server.certificates import CA_CERT
from timer_app.server.cluster import Cluster, free_port
from timer_app.server.enrollment import publish_authority

RUN_AS = "postgres"  # the Debian package's system account


@dataclass
class ServerForTests:
    cluster: Cluster
    port: int
    counter: int = 0

    def new_database(self) -> str:
        self.counter += 1
        name = f"clinic_test_{os.getpid()}_{self.counter}"
        self.cluster.create_database(name)
        connection = self.cluster.connect(name)
        try:
            schema.migrate(connection)
            publish_authority(connection, (self.cluster.tls / CA_CERT).read_bytes())
        finally:
            connection.close()
        return name

    def drop_database(self, name: str) -> None:
        connection = self.cluster.connect("postgres")
        try:
            connection.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            connection.close()


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(reason)


def _runner() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        _missing(f"running as root needs the '{RUN_AS}' account to run PostgreSQL")
    return RUN_AS


def postgres_missing() -> None:
    """Skip (fail under CI) when this computer has no PostgreSQL to test with."""
    try:
        binaries.postgres_bin()
    except UserError as error:
        _missing(str(error))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ServerForTests]:
    postgres_missing()
    run_as = _runner()
    # a folder the runner can reach: /tmp, not a root-only temporary path
    folder = Path(tempfile.mkdtemp(prefix="timer-app-pg-", dir="/tmp"))
    if run_as:
        shutil.chown(folder, user=run_as)
    cluster = Cluster(folder / "server", run_as=run_as)
    port = free_port()
    cluster.init("Test Clinic", hosts=["localhost", "127.0.0.1"], port=port, listen="127.0.0.1")
    cluster.start()
    try:
        yield ServerForTests(cluster, port)
    finally:
        cluster.stop(mode="immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def clinic_database(postgres_server: ServerForTests) -> Iterator[str]:
    """The name of a fresh database with the clinic schema, dropped after the test."""
    name = postgres_server.new_database()
    try:
        yield name
    finally:
        postgres_server.drop_database(name)


@pytest.fixture
def owner_connection(postgres_server: ServerForTests, clinic_database: str) -> Iterator[Any]:
    """The managing role's connection to the test's database."""
    connection = postgres_server.cluster.connect(clinic_database)
    try:
        yield connection
    finally:
        connection.close()


def add_test_workstation(
    server: ServerForTests, database: str, name: str, *, desk: bool = False
) -> Any:
    """A workstation role on `database` (as `timer-app server add-workstation` makes one),
    returned as its `ServerLink` connecting to 127.0.0.1 with the clinic's authority."""
    from timer_app.server.certificates import CA_CERT
    from timer_app.server.connection import ServerLink
    from timer_app.server.enrollment import add_workstation

    owner = server.cluster.connect(database)
    try:
        enrolment = add_workstation(owner, name, desk=desk)
    finally:
        owner.close()
    return ServerLink(
        host="localhost", port=server.port, role=enrolment.role,
        password=enrolment.password, workstation=name,
        ca_file=server.cluster.tls / CA_CERT, database=database, desk=desk,
    )  # fmt: skip
