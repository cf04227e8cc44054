"""The clinic server set up and joined from the command line, as the owner does it."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import RUN_AS, postgres_missing
from timer_app.cli import main
from timer_app.server.cluster import free_port
from timer_app.server.connection import ServerLink


@pytest.fixture
def server_folder() -> Iterator[Path]:
    """A data folder PostgreSQL's account can reach (as root the server runs as it)."""
    postgres_missing()
    folder = Path(tempfile.mkdtemp(prefix="timer-app-server-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(folder, user=RUN_AS)
    try:
        yield folder
    finally:
        main(["server", "--data-dir", str(folder), *_run_as(), "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def _run_as() -> list[str]:
    return ["--run-as", RUN_AS] if os.geteuid() == 0 else []


def test_init_add_join_backup(
    server_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = str(free_port())
    server = ["server", "--data-dir", str(server_folder), *_run_as()]
    assert main([*server, "init", "--clinic", "Riverside PT", "--port", port]) == 0
    said = capsys.readouterr().out
    assert "The clinic server runs on this computer" in said and "fingerprint" in said
    assert main([*server, "status"]) == 0
    assert "running" in capsys.readouterr().out

    assert main([*server, "add-workstation", "Room 2"]) == 0
    code = re.search(r"timer-app join \S+ (\S+)", capsys.readouterr().out).group(1)  # type: ignore[union-attr]
    room = tmp_path / "room-2"
    assert main(["join", "--data-dir", str(room), "localhost", code, "--port", port]) == 0
    assert "is now 'Room 2'" in capsys.readouterr().out
    link = ServerLink.load(room)
    assert link is not None and link.port == int(port)
    assert main([*server, "workstations"]) == 0
    assert re.search(r"Room 2\s+treatment\s+joined", capsys.readouterr().out)

    assert main([*server, "backup"]) == 0
    dumps = list((server_folder / "backups").glob("server-*.dump"))
    assert len(dumps) == 1 and dumps[0].stat().st_mode & 0o077 == 0

    assert main([*server, "stop"]) == 0
    assert main(["join", "--data-dir", str(tmp_path / "late"), "localhost", code,
                 "--port", port]) == 2  # fmt: skip
    assert "cannot be reached" in capsys.readouterr().err


def test_a_second_init_is_refused(
    server_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = ["server", "--data-dir", str(server_folder), *_run_as()]
    assert main([*server, "init", "--port", str(free_port())]) == 0
    assert main([*server, "init"]) == 2
    assert "already set up" in capsys.readouterr().err
