"""Rows to records and back: the one place that knows how values are spelled on disk."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlite_utils.db import Table

from timer_app.billing import Discipline
from timer_app.errors import UserError
from timer_app.records import Clinician, Diagnosis, Role, Visit
from timer_app.records.model import SignedLine
from timer_app.session.model import Interval, VisitStatus

Row = dict[str, Any]


def utc_text(moment: datetime) -> str:
    """Fixed-width UTC text, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime reached the store; times must carry their zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def utc_from(text: str | None) -> datetime | None:
    """A stored UTC time; one without its zone (written by another tool) is refused."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"'{text}' has no time zone")
    return moment


class StoredDataError(UserError):
    """A value in the file that this program did not write and cannot read."""


@contextmanager
def reading(what: str, row: Row) -> Iterator[None]:
    """Turn a value another tool wrote in the wrong shape into words naming the record."""
    try:
        yield
    except (ValueError, TypeError, KeyError) as error:
        raise StoredDataError(
            f"{what} {row.get('id', '')} holds a value this program cannot read ({error}). "
            "It was changed outside Therapy Timer (a database tool?): correct it there in "
            "the program's own format (dates YYYY-MM-DD, times in UTC with their zone, e.g. "
            "2026-11-30T15:00:00+00:00), or restore the latest backup. Nothing was changed."
        ) from None


def interval_row(interval: Interval) -> Row:
    return {
        "id": interval.id,
        "visit_id": interval.visit_id,
        "code": interval.code,
        "clinician_id": interval.clinician_id,
        "start": utc_text(interval.start),
        "end": None if interval.end is None else utc_text(interval.end),
        "duration_ms": interval.duration_ms,
    }


def interval_from(row: Row) -> Interval:
    with reading("interval", row):
        return _interval(row)


def _interval(row: Row) -> Interval:
    return Interval(
        id=row["id"],
        visit_id=row["visit_id"],
        code=row["code"],
        clinician_id=row["clinician_id"],
        start=_utc(row["start"]),
        end=utc_from(row["end"]),
        duration_ms=row["duration_ms"],
    )


def clinician_from(row: Row) -> Clinician:
    return Clinician(
        id=row["id"],
        name=row["name"],
        credentials=row["credentials"],
        npi=row["npi"],
        discipline=Discipline(row["discipline"]),
        role=Role(row["role"]),
        favourite_codes=tuple(json.loads(row["favourite_codes"])),
        active=bool(row["active"]),
    )


def pointers_text(pointers: Mapping[str, tuple[int, ...]]) -> str:
    return json.dumps({code: list(slots) for code, slots in pointers.items()}, sort_keys=True)


def signed_lines_text(lines: tuple[SignedLine, ...]) -> str | None:
    return json.dumps([[c, list(m), u, n] for c, m, u, n in lines]) if lines else None


def signed_lines_from(text: str | None) -> tuple[SignedLine, ...]:
    if not text:
        return ()
    return tuple((str(c), tuple(m), int(u), int(n)) for c, m, u, n in json.loads(text))


def units_text(units: Mapping[str, int] | None) -> str | None:
    return None if units is None else json.dumps(dict(units), sort_keys=True)


def visit_from(
    row: Row, diagnoses: tuple[Diagnosis, ...], intervals: tuple[Interval, ...]
) -> Visit:
    with reading("visit", row):
        return _visit(row, diagnoses, intervals)


def _utc(text: str) -> datetime:
    moment = utc_from(text)
    if moment is None:
        raise ValueError("a time is missing")
    return moment


def _visit(
    row: Row, diagnoses: tuple[Diagnosis, ...], intervals: tuple[Interval, ...]
) -> Visit:
    chosen = row["chosen_units"]
    return Visit(
        id=row["id"],
        patient_id=row["patient_id"],
        clinician_id=row["clinician_id"],
        date=date.fromisoformat(row["date"]),
        payer_id=row["payer_id"],
        discipline=Discipline(row["discipline"]),
        status=VisitStatus(row["status"]),
        signed_by=row["signed_by"],
        signed_at=utc_from(row["signed_at"]),
        signed_digest=row["signed_digest"],
        signed_workstation=row["signed_workstation"] or "",
        signed_lines=signed_lines_from(row["signed_lines"]),
        version=row["version"],
        amends_id=row["amends_id"],
        chosen_units=None if chosen is None else dict(json.loads(chosen)),
        diagnosis_pointers={
            code: tuple(slots) for code, slots in json.loads(row["diagnosis_pointers"]).items()
        },
        shared_minutes_to=tuple(json.loads(row["shared_minutes_to"])),
        amount_paid_cents=row["amount_paid_cents"],
        diagnoses=diagnoses,
        intervals=intervals,
        revision=row["revision"],
        episode_id=row["episode_id"],
        place_of_service=row["place_of_service"],
        audio_only=bool(row["audio_only"]),
        progress_report=bool(row["progress_report"]),
        billing_payer_id=row["billing_payer_id"],
    )


def json_or_none(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)


def inserted_id(table: Table) -> int:
    """The integer key of the row `table.insert(...)` just wrote."""
    key = table.last_rowid
    if key is None:
        raise RuntimeError(f"no row was inserted into {table.name}")
    return key
