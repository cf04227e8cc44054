"""`timer-app demo`: fill an empty database with a demo clinic and a week of visits."""

from __future__ import annotations

import argparse

from timer_app.clinic import open_local
from timer_app.paths import add_data_dir

STATUS_ORDER = ("billed", "signed", "finished", "open")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    with open_local(data_dir=args.data_dir, program="the command 'timer-app demo'") as clinic:
        summary = clinic.fill_demo()
        details = clinic.setup.clinic()
        path = clinic.location
    assert path is not None  # a file on this computer
    statuses = ", ".join(
        f"{summary.by_status[s]} {s}" for s in STATUS_ORDER if s in summary.by_status
    )
    print(
        f"Demo clinic '{details.name if details else ''}' written to {path}:\n"
        f"  {summary.clinicians} clinicians, {summary.patients} patients, {summary.payers} "
        f"payers, {summary.visits} visits this week ({statuses}).\n"
        f"  See them with: timer-app visits --data-dir {path.parent}"
    )
    print("  Demo users (name, access, PIN):")
    for name, access, pin in summary.users:
        print(f"    {name:<24} {access:<15} {pin}")
    return 0
