"""`timer-app restore FILE`: replace the database with a backup, saving the current file first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timer_app.clinic.files import restore
from timer_app.paths import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("file", metavar="FILE", help="a backup made by Therapy Timer")


def run(args: argparse.Namespace) -> int:
    report = restore(args.data_dir, Path(args.file))
    print(
        f"Restored {args.file} into {report.database}: {report.visits} visits, "
        f"{report.patients} patients."
    )
    if report.previous_saved_as is not None:
        print(f"The file it replaced is saved as {report.previous_saved_as}")
    if report.warning is not None:
        print(f"timer-app: warning: {report.warning}", file=sys.stderr)
    return 0
