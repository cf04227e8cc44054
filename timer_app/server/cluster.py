"""The clinic server: a PostgreSQL cluster in the program's data folder, TLS required.

    cluster = Cluster(data_dir / "server")
    cluster.init("Riverside PT", hosts=["clinic-server", "192.168.1.10"])
    cluster.start(); cluster.status(); cluster.stop()

What `init` lays out in the folder (owner-only, as the rest of the data folder):
    cluster/        PostgreSQL's own files (PGDATA)
    tls/            the clinic CA and the server's certificate (`certificates`)
    socket/         the local socket the program itself uses to manage the server
    owner.pw        the managing role's password (never leaves this computer)
    server.json     port and host names, for `add-workstation` and `status`

`pg_hba.conf` lets in only TLS connections with a password (SCRAM) from the network and
refuses every plain-text one; the managing role may come in only through the local socket
or from this computer. Root never runs PostgreSQL (it refuses to): tests as root pass
`run_as`, an unprivileged system account that then owns the folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from timer_app import file_modes
from timer_app.errors import UserError
from timer_app.server import binaries, certificates

OWNER_ROLE = "clinic_owner"
DATABASE = "clinic"
DEFAULT_PORT = 5432
DUMPS_KEPT = 30  # nightly: a month of them


@dataclass(frozen=True)
class ServerSettings:
    port: int
    hosts: tuple[str, ...]  # names and addresses workstations dial, the first printed
    listen: str = "*"

    def to_json(self) -> str:
        return json.dumps({"port": self.port, "hosts": list(self.hosts), "listen": self.listen})

    @classmethod
    def from_json(cls, text: str) -> ServerSettings:
        data = json.loads(text)
        return cls(int(data["port"]), tuple(data["hosts"]), str(data.get("listen", "*")))


class Cluster:
    """One clinic server's files and process, managed with PostgreSQL's own programs."""

    def __init__(self, folder: Path, *, run_as: str | None = None) -> None:
        self.folder = folder
        self.run_as = run_as
        self.pgdata = folder / "cluster"
        self.tls = folder / "tls"
        self.socket_dir = folder / "socket"
        self.password_file = folder / "owner.pw"
        self.settings_file = folder / "server.json"
        self.log_file = folder / "server.log"

    # --- set-up -------------------------------------------------------------------------

    def exists(self) -> bool:
        return (self.pgdata / "PG_VERSION").is_file()

    def init(
        self, clinic: str, hosts: Sequence[str], *, port: int = DEFAULT_PORT, listen: str = "*"
    ) -> ServerSettings:
        """A new cluster with the clinic's CA and certificate; refused when one exists."""
        certificates.require_library()
        self._refuse_root()
        if self.exists():
            raise UserError(
                f"A clinic server is already set up in {self.folder}. Start it with "
                "'timer-app server start'; to begin again, move that folder away first."
            )
        hosts = tuple(dict.fromkeys([*hosts, "localhost", "127.0.0.1"]))
        settings = ServerSettings(port, hosts, listen)
        for folder in (self.folder, self.tls, self.socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
            file_modes.private_folder(folder)
        _write_private(self.password_file, secrets.token_urlsafe(24))
        certificates.make_authority(self.tls, clinic)
        certificates.make_server_certificate(self.tls, hosts)
        _write_private(self.settings_file, settings.to_json())
        self._give_to_runner()
        self._run([binaries.tool("initdb"), "-D", str(self.pgdata), "-U", OWNER_ROLE,
                   f"--pwfile={self.password_file}", "--auth=scram-sha-256",
                   "--encoding=UTF8", "--locale=C"], "set up the clinic server")  # fmt: skip
        self._write_config(settings)
        return settings

    def settings(self) -> ServerSettings:
        if not self.settings_file.is_file():
            raise UserError(
                f"No clinic server is set up in {self.folder}: run 'timer-app server init' "
                "on the computer that will keep the clinic's records."
            )
        return ServerSettings.from_json(self.settings_file.read_text(encoding="utf-8"))

    def owner_password(self) -> str:
        return self.password_file.read_text(encoding="utf-8").strip()

    # --- running ------------------------------------------------------------------------

    def start(self, *, wait_seconds: int = 60) -> None:
        self._refuse_root()
        self.settings()
        if self.is_running():
            return
        self._run([binaries.tool("pg_ctl"), "-D", str(self.pgdata), "-l", str(self.log_file),
                   "-w", "-t", str(wait_seconds), "start"], "start the clinic server")  # fmt: skip

    def stop(self, *, mode: str = "fast") -> None:
        if not self.exists() or not self.is_running():
            return
        self._run([binaries.tool("pg_ctl"), "-D", str(self.pgdata), "-m", mode, "-w", "stop"],
                  "stop the clinic server")  # fmt: skip

    def is_running(self) -> bool:
        if not self.exists():
            return False
        done = subprocess.run(
            self._as_runner([binaries.tool("pg_ctl"), "-D", str(self.pgdata), "status"]),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done.returncode == 0

    def status(self) -> str:
        """One line for a person: running where, or stopped, or not set up."""
        if not self.exists():
            return f"No clinic server is set up here ({self.folder})."
        settings = self.settings()
        where = ", ".join(settings.hosts[:-2] or settings.hosts)
        if self.is_running():
            return f"The clinic server is running: {where}, port {settings.port}, TLS required."
        return "The clinic server is stopped: start it with 'timer-app server start'."

    # --- the managing connection --------------------------------------------------------

    def connect(self, database: str = DATABASE) -> Any:
        """A connection as the managing role, through the local socket (TCP with TLS to
        this computer on Windows); a UserError in words when the server is not running."""
        import pg8000.native

        settings = self.settings()
        try:
            if sys.platform == "win32":
                from timer_app.server.connection import tls_context

                return pg8000.native.Connection(
                    OWNER_ROLE, password=self.owner_password(), host="127.0.0.1",
                    port=settings.port, database=database,
                    ssl_context=tls_context(self.tls / certificates.CA_CERT),
                )  # fmt: skip
            return pg8000.native.Connection(
                OWNER_ROLE, password=self.owner_password(), database=database,
                unix_sock=str(self.socket_dir / f".s.PGSQL.{settings.port}"),
            )  # fmt: skip
        except (OSError, pg8000.native.InterfaceError) as error:
            raise UserError(
                "The clinic server is not running on this computer: start it with "
                f"'timer-app server start' ({str(error)[:80]})."
            ) from error

    def create_database(self, name: str = DATABASE) -> None:
        connection = self.connect("postgres")
        try:
            if not connection.run("SELECT 1 FROM pg_database WHERE datname = :n", n=name):
                connection.run(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()

    def dump(self, folder: Path, moment: datetime, *, keep: int = DUMPS_KEPT) -> Path:
        """A `pg_dump` of the clinic's database into `folder` (custom format, restorable
        with pg_restore), owner-only, the newest `keep` kept. Written under a temporary
        name first: a dump cut short never looks like a good one."""
        settings = self.settings()
        folder.mkdir(parents=True, exist_ok=True)
        file_modes.private_folder(folder)
        target = folder / f"server-{moment:%Y-%m-%d-%H%M%S}.dump"
        partial = target.with_name(".timer-app-" + target.name)
        file_modes.create_private(partial)
        host = str(self.socket_dir) if sys.platform != "win32" else "127.0.0.1"
        environment = {**os.environ, "PGPASSWORD": self.owner_password()}
        done = subprocess.run(
            [binaries.tool("pg_dump"), "--format=custom", f"--file={partial}",
             f"--host={host}", f"--port={settings.port}", f"--username={OWNER_ROLE}",
             DATABASE],
            capture_output=True, text=True, check=False, env=environment,
        )  # fmt: skip
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise UserError(f"The clinic server's backup failed: {done.stderr.strip()[:300]}")
        partial.replace(target)
        for old in sorted(folder.glob("server-*.dump"))[:-keep]:
            old.unlink()
        return target

    # --- internals ----------------------------------------------------------------------

    def _write_config(self, settings: ServerSettings) -> None:
        config = {
            "listen_addresses": settings.listen,
            "port": str(settings.port),
            "unix_socket_directories": str(self.socket_dir) if sys.platform != "win32" else "",
            "ssl": "on",
            "ssl_cert_file": str(self.tls / certificates.SERVER_CERT),
            "ssl_key_file": str(self.tls / certificates.SERVER_KEY),
            "ssl_min_protocol_version": "TLSv1.2",
            "password_encryption": "scram-sha-256",
            "max_connections": "100",
            "log_connections": "on",
            "log_line_prefix": "%m [%p] %u@%d %h ",
        }
        lines = [f"{key} = '{_quoted(value)}'" for key, value in config.items()]
        conf = self.pgdata / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as file:
            file.write("\n# Therapy Timer's clinic server\n" + "\n".join(lines) + "\n")
        (self.pgdata / "pg_hba.conf").write_text(_HBA, encoding="utf-8")
        self._give_to_runner()

    def _run(self, command: list[str], doing: str) -> None:
        done = subprocess.run(self._as_runner(command), capture_output=True, text=True,
                              check=False)  # fmt: skip
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise UserError(
                f"Could not {doing}: {' '.join(detail)} (the log is {self.log_file})."
            )

    def _as_runner(self, command: list[str]) -> list[str]:
        if self.run_as is None:
            return command
        return ["runuser", "-u", self.run_as, "--", *command]

    def _give_to_runner(self) -> None:
        if self.run_as is None:
            return
        owner = shutil.chown
        for path in [self.folder, *self.folder.rglob("*")]:
            owner(path, user=self.run_as)

    def _refuse_root(self) -> None:
        if self.run_as is None and hasattr(os, "geteuid") and os.geteuid() == 0:
            raise UserError(
                "PostgreSQL does not run as root: run 'timer-app server' commands as the "
                "account that runs the program on this computer."
            )


# Only TLS from the network, with a password; the managing role from this computer only.
_HBA = """\
# Therapy Timer's clinic server: TLS with a password (SCRAM) or nothing at all.
# TYPE    DATABASE  USER           ADDRESS       METHOD
local     all       clinic_owner                 scram-sha-256
hostssl   all       clinic_owner   127.0.0.1/32  scram-sha-256
hostssl   all       clinic_owner   ::1/128       scram-sha-256
hostnossl all       all            all           reject
hostssl   all       +workstation   all           scram-sha-256
"""


def free_port() -> int:
    """A TCP port nobody listens on now (for tests and a second cluster on one computer)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "''")


def _write_private(path: Path, text: str) -> None:
    file_modes.create_private(path)
    path.write_text(text, encoding="utf-8")
