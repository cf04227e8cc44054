"""`timer-app visits [--date DAY] [--status STATUS] [--json]`: visits with their units."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from timer_app.clinic import open_existing
from timer_app.clinic.front_desk import DeskVisit
from timer_app.commands.dates import HELP, parse_date
from timer_app.dates import show_date
from timer_app.errors import UserError
from timer_app.paths import add_data_dir
from timer_app.session.model import VisitStatus

STATUSES = ", ".join(s.value for s in VisitStatus)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--date", help=f"only this day: {HELP}")
    parser.add_argument("--status", help=f"only visits in this state: {STATUSES}")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def parse_day(text: str | None) -> date | None:
    return None if text is None else parse_date(text)


def parse_status(text: str | None) -> VisitStatus | None:
    if text is None:
        return None
    try:
        return VisitStatus(text.strip().lower())
    except ValueError:
        raise UserError(f"unknown status '{text}'; use one of {STATUSES}") from None


def as_json(item: DeskVisit) -> dict[str, Any]:
    visit, billing, fees = item.visit, item.billing, item.payer.fees if item.payer else {}
    lines = billing.lines if billing else ()
    return {
        "id": visit.id,
        "date": visit.date.isoformat(),
        "status": visit.status.value,
        "version": visit.version,
        "amends": visit.amends_id,
        "patient": {"id": item.patient.id, "name": item.patient.name,
                    "date_of_birth": item.patient.date_of_birth.isoformat()},
        "clinician": {"id": item.clinician.id, "name": item.clinician.name,
                      "credentials": item.clinician.credentials,
                      "role": item.clinician.role.value},
        "payer": None if item.payer is None else {"id": item.payer.id, "name": item.payer.name,
                                                  "profile": item.payer.profile},
        "discipline": visit.discipline.value,
        "signed_at": None if visit.signed_at is None else visit.signed_at.isoformat(),
        "running": [i.code for i in visit.intervals if i.end is None],
        "diagnoses": [d.code for d in visit.diagnoses],
        "lines": [
            {"code": line.code, "minutes": line.minutes, "seconds": line.seconds,
             "units": line.units, "modifiers": list(line.modifiers),
             "charge_cents": line.units * fees.get(line.code, 0)}
            for line in lines
        ],
        "total_timed_minutes": billing.total_timed_minutes if billing else 0,
        "total_treatment_minutes": billing.total_treatment_minutes if billing else 0,
        "total_timed_units": billing.total_timed_units if billing else 0,
        "amount_paid_cents": visit.amount_paid_cents,
        "warnings": [w.message for w in billing.warnings] if billing else [],
        "problem": item.problem,
    }  # fmt: skip


def as_table(items: list[DeskVisit]) -> str:
    header = ("Date", "Visit", "Patient", "Clinician", "Payer", "Status", "Codes (min/units)",
              "Timed", "Units")  # fmt: skip
    rows = [header, *(_row(item) for item in items)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _row(item: DeskVisit) -> tuple[str, ...]:
    visit, billing = item.visit, item.billing
    codes = (
        [f"{line.code} {line.minutes}m/{line.units}u" for line in billing.lines] if billing else []
    )
    codes += [f"{i.code} running" for i in visit.intervals if i.end is None]
    codes += [f"cannot be billed: {item.problem}"] if item.problem else []
    version = f" v{visit.version}" if visit.version > 1 else ""
    return (
        show_date(visit.date), f"{visit.id}{version}", item.patient.name,
        f"{item.clinician.name}, {item.clinician.role.value}",
        item.payer.name if item.payer else "-", visit.status.value, ", ".join(codes) or "-",
        str(billing.total_timed_minutes if billing else 0),
        str(billing.total_timed_units if billing else 0),
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    day, status = parse_day(args.date), parse_status(args.status)
    with open_existing(args.data_dir, "visits") as clinic:  # bills as the screens do (KX, CQ/CO)
        items = clinic.front_desk.find(on=day, status=status)
        clinic.store.log_access("visits listed", after={
            "day": str(day or "all"), "visits": len(items)})  # the OS account read them
    if args.json:
        print(json.dumps({"count": len(items), "visits": [as_json(i) for i in items]}, indent=2))
    elif items:
        print(as_table(items))
    else:
        print("No visits match.")
    return 0
