"""`timer-app backup [--to FILE [--force]] [--copy-folder PATH|none]`: a consistent, checked
copy of the database, made while it is in use."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timer_app.clinic.files import back_up, set_backup_copy_folder
from timer_app.paths import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--to",
        metavar="FILE",
        help="write the copy here (default: the backups folder, the last few of each kind kept)",
    )
    where.add_argument(
        "--copy-folder",
        metavar="PATH",
        help="from now on also copy every backup to this folder (a USB disk or network "
        "share); 'none' stops the copies",
    )
    parser.add_argument("--force", action="store_true", help="with --to: replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    if args.copy_folder is not None:
        words = args.copy_folder.strip()
        chosen = None if words.lower() == "none" else Path(words)
        second = set_backup_copy_folder(args.data_dir, chosen)
        if second is None:
            print("Backups are no longer copied to a second folder.")
        else:
            print(f"Every backup is now also copied to {second}")
    target = None if args.to is None else Path(args.to).expanduser()
    report = back_up(args.data_dir, target, overwrite=args.force)
    print(f"Backed up {report.database} to {report.made}")
    if report.copy is not None:
        print(f"Copied it to {report.copy}")
    if report.warning is not None:
        print(f"timer-app: warning: {report.warning}", file=sys.stderr)
    return 0
