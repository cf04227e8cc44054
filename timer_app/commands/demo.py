"""`timer-app demo`: fill an empty database with a demo clinic and a week of visits."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from timer_app.cli import add_data_dir
from timer_app.store import Store
from timer_app.store.demo import fill_demo

STATUS_ORDER = ("billed", "signed", "finished", "open")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    with Store.open(data_dir=args.data_dir) as store:
        summary = fill_demo(store, now, now.astimezone().tzinfo or UTC)
        clinic = store.clinic.get()
        path = store.path
    statuses = ", ".join(
        f"{summary.by_status[s]} {s}" for s in STATUS_ORDER if s in summary.by_status
    )
    print(
        f"Demo clinic '{clinic.name if clinic else ''}' written to {path}:\n"
        f"  {summary.clinicians} clinicians, {summary.patients} patients, {summary.payers} "
        f"payers, {summary.visits} visits this week ({statuses}).\n"
        f"  See them with: timer-app visits --data-dir {path.parent}"
    )
    return 0
