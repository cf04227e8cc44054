"""Rows to records and back on the clinic server: dates and times are the server's own
types (UTC-aware datetimes both ways); the choices kept as JSON text are spelled exactly
as the workstation's file spells them, so a visit reads the same wherever it is kept."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from timer_app.billing import Discipline
from timer_app.records import Clinician, Diagnosis, Patient, Role, Visit
from timer_app.records.model import SignedLine, claim_fields
from timer_app.session.model import Interval, VisitStatus
from timer_app.store.postgres.database import Row


def utc(moment: datetime) -> datetime:
    """A time as the server keeps it; a naive one is a mistake, never a guess."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime reached the store; times must carry their zone")
    return moment.astimezone(UTC)


def utc_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else utc(moment)


def utc_text(moment: datetime) -> str:
    """Fixed-width UTC text: how a time enters a hash."""
    return utc(moment).isoformat(timespec="microseconds")


def json_or_none(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)


def pointers_text(pointers: Mapping[str, tuple[int, ...]]) -> str:
    return json.dumps({code: list(slots) for code, slots in pointers.items()}, sort_keys=True)


def units_text(units: Mapping[str, int] | None) -> str | None:
    return None if units is None else json.dumps(dict(units), sort_keys=True)


def signed_lines_text(lines: tuple[SignedLine, ...]) -> str | None:
    return json.dumps([[c, list(m), u, n] for c, m, u, n in lines]) if lines else None


def signed_lines_from(text: str | None) -> tuple[SignedLine, ...]:
    if not text:
        return ()
    return tuple((str(c), tuple(m), int(u), int(n)) for c, m, u, n in json.loads(text))


def diagnoses_from(pairs: list[list[str]] | None) -> tuple[Diagnosis, ...]:
    """The diagnoses a query gathered as [[code, description], ...] in slot order."""
    return tuple(Diagnosis(code, description) for code, description in pairs or ())


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


def patient_from(row: Row) -> Patient:
    return Patient(
        id=row["id"],
        name=row["name"],
        date_of_birth=row["date_of_birth"],
        address=row["address"],
        medical_record_number=row["medical_record_number"],
        payer_id=row["payer_id"],
        member_id=row["member_id"],
        diagnoses=diagnoses_from(row["diagnosis_list"]),
        **claim_fields(row),
    )


def interval_row(interval: Interval) -> Row:
    return {
        "id": interval.id,
        "visit_id": interval.visit_id,
        "code": interval.code,
        "clinician_id": interval.clinician_id,
        "start": utc(interval.start),
        "end": utc_or_none(interval.end),
        "duration_ms": interval.duration_ms,
    }


def interval_from(row: Row) -> Interval:
    return Interval(
        id=row["id"],
        visit_id=row["visit_id"],
        code=row["code"],
        clinician_id=row["clinician_id"],
        start=utc(row["start"]),
        end=utc_or_none(row["end"]),
        duration_ms=row["duration_ms"],
    )


def visit_columns(visit: Visit) -> Row:
    """The visit row's columns a write may change, as the server keeps them."""
    return {
        "status": visit.status.value,
        "signed_by": visit.signed_by,
        "signed_at": utc_or_none(visit.signed_at),
        "signed_digest": visit.signed_digest,
        "signed_workstation": visit.signed_workstation or None,
        "signed_lines": signed_lines_text(visit.signed_lines),
        "chosen_units": units_text(visit.chosen_units),
        "diagnosis_pointers": pointers_text(visit.diagnosis_pointers),
        "shared_minutes_to": json.dumps(list(visit.shared_minutes_to)),
        "episode_id": visit.episode_id,
        "place_of_service": visit.place_of_service,
        "audio_only": visit.audio_only,
        "progress_report": visit.progress_report,
        "billing_payer_id": visit.billing_payer_id,
    }


def visit_from(row: Row, intervals: tuple[Interval, ...]) -> Visit:
    chosen = row["chosen_units"]
    return Visit(
        id=row["id"],
        patient_id=row["patient_id"],
        clinician_id=row["clinician_id"],
        date=row["date"],
        payer_id=row["payer_id"],
        discipline=Discipline(row["discipline"]),
        status=VisitStatus(row["status"]),
        signed_by=row["signed_by"],
        signed_at=utc_or_none(row["signed_at"]),
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
        diagnoses=diagnoses_from(row["diagnosis_list"]),
        intervals=intervals,
        revision=row["revision"],
        episode_id=row["episode_id"],
        place_of_service=row["place_of_service"],
        audio_only=row["audio_only"],
        progress_report=row["progress_report"],
        billing_payer_id=row["billing_payer_id"],
    )
