"""`timer-app rules`: the rules in force and where each comes from;
`timer-app rules import-ncci FILE [--quarter 2026Q4]`: CMS's practitioner PTP edit table.

CMS publishes the table every quarter (tab-separated text; its columns: Column 1, Column 2,
in existence before 1996, Effective Date, Deletion Date, Modifier Indicator, PTP Edit
Rationale). The pairs among the clinic's codes are kept in its database and used from then
on, in place of the starter list shipped with the program.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from timer_app.clinic import open_existing
from timer_app.clinic.rules import EditTable, RulesReport
from timer_app.errors import UserError
from timer_app.paths import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", metavar="import-ncci")
    imported = actions.add_parser(
        "import-ncci", help="read CMS's quarterly practitioner PTP edit table (tab-separated)"
    )
    imported.add_argument("file", metavar="FILE", help="the table, as CMS publishes it")
    imported.add_argument("--quarter", help="the table's quarter, e.g. 2026Q4 (default: from "
                          "the file name)")  # fmt: skip
    # the option works after the action too; SUPPRESS keeps one given before it
    imported.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                          help="folder holding the database")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    importing = args.action == "import-ncci"
    command = "rules import-ncci" if importing else "rules"
    with open_existing(args.data_dir, command, read_only=not importing) as clinic:
        if importing:
            print(_imported(clinic.rules.import_ncci(
                _lines(Path(args.file).expanduser()), Path(args.file), datetime.now(UTC),
                args.quarter,
            )))  # fmt: skip
        else:
            print(_report(clinic.rules.report()))
    return 0


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        raise UserError(f"there is no file {path}") from None
    except OSError as error:
        raise UserError(f"{path} cannot be read: {error}") from None


def _imported(edits: EditTable) -> str:
    return (
        f"Imported {edits.pairs} edit pairs among this clinic's codes from {edits.source} "
        f"({edits.quarter}); {edits.in_force_today} are in force today. They are used from now on."
    )


def _report(report: RulesReport) -> str:
    lines = ["Shipped rule files:"]
    for source in report.files:
        lines.append(
            f"  {source.file}: version {source.version}, {source.effective_from} to "
            f"{source.effective_to}"
        )
        lines.append(f"    source: {source.source}")
    edits = report.edits
    since = f", imported {edits.imported_at:%Y-%m-%d}" if edits.imported_at else ""
    lines += [
        "NCCI edit pairs:",
        f"  {edits.pairs} pairs from {edits.source}{since}; quarter {edits.quarter}; "
        f"{edits.in_force_today} in force today",
        f"Medicare KX thresholds known for: {', '.join(map(str, report.kx_years))}",
        f"The rules cover visits to {report.covered_until}; later visits are warned.",
    ]
    return "\n".join(lines)
