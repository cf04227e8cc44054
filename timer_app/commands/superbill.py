"""`timer-app superbill`: signed visits' superbills as one PDF, or on the default printer.

timer-app superbill (--visit ID | --date DAY [--to DAY])
                    (--pdf FILE [--force] | --print) [--paper letter|a4] [--data-dir DIR]

Only signed (or billed) visits are final; unsigned visits in a date range are skipped with
a line saying so, and so is a signed visit that cannot be billed (a code with no fee), with
its reason: the others are still made. It fails only when nothing could be made. A DAY is
YYYY-MM-DD, MM/DD/YYYY, 'today' or 'yesterday'. Qt is loaded only once there is something
to render.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timer_app.clinic import open_existing
from timer_app.clinic.front_desk import DeskVisit, FrontDesk, SuperbillBatch, not_final
from timer_app.commands.dates import HELP, parse_date
from timer_app.errors import UserError
from timer_app.outputs import check_target
from timer_app.paths import add_data_dir, chosen_data_dir
from timer_app.superbill import Superbill

PAPERS = ("letter", "a4")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--visit", type=_visit_id, metavar="ID", help="one visit, by its number")
    which.add_argument("--date", type=parse_date, metavar="DAY", help=f"visits of this day: {HELP}")
    parser.add_argument(
        "--to", type=parse_date, metavar="DAY", help="with --date: up to this day too"
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--pdf", type=Path, metavar="FILE", help="save one PDF, a page per visit")
    where.add_argument("--print", action="store_true", help="print on the default printer")
    parser.add_argument(
        "--force", action="store_true", help="with --pdf: replace FILE if it exists"
    )
    parser.add_argument(
        "--paper", choices=PAPERS, default="letter", help="paper size (default: letter)"
    )


def _visit_id(text: str) -> int:
    if not text.strip().isdigit():
        raise UserError(f"'{text}' is not a visit number; give the number 'timer-app visits' shows")
    return int(text)


def chosen_visits(desk: FrontDesk, args: argparse.Namespace) -> list[DeskVisit]:
    """The final visits asked for; an unsigned one named alone is refused, in a range skipped."""
    if args.visit is not None:
        if args.to is not None:
            raise UserError("--to goes with --date, not with --visit")
        item = desk.visit(args.visit)
        if not item.final:
            raise UserError(
                f"visit {item.visit.id} ({item.patient.name}) is {item.status_words.lower()}; "
                "only a signed visit has a superbill. Ask the therapist to sign it first."
            )
        return [item]
    end = args.to or args.date
    found = desk.visits(args.date, end)
    for item in not_final(found):
        print(f"Skipped {item.label}: {item.status_words.lower()}.", file=sys.stderr)
    final = [item for item in found if item.final]
    if not final:
        days = args.date.isoformat() if end == args.date else f"{args.date} to {end}"
        raise UserError(f"no signed visits on {days}; nothing to print")
    return final


def render(bills: list[Superbill], args: argparse.Namespace) -> str:
    """Qt only from here on: the PDF file or the printer; what was done, in words."""
    from timer_app.superbill.render import PaperSize, ensure_gui_app, write_pdf

    ensure_gui_app()
    paper = PaperSize(args.paper)
    pages = f"{len(bills)} superbill{'s' if len(bills) != 1 else ''}"
    if args.pdf is not None:
        write_pdf(bills, args.pdf, paper, overwrite=args.force)
        return f"Saved {pages} ({paper.value}) to {args.pdf}"
    _print(bills, paper)
    return f"Sent {pages} ({paper.value}) to the default printer"


def _print(bills: list[Superbill], paper: object) -> None:
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from timer_app.superbill.render import PaperSize, print_superbills

    default = QPrinterInfo.defaultPrinter()
    if default.isNull():
        raise UserError("no default printer is set up; save a PDF with --pdf FILE instead")
    printer = QPrinter(default, QPrinter.PrinterMode.HighResolution)
    printer.setDocName("Superbills")
    print_superbills(bills, printer, PaperSize(str(paper)))


def made_or_refused(made: SuperbillBatch, what: str) -> None:
    """Each skipped visit on its own line of stderr; a UserError when nothing was made."""
    for skipped in made.skipped:
        print(f"Skipped {skipped.words}", file=sys.stderr)
    if not made.bills:
        raise UserError(f"none of the visits could be billed, so {what}; see the reasons above")


def run(args: argparse.Namespace) -> int:
    if args.pdf is not None:  # refused before any work: the database, a folder, a file there
        check_target(args.pdf, overwrite=args.force, data_dir=chosen_data_dir(args.data_dir))
    with open_existing(args.data_dir, "superbill") as clinic:
        items = chosen_visits(clinic.front_desk, args)
        made = clinic.front_desk.batch(items)
        made_or_refused(made, "nothing was printed or saved")
        done = render(made.bills, args)
        how = "printed" if args.pdf is None else f"saved as PDF {Path(args.pdf).name}"
        clinic.front_desk.disclosed(made.visits, how)
    print(done)
    return 0
