"""`timer-app bill [--json] FILE`: bill one visit file (`-`: standard input), no database.

The public way to check the rules engine without the window: the visit's intervals, who
timed them and its payer in; the claim lines, the explanation and the warnings out, as
`timer-app units` prints them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from timer_app.billing.visit_file import parse_visit_file
from timer_app.commands.units import as_json, as_text
from timer_app.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a visit file (JSON); - reads standard input")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"there is no file {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path} cannot be read: {error}") from None


def run(args: argparse.Namespace) -> int:
    visit = parse_visit_file(_read(args.file), date.today())
    billing = visit.bill()
    print(json.dumps(as_json(billing), indent=2) if args.json else as_text(billing))
    return 0
