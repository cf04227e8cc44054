"""`timer-app join HOST CODE`: this computer becomes a workstation of the clinic server.

Timing stays on this computer (a tap never waits on the network); what is signed here goes
to the server as soon as it can, and the clinic's patients, payers and users come down."""

from __future__ import annotations

import argparse

from timer_app.clinic import clinic_server
from timer_app.paths import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("host", help="the clinic server's name or address")
    parser.add_argument("code", help="the code 'timer-app server add-workstation' printed")
    parser.add_argument("--port", type=int, default=5432, help="the server's port (default 5432)")


def run(args: argparse.Namespace) -> int:
    report = clinic_server.join_server(args.data_dir, args.host, args.code, port=args.port)
    link = report.link
    print(f"This computer is now '{link.workstation}' of the clinic server at {link.host}. "
          "Start Therapy Timer as usual; its status line shows the connection.")  # fmt: skip
    if report.queued:
        print(f"{report.queued} visits signed here before will go up to the server.")
    if report.pulled is None:
        print("The clinic's records did not come down yet: they will when the program runs.")
    else:
        pulled = report.pulled
        print(f"Copied from the server: {pulled.clinicians} clinicians, {pulled.patients} "
              f"patients, {pulled.payers} payers, {pulled.users} users.")
    return 0
