"""The treatment time record of a visit: plain data first (`build_time_record`), HTML second
(`time_record_html`, from `resources/time_record.html`), painted by the superbills'
renderer (`timer_app.superbill.render`). No Qt here.

What Medicare's documentation asks of timed therapy (Pub. 100-02 ch. 15 s.220.3): every
code's time, the total timed minutes and the total treatment time, in the signed record. The
page lists each interval the timer kept (code, our label, start, end, minutes:seconds, who
timed it), each code's time and what it billed, the two totals, the patient, the date, the
rendering clinician and the signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from timer_app.billing import Kind, VisitBilling
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Patient, Visit
from timer_app.records.model import PLACES_OF_SERVICE
from timer_app.superbill.build import rendering_and_others
from timer_app.superbill.html import NO_VALUE, Markup, fill_from, us_date
from timer_app.superbill.model import CodeTime, TimedRow, TimeRecord, printable

TEMPLATE_FILE = "time_record.html"
__all__ = ["CodeTime", "TimeRecord", "TimedRow", "build_time_record", "time_record_html"]


def clock(seconds: int) -> str:
    """Minutes:seconds, '7:05'; an hour or more stays in minutes ('65:00')."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def _named(clinician: Clinician) -> str:
    name = printable(clinician.name)
    return f"{name}, {printable(clinician.credentials)}" if clinician.credentials else name


def _seconds(start: datetime, end: datetime, duration_ms: int) -> int:
    """The interval's measured seconds (the monotonic clock's), else its wall-clock span."""
    if duration_ms > 0:
        return duration_ms // 1000
    return max(int((end - start).total_seconds()), 0)


def _code_times(billing: VisitBilling) -> tuple[CodeTime, ...]:
    """Each code once (its CQ/CO line folded in), in the billing's order; 97129's further
    units are 97130's, with their seconds."""
    found: dict[str, CodeTime] = {}
    for line in billing.lines:
        before = found.get(line.code)
        found[line.code] = CodeTime(
            line.code, printable(line.label), line.kind is Kind.TIMED,
            line.seconds + (before.seconds if before else 0),
            line.minutes + (before.minutes if before else 0),
            (0 if line.bundled else line.units) + (before.units if before else 0),
        )  # fmt: skip
    return tuple(found.values())


def _signed_note(visit: Visit, rendering: Clinician, timezone: tzinfo | None) -> str:
    if visit.signed_at is None:
        return "Not yet signed"
    signed = visit.signed_at.astimezone(timezone)
    when = f"{us_date(signed.date())} {signed:%H:%M}"
    return f"Electronically signed by {_named(rendering)} on {when}"


def build_time_record(
    visit: Visit,
    *,
    clinic: Clinic,
    patient: Patient,
    payer_name: str,
    clinicians: Mapping[int, Clinician],
    billing: VisitBilling | None,
    timezone: tzinfo | None = None,
) -> TimeRecord:
    """The visit's time record; `timezone` shows the times (None: this computer's)."""
    if billing is None:
        raise UserError(f"visit {visit.id} has no timed codes; there is no time to record")
    labels = {line.code: printable(line.label) for line in billing.lines}
    rendering, others = rendering_and_others(visit, clinicians)
    rows = []
    for interval in sorted(visit.intervals, key=lambda i: i.start):
        if interval.end is None:
            continue  # still running: not billed, not recorded yet
        who = clinicians.get(interval.clinician_id)
        rows.append(TimedRow(
            interval.code, labels.get(interval.code, ""),
            f"{interval.start.astimezone(timezone):%H:%M:%S}",
            f"{interval.end.astimezone(timezone):%H:%M:%S}",
            _seconds(interval.start, interval.end, interval.duration_ms),
            _named(who) if who else f"clinician {interval.clinician_id}",
        ))  # fmt: skip
    place_code = printable(visit.place_of_service or clinic.place_of_service)
    place = " – ".join(p for p in (place_code, PLACES_OF_SERVICE.get(place_code, "")) if p)
    return TimeRecord(
        visit_id=str(visit.id),
        date_of_service=visit.date,
        place_of_service=f"{place}, by telephone only" if visit.audio_only else place,
        clinic_name=printable(clinic.name),
        patient_name=printable(patient.name),
        patient_dob=patient.date_of_birth,
        patient_account=printable(patient.medical_record_number),
        payer_name=printable(payer_name) or "Self-pay",
        clinician=_named(rendering),
        others=", ".join(_named(other) for other in others),
        rows=tuple(rows),
        codes=_code_times(billing),
        total_timed_minutes=billing.total_timed_minutes,
        total_treatment_minutes=billing.total_treatment_minutes,
        signed_note=_signed_note(visit, rendering, timezone),
    )


# --- the page --------------------------------------------------------------------------------


def _fill(template: str, /, **values: object) -> Markup:
    return fill_from(TEMPLATE_FILE, template, **values)


def _minutes(count: int) -> str:
    return f"{count} min"


def _interval_row(row: TimedRow) -> Markup:
    return _fill(
        "interval_row", code=row.code, label=row.label or NO_VALUE, start=row.start,
        end=row.end, time=clock(row.seconds), who=row.who,
    )  # fmt: skip


def _code_row(code: CodeTime) -> Markup:
    return _fill(
        "code_row", code=code.code, label=code.label or NO_VALUE,
        kind="Timed" if code.timed else "Untimed", time=clock(code.seconds),
        minutes=code.minutes, units=code.units,
    )  # fmt: skip


def time_record_html(record: TimeRecord) -> str:
    """The whole page of one visit's time record."""
    rows = [_interval_row(row) for row in record.rows] or [_fill("no_interval_row")]
    others = _fill("others", names=record.others) if record.others else Markup("")
    return _fill(
        "page",
        visit_id=record.visit_id,
        date_of_service=us_date(record.date_of_service),
        place_of_service=record.place_of_service,
        clinic_name=record.clinic_name,
        patient_name=record.patient_name,
        patient_dob=us_date(record.patient_dob),
        patient_account=record.patient_account or NO_VALUE,
        payer_name=record.payer_name,
        clinician=record.clinician,
        others=others,
        interval_rows=Markup("\n".join(rows)),
        code_rows=Markup("\n".join(_code_row(code) for code in record.codes)),
        total_timed_minutes=_minutes(record.total_timed_minutes),
        total_treatment_minutes=_minutes(record.total_treatment_minutes),
        signed_note=record.signed_note,
    )
