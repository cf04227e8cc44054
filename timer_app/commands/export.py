"""`timer-app export --from DAY --to DAY --csv FILE [--force]`: claim lines for a billing service.

One row per charged line of every signed or billed visit in the range (dates inclusive);
unsigned visits are not claims yet and are skipped with a line saying so, as is a signed
visit that cannot be billed (with its reason); it fails only when nothing could be made. The file is
written whole or not at all (`timer_app.outputs`); an existing one is replaced only with
--force, and never the database or a file in the data folder. No Qt.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from timer_app.clinic import open_existing
from timer_app.clinic.front_desk import not_final
from timer_app.commands.dates import parse_date
from timer_app.commands.superbill import made_or_refused
from timer_app.errors import UserError
from timer_app.outputs import check_target, write_bytes
from timer_app.paths import add_data_dir, chosen_data_dir
from timer_app.superbill.export import write_claims


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "--from", dest="start", type=parse_date, required=True, metavar="DAY",
        help="first day of service",
    )  # fmt: skip
    parser.add_argument(
        "--to", dest="end", type=parse_date, required=True, metavar="DAY",
        help="last day of service (inclusive)",
    )  # fmt: skip
    parser.add_argument("--csv", type=Path, required=True, metavar="FILE", help="file to write")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    data = chosen_data_dir(args.data_dir)
    target = check_target(args.csv, overwrite=args.force, data_dir=data)  # before any work
    with open_existing(args.data_dir, "export") as clinic:
        desk = clinic.front_desk
        found = desk.visits(args.start, args.end)
        for item in not_final(found):
            print(f"Skipped {item.label}: {item.status_words.lower()}.", file=sys.stderr)
        final = [item for item in found if item.final]
        if not final:
            raise UserError(f"no signed visits from {args.start} to {args.end}; nothing to export")
        made = desk.batch(final)
        made_or_refused(made, "nothing was exported")
        text = io.StringIO()  # made whole in memory (as `claims_csv` does), counted on the way
        rows = write_claims(made.bills, text)
        write_bytes(target, text.getvalue().encode("utf-8"), overwrite=args.force)
        desk.disclosed(made.visits, f"claims exported to {args.csv.name}")
    print(f"Wrote {rows} claim lines from {len(made.bills)} visits to {args.csv}")
    return 0
