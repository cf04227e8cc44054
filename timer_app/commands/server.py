"""`timer-app server init|start|stop|status|backup|add-workstation|remove-workstation|
workstations`: the clinic server on the computer that keeps the clinic's records.

A one-computer clinic needs none of this. Commands run as the account that runs the
program (PostgreSQL refuses root; as root, `--run-as postgres` names the account)."""

from __future__ import annotations

import argparse
from datetime import datetime

from timer_app.clinic import clinic_server
from timer_app.paths import add_data_dir

_SIMPLE_ACTIONS = (
    ("start", "start the clinic server"),
    ("stop", "stop it (workstations keep timing and send later)"),
    ("status", "say whether it runs, and where"),
    ("backup", "dump its records into the backups folder (keeps 30)"),
    ("workstations", "list the workstations and whether they joined"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--run-as", metavar="ACCOUNT",
                        help="started as root: the system account PostgreSQL runs as")  # fmt: skip
    action = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = action.add_parser("init", help="set up the clinic server on this computer")
    init.add_argument("--clinic", default="Clinic", help="the clinic's name, on its certificate")
    init.add_argument("--host", action="append", default=[], metavar="NAME",
                      help="a name or address workstations dial (this computer's own name "
                           "and LAN address are always included); repeat for more")  # fmt: skip
    init.add_argument("--port", type=int, default=5432, help="the TCP port (default 5432)")
    for name, words in _SIMPLE_ACTIONS:
        action.add_parser(name, help=words)
    add = action.add_parser("add-workstation", help="print a one-time code for a new computer")
    add.add_argument("name", help="e.g. 'Room 2' or 'Front desk'")
    add.add_argument(
        "--front-desk", action="store_true",
        help="it may also change patients, payers, fees, users and payments",
    )  # fmt: skip
    remove = action.add_parser("remove-workstation", help="a computer may no longer connect")
    remove.add_argument("name")


def run(args: argparse.Namespace) -> int:
    folder, run_as = args.data_dir, args.run_as
    if args.action == "init":
        return _init(args)
    if args.action == "start":
        print(clinic_server.start_server(folder, run_as))
    elif args.action == "stop":
        clinic_server.cluster_in(folder, run_as).stop()
        print("The clinic server is stopped. Workstations keep timing and signing; what they "
              "sign waits on each of them and is sent when it runs again.")  # fmt: skip
    elif args.action == "status":
        print(clinic_server.cluster_in(folder, run_as).status())
    elif args.action == "backup":
        made = clinic_server.back_up_server(folder, datetime.now())
        print(f"Backed up the clinic server to {made}")
    elif args.action == "add-workstation":
        _add(args)
    elif args.action == "remove-workstation":
        clinic_server.remove_workstation(folder, args.name)
        print(f"'{args.name}' may no longer connect; what it sent is kept.")
    else:
        for name, desk, state in clinic_server.workstations(folder):
            print(f"{name:<30} {'front desk' if desk else 'treatment':<11} {state}")
    return 0


def _init(args: argparse.Namespace) -> int:
    report = clinic_server.init_server(
        args.data_dir, clinic=args.clinic, hosts=args.host, port=args.port, run_as=args.run_as
    )
    hosts = ", ".join(h for h in report.settings.hosts if h not in ("localhost", "127.0.0.1"))
    print(f"The clinic server runs on this computer ({hosts}, port {report.settings.port}); "
          f"its files are in {report.folder}.")  # fmt: skip
    print(f"Its certificate authority's fingerprint: {report.fingerprint}")
    print(f"This computer is its front desk workstation '{report.workstation}'"
          + (f"; it sent up its {report.sent} clinicians, payers, patients and users."
             if report.sent else "."))  # fmt: skip
    print("Next, for each computer: timer-app server add-workstation \"Room 1\"")
    print("Nightly backup (crontab -e): 30 2 * * * timer-app server backup")
    return 0


def _add(args: argparse.Namespace) -> int:
    enrolment = clinic_server.add_workstation(args.data_dir, args.name, desk=args.front_desk)
    host = clinic_server.this_computers_names()[0]
    print(f"On '{enrolment.workstation}', run once (the code works one time):")
    print(f"  timer-app join {host} {enrolment.code}")
    return 0
