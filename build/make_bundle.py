"""Build the onedir bundle into dist/ (PyInstaller's work files into pyinstaller-work/)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; return the bundle folder."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build" / "timer_app.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    folders = sorted(dist.glob("timer-app-*"))
    if not folders:
        raise SystemExit(f"no bundle folder appeared in {dist}")
    share_one_program(folders[-1])
    return folders[-1]


def share_one_program(folder: Path) -> None:
    """Off Windows a program has no console of its own to hide: the windowed twin is the
    same file byte for byte (3.8 MB, its Python archive included), so it becomes a link."""
    console, windowed = folder / "timer-app", folder / "timer-app-gui"
    if sys.platform == "win32" or not windowed.is_file() or windowed.is_symlink():
        return
    if console.read_bytes() == windowed.read_bytes():
        windowed.unlink()
        windowed.symlink_to(console.name)


def main() -> int:
    parser = argparse.ArgumentParser(prog="./dev bundle")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "pyinstaller-work")
    args = parser.parse_args()
    folder = build(args.dist, args.work)
    print(f"Bundle ready: {folder}  (start it with {folder / 'timer-app-gui'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
