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
    return folders[-1]


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
