"""The PyInstaller bundle the benchmarks measure: dist/'s when it is current, else one built.

A bundle is current when it is newer than every source file that goes into it
(timer_app/, resources/, build/, pyproject.toml) and holds the PySide6 version installed
here. Otherwise one is built with `build/make_bundle.py` into tests/benchmarks/.cache/
(git-ignored), and reused while it stays current.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from pathlib import Path

from PySide6 import __version_info__ as pyside_version

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(__file__).resolve().parent / ".cache"
SOURCES = ("timer_app", "resources", "build")


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def newest_source() -> float:
    files = [ROOT / "pyproject.toml"]
    for folder in SOURCES:
        files += [
            p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ]
    return max(p.stat().st_mtime for p in files)


def is_current(folder: Path) -> bool:
    program = folder / "timer-app"
    major, minor = pyside_version[:2]
    pyside = folder / "_internal" / "PySide6" / f"libpyside6.abi3.so.{major}.{minor}"
    return program.is_file() and pyside.is_file() and program.stat().st_mtime >= newest_source()


def build(dist: Path, work: Path) -> Path:
    """`build/make_bundle.py --dist DIST --work WORK`; the bundle folder."""
    subprocess.run(
        [sys.executable, str(ROOT / "build" / "make_bundle.py"), "--dist", str(dist),
         "--work", str(work)],
        check=True, capture_output=True, cwd=ROOT, timeout=900,
    )  # fmt: skip
    return dist / f"timer-app-{version()}"


def current_bundle() -> tuple[Path, str]:
    """A current bundle folder, and where it came from in words."""
    shipped = ROOT / "dist" / f"timer-app-{version()}"
    if is_current(shipped):
        return shipped, "dist/ (current)"
    cached = CACHE / "bundle" / "dist" / f"timer-app-{version()}"
    if is_current(cached):
        return cached, ".cache/bundle (current)"
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    why = "stale" if shipped.exists() else "missing"
    began = time.perf_counter()
    folder = build(CACHE / "bundle" / "dist", CACHE / "bundle" / "work")
    return folder, f".cache/bundle, built in {time.perf_counter() - began:.0f} s (dist/ {why})"


def size_on_disk(folder: Path) -> tuple[int, int]:
    """(bytes allocated on disk, apparent bytes) of every file under `folder`."""
    allocated = apparent = 0
    for path in folder.rglob("*"):
        info = path.lstat()
        if path.is_symlink() or not path.is_file():
            continue
        allocated += info.st_blocks * 512
        apparent += info.st_size
    return allocated, apparent
