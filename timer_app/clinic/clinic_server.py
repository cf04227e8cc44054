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
from typing import TYPE_CHECKING, Any

from timer_app.clinic.master_data import JOINED, PullSummary
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.paths import BACKUP_FOLDER, data_dir
from timer_app.server import enrollment, schema
from timer_app.server.certificates import CA_CERT, authority_fingerprint
from timer_app.server.cluster import DATABASE, DEFAULT_PORT, Cluster, ServerSettings
from timer_app.server.connection import ServerLink

if TYPE_CHECKING:
    from timer_app.store import Store

SERVER_FOLDER = "server"


@dataclass(frozen=True)
class ServerReport:
    settings: ServerSettings
    folder: Path
    fingerprint: str  # of the clinic's authority, for a person to compare
    workstation: str  # this computer, joined to its own server as a front desk
    sent: int  # clinicians, payers, patients and users this computer's file sent up


def cluster_in(folder: str | os.PathLike[str] | None, run_as: str | None = None) -> Cluster:
    return Cluster(data_dir(folder) / SERVER_FOLDER, run_as=run_as)


def init_server(
    folder: str | os.PathLike[str] | None, *, clinic: str = "Clinic", hosts: Sequence[str] = (),
    port: int = DEFAULT_PORT, listen: str = "*", run_as: str | None = None,
) -> ServerReport:  # fmt: skip
    """A new clinic server in this data folder: made, started, its schema created; this
    computer's own clinic sent up and the computer joined to it as the front desk."""
    from timer_app.clinic.services import open_local
    from timer_app.store import Store

    # this computer's file first: a program that has it open refuses before anything is made
    with open_local(data_dir=folder, daily_backup=False,
                    program="the command 'timer-app server init'") as local:  # fmt: skip
        assert isinstance(local.store, Store)
        cluster = cluster_in(folder, run_as)
        names = [*hosts, *this_computers_names()]
        settings = cluster.init(clinic, names, port=port, listen=listen)
        cluster.start()
        cluster.create_database(DATABASE)
        with _owner(cluster) as owner:
            schema.migrate(owner)
            enrollment.publish_authority(owner, (cluster.tls / CA_CERT).read_bytes())
            name, sent = _this_computer_joins(local.store, folder, owner, settings.port)
    fingerprint = authority_fingerprint((cluster.tls / CA_CERT).read_bytes())
    return ServerReport(settings, cluster.folder, fingerprint, name, sent)


def _this_computer_joins(
    store: Store, folder: str | os.PathLike[str] | None, owner: Any, port: int
) -> tuple[str, int]:
    """The server's own computer sends its clinic up (a clinic that worked on it alone
    keeps its records) and joins as a front desk, like any other workstation."""
    from timer_app.store.master_data import upload_master_data

    sent = upload_master_data(store, owner)
    enrolment = enrollment.add_workstation(owner, _own_name(), desk=True)
    link = enrollment.join("localhost", enrolment.code, data_dir(folder), port=port)
    _joined(store, link)
    return enrolment.workstation, sent.clinicians + sent.payers + sent.patients + sent.users


def _own_name() -> str:
    """This computer's name as a workstation name (letters, digits, '-', '_', spaces)."""
    import re

    name = re.sub(r"[^A-Za-z0-9 _-]+", "-", socket.gethostname()).strip("- ")[:40]
    return name or "Server"


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


@dataclass(frozen=True)
class JoinReport:
    link: ServerLink
    queued: int  # signed visits of this computer that will go up
    pulled: PullSummary | None  # None: the records did not come down yet (they will)


def join_server(
    folder: str | os.PathLike[str] | None, host: str, code: str, *, port: int = DEFAULT_PORT,
    database: str = DATABASE,
) -> JoinReport:  # fmt: skip
    """This computer becomes a workstation of the clinic server at `host`: its signed
    visits are queued to go up, and the clinic's records come down at once."""
    from timer_app.clinic.services import open_local

    # the file first: a program that has it open refuses, before the code is spent
    with open_local(data_dir=folder, daily_backup=False,
                    program="the command 'timer-app join'") as clinic:  # fmt: skip
        link = enrollment.join(host, code, data_dir(folder), port=port, database=database)
        return _joined(clinic.store, link)


def _joined(store: StorePort, link: ServerLink) -> JoinReport:
    from timer_app.clinic.master_data import pull_once
    from timer_app.store import Store

    assert isinstance(store, Store)  # this computer's own file
    with store.atomic():
        store.settings.set(JOINED, "1")
        queued = store.outbox.queue_all_signed()
        joined = {"server": link.host, "workstation": link.workstation}
        store.audit.record("", "joined the clinic server", after=joined)
    try:
        pulled: PullSummary | None = pull_once(store, link, full=True)
    except UserError:
        pulled = None
    return JoinReport(link, queued, pulled)


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
