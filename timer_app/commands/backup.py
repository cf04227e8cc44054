"""`timer-app backup [--to FILE]`: a consistent copy of the database, made while it is in use."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from timer_app import paths
from timer_app.cli import add_data_dir
from timer_app.store.files import backup_database, existing_database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "--to",
        metavar="FILE",
        help="write the copy here (default: the backups folder, last 30 kept)",
    )


def run(args: argparse.Namespace) -> int:
    database = existing_database(args.data_dir)
    target = None if args.to is None else Path(args.to).expanduser()
    folder = paths.backup_dir(args.data_dir)
    made = backup_database(database, folder, datetime.now(UTC), target)
    print(f"Backed up {database} to {made}")
    return 0
