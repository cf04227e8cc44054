"""The one command, `timer-app`: no sub-command opens the window, a sub-command works headless.

Each sub-command lives in its own module under `timer_app.commands` and is imported only
when it is asked for, so `timer-app units` never loads Qt.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Protocol

from timer_app.errors import UserError, database_trouble
from timer_app.paths import add_data_dir

# name -> (module, one-line summary shown by --help)
COMMANDS: dict[str, tuple[str, str]] = {
    "units": ("timer_app.commands.units", "turn minutes per code into billable units"),
    "bill": ("timer_app.commands.bill", "bill one visit file (JSON) without the database"),
    "demo": ("timer_app.commands.demo", "fill an empty database with a demo clinic"),
    "visits": ("timer_app.commands.visits", "list visits"),
    "backup": ("timer_app.commands.backup", "copy the database to a backup file"),
    "restore": ("timer_app.commands.restore", "replace the database with a backup file"),
    "superbill": ("timer_app.commands.superbill", "print superbills or save them as PDF"),
    "export": ("timer_app.commands.export", "export claim lines as CSV"),
    "rules": ("timer_app.commands.rules", "the rules in force; import CMS's NCCI edit table"),
    "verify": ("timer_app.commands.verify", "find signed visits or audit rows changed outside"),
    "server": ("timer_app.commands.server", "the clinic server for several computers"),
    "join": ("timer_app.commands.join", "make this computer a workstation of the clinic server"),
}


class Command(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage on one line and exits 2, without the usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{message} (see '{self.prog} --help')")


class _VersionAction(argparse.Action):
    """--version, with the version looked up only when asked (start-up stays quick)."""

    def __init__(self, option_strings: list[str], dest: str, **_: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import timer_app

        parser.exit(message=f"timer-app {timer_app.__version__}\n")


def _top_parser() -> argparse.ArgumentParser:
    lines = "\n".join(f"  {name:<10} {summary}" for name, (_, summary) in COMMANDS.items())
    parser = _Parser(
        prog="timer-app",
        description="Therapy session timer and coder. With no command, opens the window.",
        epilog=f"commands:\n{lines}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    add_data_dir(parser)
    return parser


def _data_dir_first(argv: list[str]) -> list[str]:
    """`timer-app --data-dir DIR demo` means `timer-app demo --data-dir DIR`."""
    if len(argv) >= 3 and argv[0] == "--data-dir" and argv[2] in COMMANDS:
        return [argv[2], *argv[:2], *argv[3:]]
    if argv and argv[0].startswith("--data-dir=") and len(argv) >= 2 and argv[1] in COMMANDS:
        return [argv[1], argv[0], *argv[2:]]
    return argv


def _run(argv: list[str]) -> int:
    argv = _data_dir_first(argv)
    if argv and argv[0] in COMMANDS:
        module_name, summary = COMMANDS[argv[0]]
        command: Command = importlib.import_module(module_name)
        parser = _Parser(prog=f"timer-app {argv[0]}", description=summary)
        command.add_arguments(parser)
        return command.run(parser.parse_args(argv[1:]))
    args = _top_parser().parse_args(argv)
    from timer_app.app import run_window  # Qt only loads for the window

    return run_window(data_dir=args.data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        status = _run(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # a reader that went away is met here, not at exit
        return status
    except UserError as error:
        print(f"timer-app: {error.message}", file=sys.stderr)
        return error.exit_status
    except sqlite3.DatabaseError as error:  # met while reading: damage the quick check missed
        print(f"timer-app: {database_trouble('the database', error, 'it was read')}",
              file=sys.stderr)  # fmt: skip
        return UserError.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `timer-app units ... | head`: the reader had enough
        _quiet_stdout()
        return 141  # as a program killed by SIGPIPE ends


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
