"""Where this computer's PostgreSQL programs are (initdb, pg_ctl, pg_dump, pg_restore).

Debian and Ubuntu's `postgresql` package puts them in /usr/lib/postgresql/VERSION/bin
(not on PATH); the official Windows installer in C:\\Program Files\\PostgreSQL\\VERSION\\bin.
`TIMER_APP_POSTGRES_BIN` names another folder. The newest version found is used.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from timer_app.errors import UserError

ENV_BIN = "TIMER_APP_POSTGRES_BIN"
MINIMUM_VERSION = 13  # scram-sha-256 by default, hostssl, channel binding
INSTALL_HINT = (
    "Install PostgreSQL on this computer first: on Debian or Ubuntu "
    "'sudo apt-get install postgresql'; on Windows the installer from "
    "https://www.postgresql.org/download/windows/ (the server and its command line tools)."
)


def postgres_bin() -> Path:
    """The folder holding initdb and pg_ctl, or a UserError saying how to install them."""
    for folder in _candidates():
        if (folder / _exe("initdb")).is_file() and (folder / _exe("pg_ctl")).is_file():
            return folder
    raise UserError(f"PostgreSQL's programs (initdb, pg_ctl) were not found. {INSTALL_HINT}")


def tool(name: str) -> str:
    return str(postgres_bin() / _exe(name))


def _candidates() -> list[Path]:
    found: list[Path] = []
    if chosen := os.environ.get(ENV_BIN):
        found.append(Path(chosen))
    roots = (
        [Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "PostgreSQL"]
        if sys.platform == "win32"
        else [Path("/usr/lib/postgresql"), Path("/usr/local/pgsql"), Path("/opt/homebrew/opt")]
    )
    for root in roots:
        if root.is_dir():
            found.extend(_versions_newest_first(root))
    on_path = shutil.which(_exe("pg_ctl"))
    if on_path:
        found.append(Path(on_path).resolve().parent)
    return found


def _versions_newest_first(root: Path) -> list[Path]:
    versions = []
    for child in root.iterdir():
        match = re.fullmatch(r"(?:postgresql@)?(\d+)(?:\.\d+)?", child.name)
        if match and int(match.group(1)) >= MINIMUM_VERSION:
            versions.append((int(match.group(1)), child / "bin"))
    return [folder for _, folder in sorted(versions, reverse=True)]


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name
