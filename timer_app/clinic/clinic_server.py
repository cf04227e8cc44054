"""Setting up the clinic server and joining workstations to it, as the commands do it.

    report = init_server(data_dir, hosts=["clinic-server"])   # on the chosen computer
    code = add_workstation(data_dir, "Room 2").code             # printed for the owner
    join_server(data_dir_of_room_2, "clinic-server", code)      # on Room 2

The server's files live in the data folder's `server/` folder; its nightly dumps go to the
backups folder beside the workstation's own backups.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from timer_app.paths import BACKUP_FOLDER, data_dir
from timer_app.server import enrollment, schema
from timer_app.server.certificates import CA_CERT, authority_fingerprint
from timer_app.server.cluster import DATABASE, DEFAULT_PORT, Cluster, ServerSettings
from timer_app.server.connection import ServerLink

SERVER_FOLDER = "server"


@dataclass(frozen=True)
class ServerReport:
    settings: ServerSettings
    folder: Path
    fingerprint: str  # of the clinic's authority, for a person to compare


def cluster_in(folder: str | os.PathLike[str] | None, run_as: str | None = None) -> Cluster:
    return Cluster(data_dir(folder) / SERVER_FOLDER, run_as=run_as)


def init_server(
    folder: str | os.PathLike[str] | None, *, clinic: str = "Clinic", hosts: Sequence[str] = (),
    port: int = DEFAULT_PORT, listen: str = "*", run_as: str | None = None,
) -> ServerReport:  # fmt: skip
    """A new clinic server in this data folder: made, started, its schema created."""
    cluster = cluster_in(folder, run_as)
    settings = cluster.init(clinic, [*hosts, *this_computers_names()], port=port, listen=listen)
    cluster.start()
    cluster.create_database(DATABASE)
    with _owner(cluster) as owner:
        schema.migrate(owner)
        enrollment.publish_authority(owner, (cluster.tls / CA_CERT).read_bytes())
    fingerprint = authority_fingerprint((cluster.tls / CA_CERT).read_bytes())
    return ServerReport(settings, cluster.folder, fingerprint)


def start_server(folder: str | os.PathLike[str] | None, run_as: str | None = None) -> str:
    """Start it and bring its schema up to this program's version; the status in words."""
    cluster = cluster_in(folder, run_as)
    cluster.start()
    with _owner(cluster) as owner:
        schema.migrate(owner)
    return cluster.status()


def back_up_server(folder: str | os.PathLike[str] | None, moment: datetime) -> Path:
    cluster = cluster_in(folder)
    return cluster.dump(data_dir(folder) / BACKUP_FOLDER, moment)


def add_workstation(
    folder: str | os.PathLike[str] | None, name: str, *, desk: bool = False
) -> enrollment.Enrolment:
    with _owner(cluster_in(folder)) as owner:
        return enrollment.add_workstation(owner, name, desk=desk)


def remove_workstation(folder: str | os.PathLike[str] | None, name: str) -> None:
    with _owner(cluster_in(folder)) as owner:
        enrollment.remove_workstation(owner, name)


def workstations(folder: str | os.PathLike[str] | None) -> list[tuple[str, bool, str]]:
    with _owner(cluster_in(folder)) as owner:
        return enrollment.workstations(owner)


def join_server(
    folder: str | os.PathLike[str] | None, host: str, code: str, *, port: int = DEFAULT_PORT
) -> ServerLink:
    return enrollment.join(host, code, data_dir(folder), port=port)


def this_computers_names() -> list[str]:
    """This computer's name and its address on the clinic's network, as workstations dial it."""
    names = [socket.gethostname()]
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the LAN address
        names.append(str(probe.getsockname()[0]))
    return names


@contextlib.contextmanager
def _owner(cluster: Cluster) -> Iterator[Any]:
    connection = cluster.connect(DATABASE)
    try:
        yield connection
    finally:
        connection.close()
