"""`timer-app units`: minutes per code in, billable units out (table or JSON)."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import Any

from timer_app.billing import (
    Discipline,
    VisitBilling,
    bill_visit,
    find_profile,
    load_catalog,
    profile_for_rule,
)
from timer_app.billing.durations import parse_entry
from timer_app.billing.profiles import PayerProfile, parse_rule
from timer_app.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rule", help="cms (pooled 8-minute rule, the default) or ama (per code)")
    parser.add_argument("--payer", help="a payer profile, e.g. Medicare or 'Commercial (AMA)'")
    parser.add_argument("--discipline", help="PT, OT or SLP (sets GP/GO/GN)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "entries", nargs="*", metavar="CODE=DURATION", help="minutes (33) or minutes:seconds (7:59)"
    )


def _profile(rule: str | None, payer: str | None) -> PayerProfile:
    if payer is None:
        return profile_for_rule(rule or "cms")
    profile = find_profile(payer)
    return profile if rule is None else replace(profile, rule=parse_rule(rule))


def _discipline(text: str | None) -> Discipline | None:
    if text is None:
        return None
    try:
        return Discipline(text.strip().upper())
    except ValueError:
        raise UserError(f"unknown discipline '{text}'; use PT, OT or SLP") from None


def as_json(billing: VisitBilling) -> dict[str, Any]:
    return {
        "rule": billing.rule.value,
        "payer": billing.payer,
        "discipline": billing.discipline.value,
        "total_timed_minutes": billing.total_timed_minutes,
        "total_treatment_minutes": billing.total_treatment_minutes,
        "total_timed_units": billing.total_timed_units,
        "lines": [
            {
                "code": line.code,
                "label": line.label,
                "kind": line.kind.value,
                "seconds": line.seconds,
                "minutes": line.minutes,
                "units": line.units,
                "modifiers": list(line.modifiers),
                "bundled": line.bundled,
            }
            for line in billing.lines
        ],
        "explanation": list(billing.explanation),
        "warnings": [
            {"kind": w.kind.value, "message": w.message, "codes": list(w.codes)}
            for w in billing.warnings
        ],
        "alternatives": [dict(option) for option in billing.alternatives],
    }


def as_text(billing: VisitBilling) -> str:
    catalog = load_catalog()
    rows = [("Code", "Service", "Minutes", "Units", "Modifiers")]
    rows += [
        (
            line.code,
            catalog[line.code].tile,
            f"{line.minutes}" if line.kind == "timed" else f"{line.minutes} (untimed)",
            str(line.units),
            " ".join(line.modifiers),
        )
        for line in billing.lines
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    table = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    out = [*table, ""]
    out.append(
        f"Total timed minutes {billing.total_timed_minutes}, total treatment time "
        f"{billing.total_treatment_minutes} minutes, timed units {billing.total_timed_units}."
    )
    out += ["", "Why:", *(f"  {sentence}" for sentence in billing.explanation)]
    if billing.warnings:
        out += ["", "Check:", *(f"  ! {w.message}" for w in billing.warnings)]
    if billing.alternatives:
        out += ["", "Legal answers (the first is billed):"]
        out += [
            "  " + ", ".join(f"{code} x{units}" for code, units in option.items())
            for option in billing.alternatives
        ]
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    if not args.entries:
        raise UserError("no codes given; give CODE=DURATION pairs, e.g. 97110=33 97140=7")
    profile = _profile(args.rule, args.payer)
    entries = [parse_entry(text) for text in args.entries]
    billing = bill_visit(entries, profile, _discipline(args.discipline))
    print(json.dumps(as_json(billing), indent=2) if args.json else as_text(billing))
    return 0
