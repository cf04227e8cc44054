"""The clinic server as `timer-app server init` makes it: TLS only, migrated, managed."""

from __future__ import annotations

import ssl
from typing import Any

import pg8000.native
import pytest

from tests.postgres import ServerForTests
from timer_app.server import schema
from timer_app.server.certificates import CA_CERT


def test_the_schema_is_at_the_programs_version(owner_connection: Any) -> None:
    assert schema.applied_version(owner_connection) == schema.SCHEMA_VERSION
    assert schema.migrate(owner_connection) == schema.SCHEMA_VERSION  # nothing to do twice


def test_a_plain_text_connection_is_refused(
    postgres_server: ServerForTests, clinic_database: str
) -> None:
    with pytest.raises(pg8000.native.DatabaseError, match=r"no encryption|reject"):
        pg8000.native.Connection(
            "clinic_owner", password=postgres_server.cluster.owner_password(),
            host="127.0.0.1", port=postgres_server.port, database=clinic_database,
            ssl_context=False,
        )  # fmt: skip


def test_tls_verified_against_the_clinic_authority(
    postgres_server: ServerForTests, clinic_database: str
) -> None:
    context = ssl.create_default_context(cafile=str(postgres_server.cluster.tls / CA_CERT))
    connection = pg8000.native.Connection(
        "clinic_owner", password=postgres_server.cluster.owner_password(),
        host="localhost", port=postgres_server.port, database=clinic_database,
        ssl_context=context,
    )  # fmt: skip
    try:
        assert connection.run("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == [
            [True]
        ]
    finally:
        connection.close()


def test_another_authority_is_refused(
    postgres_server: ServerForTests, clinic_database: str
) -> None:
    context = ssl.create_default_context()  # the public authorities: not the clinic's
    with pytest.raises(ssl.SSLCertVerificationError):
        pg8000.native.Connection(
            "clinic_owner", password=postgres_server.cluster.owner_password(),
            host="localhost", port=postgres_server.port, database=clinic_database,
            ssl_context=context,
        )  # fmt: skip


def test_status_in_words(postgres_server: ServerForTests) -> None:
    assert "running" in postgres_server.cluster.status()
