"""`timer-app backup [--to FILE]`: a consistent copy of the database, made while it is in use."""

from __future__ import annotations

import argparse
from pathlib import Path

from timer_app.clinic.files import back_up
from timer_app.paths import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "--to",
        metavar="FILE",
        help="write the copy here (default: the backups folder, last 30 kept)",
    )


def run(args: argparse.Namespace) -> int:
    target = None if args.to is None else Path(args.to).expanduser()
    database, made = back_up(args.data_dir, target)
    print(f"Backed up {database} to {made}")
    return 0
