"""`timer-app restore FILE`: replace the database with a backup, saving the current file first."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from timer_app import paths
from timer_app.cli import add_data_dir
from timer_app.store import Store
from timer_app.store.files import restore_database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("file", metavar="FILE", help="a backup made by Therapy Timer")


def run(args: argparse.Namespace) -> int:
    database = paths.database_path(args.data_dir)
    folder = paths.backup_dir(args.data_dir)
    restored = restore_database(database, Path(args.file), folder, datetime.now(UTC))
    with Store.open(database) as store:  # checks it again and brings an older one up to date
        visits, patients = store.visits.count(), len(store.patients.search("", limit=10**9))
    print(f"Restored {args.file} into {database}: {visits} visits, {patients} patients.")
    if restored.previous_saved_as is not None:
        print(f"The file it replaced is saved as {restored.previous_saved_as}")
    return 0
