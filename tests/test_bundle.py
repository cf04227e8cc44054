"""Smoke test of the PyInstaller bundle: build it, start it offscreen, ask it for units.

Builds with the README's command (`build/make_bundle.py`) into a temporary folder, so it
checks what a clinic would get today, never a stale dist/. Takes about half a minute.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.postgres import ServerForTests

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
SHIPPED = ROOT / "resources"

pytestmark = pytest.mark.bundle


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The onedir folder, built once per test session."""
    folder = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [sys.executable, str(ROOT / "build" / "make_bundle.py"),
         "--dist", str(folder / "dist"), "--work", str(folder / "work")],
        check=True, cwd=ROOT, stdin=subprocess.DEVNULL, timeout=900,
    )  # fmt: skip
    built = folder / "dist" / f"timer-app-{VERSION}"
    assert built.is_dir(), f"no timer-app-{VERSION} in {sorted((folder / 'dist').iterdir())}"
    return built


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Offscreen, with every folder the program could write to inside `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "TIMER_APP_QUIT_AFTER_START"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        TIMER_APP_DATA_DIR=str(data_dir),
        XDG_DATA_HOME=str(data_dir / "xdg-data"),
        XDG_CONFIG_HOME=str(data_dir / "xdg-config"),
        **extra,
    )
    return env


def _run(program: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip


def test_console_twin_opens_the_window_and_creates_the_database(
    bundle: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    done = _run(bundle / "timer-app", [], _env(data, TIMER_APP_QUIT_AFTER_START="1"))
    assert done.returncode == 0, done.stderr
    database = data / "clinic.sqlite3"
    started = re.search(r"^started: window '(.+)' visible=True, database (.+) exists=True$",
                        done.stdout, re.MULTILINE)  # fmt: skip
    assert started, f"no 'started' line in {done.stdout!r} (stderr {done.stderr!r})"
    assert started.group(1) == "Therapy Timer"
    assert Path(started.group(2)) == database
    assert database.is_file()
    assert database.stat().st_size > 0


def test_both_programs_are_in_the_folder(bundle: Path) -> None:
    for name in ("timer-app", "timer-app-gui"):
        program = bundle / name
        assert program.is_file(), f"{name} is missing"
        assert os.access(program, os.X_OK), f"{name} is not executable"


def test_units_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle / "timer-app", ["units", "97110=33", "97140=7"], _env(tmp_path / "d"))
    assert done.returncode == 0, done.stderr
    assert re.search(r"^97110\s.*\s33\s+2\s+GP$", done.stdout, re.MULTILINE), done.stdout
    assert re.search(r"^97140\s.*\s7\s+1\s+GP$", done.stdout, re.MULTILINE), done.stdout


def test_units_as_json_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    done = _run(
        bundle / "timer-app", ["units", "--json", "97110=33", "97140=7"], _env(tmp_path / "d")
    )
    assert done.returncode == 0, done.stderr
    units = {line["code"]: line["units"] for line in json.loads(done.stdout)["lines"]}
    assert units == {"97110": 2, "97140": 1}


def test_data_files_are_at_the_package_path(bundle: Path) -> None:
    """Everything in resources/ (codes, payers, the .desktop file, the icon) is shipped."""
    packaged = bundle / "_internal" / "timer_app" / "resources"
    assert (packaged / "codes.json").is_file()
    shipped = sorted(p.relative_to(SHIPPED) for p in SHIPPED.rglob("*") if p.is_file())
    missing = [str(p) for p in shipped if not (packaged / p).is_file()]
    assert not missing, f"not in the bundle: {missing}"


def _desktop_entry(bundle: Path) -> dict[str, str]:
    if not (SHIPPED / "timer-app.desktop").exists():
        pytest.skip("the spec ships no .desktop file")
    desktop = bundle / "_internal" / "timer_app" / "resources" / "timer-app.desktop"
    lines = desktop.read_text().splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def _icons(bundle: Path) -> list[Path]:
    return sorted((bundle / "_internal" / "timer_app" / "resources" / "icons").glob("*.svg"))


def test_desktop_file_starts_the_windowed_program(bundle: Path) -> None:
    entry = _desktop_entry(bundle)
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert (bundle / entry["Exec"].split()[0]).is_file(), "Exec names no program of the bundle"


def test_icon_is_shipped(bundle: Path) -> None:
    assert _icons(bundle), "no icon in the bundle"


def test_desktop_file_names_the_shipped_icon(bundle: Path) -> None:
    icon = _desktop_entry(bundle)["Icon"]
    assert icon in {p.stem for p in _icons(bundle)} or Path(icon).is_file()


def test_the_bundle_joins_a_clinic_server_over_tls(
    bundle: Path, tmp_path: Path, postgres_server: ServerForTests
) -> None:
    """The bundled client joins with TLS checked against the clinic's authority."""
    from timer_app.server import schema
    from timer_app.server.certificates import CA_CERT
    from timer_app.server.enrollment import add_workstation, publish_authority

    cluster = postgres_server.cluster
    cluster.create_database("clinic")  # the name a real server's database has
    owner = cluster.connect("clinic")
    try:
        schema.migrate(owner)
        publish_authority(owner, (cluster.tls / CA_CERT).read_bytes())
        code = add_workstation(owner, "Room 9").code
    finally:
        owner.close()
    try:
        done = _run(bundle / "timer-app",
                    ["join", "localhost", code, "--port", str(postgres_server.port)],
                    _env(tmp_path / "room"))  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "is now 'Room 9'" in done.stdout
        assert (tmp_path / "room" / "clinic-server.json").is_file()
    finally:
        postgres_server.drop_database("clinic")


def test_the_bundle_says_it_cannot_set_up_a_server(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle / "timer-app", ["server", "init"], _env(tmp_path))
    assert done.returncode == 2, done.stderr
    assert "cannot set up a clinic server" in done.stderr
