"""A workstation's connection to the clinic server: TLS checked against the clinic's own
authority and the host name (verify-full), a password per workstation, short timeouts.

    link = ServerLink.load(data_dir)          # what `timer-app join` stored, or None
    with link.connect() as connection: ...

Nothing here runs on the timer's thread: a connect to a server that is away waits up to
`CONNECT_SECONDS`, which only a background sender or the front desk may spend.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timer_app import file_modes
from timer_app.errors import UserError
from timer_app.paths import SERVER_LINK_NAME

LINK_FILE = SERVER_LINK_NAME
CA_FILE = "clinic-ca.crt"
CONNECT_SECONDS = 5
DATABASE = "clinic"


def tls_context(ca_file: Path) -> ssl.SSLContext:
    """Only the clinic's authority is trusted, and the name dialled must be on the
    certificate: a machine answering in the server's place is refused."""
    context = ssl.create_default_context(cafile=str(ca_file))
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@dataclass(frozen=True)
class ServerLink:
    """How this workstation reaches the clinic server (kept owner-only in the data folder)."""

    host: str
    port: int
    role: str  # this workstation's database role
    password: str
    workstation: str  # the name the owner gave it
    ca_file: Path
    database: str = DATABASE
    desk: bool = False  # a front-desk workstation: it keeps the clinic's records there

    @classmethod
    def load(cls, data_dir: Path) -> ServerLink | None:
        path = data_dir / LINK_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            data["host"], int(data["port"]), data["role"], data["password"],
            data["workstation"], data_dir / CA_FILE, data.get("database", DATABASE),
            bool(data.get("desk", False)),
        )  # fmt: skip

    def save(self, data_dir: Path) -> None:
        path = data_dir / LINK_FILE
        file_modes.create_private(path)
        path.write_text(json.dumps({
            "host": self.host, "port": self.port, "role": self.role,
            "password": self.password, "workstation": self.workstation,
            "database": self.database, "desk": self.desk,
        }, indent=2), encoding="utf-8")  # fmt: skip

    def open(self, *, timeout: float = CONNECT_SECONDS) -> Any:
        """A new connection, or a UserError in words when the server cannot be reached.
        The socket is ours, so one a hung server never answered is closed, not left to
        the garbage collector."""
        import socket

        import pg8000.native

        try:
            raw = socket.create_connection((self.host, self.port), timeout)
        except OSError as error:
            raise UserError(unreachable(self.host, self.port, error)) from error
        try:
            return pg8000.native.Connection(
                self.role, password=self.password, host=self.host, port=self.port,
                database=self.database, sock=raw, ssl_context=tls_context(self.ca_file),
                timeout=timeout, application_name=f"Therapy Timer {self.workstation}"[:63],
            )  # fmt: skip
        except (OSError, pg8000.native.InterfaceError, pg8000.native.DatabaseError) as error:
            raw.close()
            raise UserError(unreachable(self.host, self.port, error)) from error

    @contextmanager
    def connect(self, *, timeout: float = CONNECT_SECONDS) -> Iterator[Any]:
        connection = self.open(timeout=timeout)
        try:
            yield connection
        finally:
            connection.close()


def unreachable(host: str, port: int, error: BaseException) -> str:
    """Why the server could not be reached, in a person's words."""
    text = str(error)
    if "certificate" in text.lower() or isinstance(error, ssl.SSLError):
        return (
            f"The computer answering at {host} is not the clinic server this workstation "
            "joined (its certificate is not the clinic's). Nothing was sent; ask the owner."
        )
    if "password" in text.lower() or "28P01" in text:
        return (
            f"The clinic server at {host} no longer accepts this workstation: ask the owner "
            "for a new code ('timer-app server add-workstation') and join again."
        )
    return f"The clinic server at {host}:{port} cannot be reached now ({text[:120]})."
