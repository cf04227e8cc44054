"""Options every sub-command shares."""

from __future__ import annotations

import argparse


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding the database and backups (default: your user data folder; "
        "also TIMER_APP_DATA_DIR)",
    )
