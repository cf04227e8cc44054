"""The treatment time record: its data exactly, its page read back from the PDF, and the
superbill batch with a time record after each superbill; the visit's place of service on
the superbill and in the CSV; the authorization line."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.superbill.pdf_tools import page_count, pdf_text
from tests.superbill.samples import (
    ASSISTANT,
    CLINIC,
    CLINICIAN,
    FEES,
    PATIENT,
    VISIT,
    medicare,
    superbill,
)
from timer_app.billing import TimedInterval, VisitBilling, bill_visit, load_catalog
from timer_app.errors import UserError
from timer_app.records import Payer, Visit
from timer_app.session.model import Interval
from timer_app.superbill import Superbill, claims_csv, superbill_html
from timer_app.superbill.build import build_superbill
from timer_app.superbill.export import HEADER
from timer_app.superbill.render import write_pdf
from timer_app.superbill.time_record import (
    CodeTime,
    TimedRow,
    TimeRecord,
    build_time_record,
    clock,
    time_record_html,
)
from timer_app.superbill.time_record_render import write_time_record_pdf

pytestmark = pytest.mark.usefixtures("qapp")

T0 = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 15:00 UTC; the samples print in UTC
CLINICIANS = {c.id: c for c in (CLINICIAN, ASSISTANT)}
LABEL = {code: load_catalog()[code].label for code in ("97110", "97140", "97010")}


def _interval(n: int, code: str, who: int, start: float, seconds: int) -> Interval:
    begins = T0 + timedelta(minutes=start)
    return Interval(f"{n:032x}", VISIT.id, code, who, begins,
                    begins + timedelta(seconds=seconds), seconds * 1000)  # fmt: skip


# 97110: 20:30 by the PT, then 12:45 by the PTA; 97140 7:10 by the PT; a hot pack 10:00
INTERVALS = (
    _interval(1, "97110", CLINICIAN.id, 0, 20 * 60 + 30),
    _interval(2, "97140", CLINICIAN.id, 21, 7 * 60 + 10),
    _interval(3, "97110", ASSISTANT.id, 29, 12 * 60 + 45),
    _interval(4, "97010", ASSISTANT.id, 42, 10 * 60),
)


def timed_visit(place: str = "11", audio_only: bool = False) -> tuple[Visit, VisitBilling]:
    visit = replace(VISIT, intervals=INTERVALS, place_of_service=place, audio_only=audio_only)
    timed = [
        TimedInterval(i.code, i.start, i.end, i.clinician_id == ASSISTANT.id, str(i.clinician_id))
        for i in INTERVALS
        if i.end is not None
    ]
    billing = bill_visit(
        visit.code_seconds(), medicare(), visit.discipline, intervals=timed, fees=FEES,
        on=visit.date, place_of_service=place, audio_only=audio_only,
    )  # fmt: skip
    return visit, billing


def record(place: str = "11") -> TimeRecord:
    visit, billing = timed_visit(place)
    return build_time_record(
        visit, clinic=CLINIC, patient=PATIENT, payer_name="Medicare Part B",
        clinicians=CLINICIANS, billing=billing, timezone=UTC,
    )  # fmt: skip


def telehealth_bill(audio_only: bool = False) -> Superbill:
    visit, billing = timed_visit("10", audio_only)
    return build_superbill(
        visit, clinic=CLINIC, patient=PATIENT, payer=Payer(5, "Medicare Part B", "Medicare", FEES),
        clinicians=CLINICIANS, billing=billing, timezone=UTC,
    )  # fmt: skip


# --- the data ----------------------------------------------------------------------------------


def test_every_interval_with_its_times_minutes_seconds_and_who() -> None:
    assert record().rows == (
        TimedRow("97110", LABEL["97110"], "15:00:00", "15:20:30",
                 1230, "Jordan Lee, PT, DPT"),
        TimedRow("97140", LABEL["97140"], "15:21:00", "15:28:10", 430,
                 "Jordan Lee, PT, DPT"),
        TimedRow("97110", LABEL["97110"], "15:29:00", "15:41:45",
                 765, "Sam Ortiz, PTA"),
        TimedRow("97010", LABEL["97010"], "15:42:00", "15:52:00", 600, "Sam Ortiz, PTA"),
    )  # fmt: skip


def test_each_code_in_all_and_the_two_totals() -> None:
    made = record()
    by_code = {c.code: c for c in made.codes}
    # 33:15 of 97110 is 33 minutes, 7:10 of 97140 is 7: 40 timed minutes pool to 3 units
    assert (by_code["97110"].seconds, by_code["97110"].minutes, by_code["97110"].units) == (
        1995, 33, 2)  # fmt: skip
    assert (by_code["97140"].minutes, by_code["97140"].units) == (7, 1)
    assert by_code["97010"] == CodeTime("97010", by_code["97010"].label, False, 600, 10, 0)
    assert (made.total_timed_minutes, made.total_treatment_minutes) == (40, 50)
    assert made.clinician == "Jordan Lee, PT, DPT"
    assert made.others == "Sam Ortiz, PTA"
    assert made.signed_note == "Electronically signed by Jordan Lee, PT, DPT on 11/20/2026 22:00"
    assert made.place_of_service == "11 – Office"


def test_minutes_and_seconds() -> None:
    assert [clock(s) for s in (0, 59, 60, 430, 3900)] == ["0:00", "0:59", "1:00", "7:10", "65:00"]


def test_a_visit_with_nothing_timed_has_no_record() -> None:
    with pytest.raises(UserError, match="no timed codes"):
        build_time_record(VISIT, clinic=CLINIC, patient=PATIENT, payer_name="",
                          clinicians=CLINICIANS, billing=None)  # fmt: skip


def test_a_running_interval_is_left_out() -> None:
    visit, billing = timed_visit()
    running = replace(INTERVALS[0], id=f"{9:032x}", end=None, duration_ms=0)
    made = build_time_record(
        replace(visit, intervals=(*INTERVALS, running)), clinic=CLINIC, patient=PATIENT,
        payer_name="", clinicians=CLINICIANS, billing=billing, timezone=UTC,
    )  # fmt: skip
    assert len(made.rows) == 4
    assert made.payer_name == "Self-pay"


def test_the_page_escapes_names_and_fills_every_placeholder() -> None:
    made = replace(record(), patient_name="<b>Bobby</b>")
    page = time_record_html(made)
    assert "<b>Bobby</b>" not in page and "&lt;b&gt;Bobby&lt;/b&gt;" in page
    assert re.search(r"\$[A-Za-z_{]", page) is None


# --- the page, read back -----------------------------------------------------------------------


def test_the_time_record_pdf_holds_the_intervals_and_the_totals(tmp_path: Path) -> None:
    path = tmp_path / "record.pdf"
    write_time_record_pdf(record("10"), path)
    text = pdf_text(path)
    assert page_count(path) == 1
    assert "TREATMENT TIME RECORD" in text
    assert re.search(r"97110 .* +15:00:00 +15:20:30 +20:30 +Jordan Lee, PT, DPT", text)
    assert re.search(r"97110 .*15:29:00 +15:41:45 +12:45 +Sam Ortiz, PTA", text)
    assert re.search(r"97010 .*15:42:00 +15:52:00 +10:00 +Sam Ortiz, PTA", text)
    assert re.search(r"97110 .*Timed +33:15 +33 +2", text)
    assert re.search(r"97010 .*Untimed +10:00 +10 +0", text)
    assert re.search(r"Total timed minutes +40 min", text)
    assert re.search(r"Total treatment time +50 min", text)
    assert "Maria Lopez" in text and "03/14/1958" in text and "11/20/2026" in text
    words = " ".join(text.split())
    assert "Place of service 10 – Telehealth in" in text and "patient's home" in text
    assert "Electronically signed by Jordan Lee, PT, DPT on 11/20/2026 22:00" in words


def test_with_the_owners_choice_the_batch_has_two_pages_per_visit(tmp_path: Path) -> None:
    made = record()
    bills = [replace(superbill(visit=replace(VISIT, id=3000 + n)), time_record=made)
             for n in range(3)]  # fmt: skip
    path = tmp_path / "batch.pdf"
    seen: list[tuple[int, int]] = []
    assert write_pdf(bills, path, progress=lambda done, total: seen.append((done, total)))
    assert page_count(path) == 6
    assert seen[-1] == (3, 3)
    pages = pdf_text(path).split("\f")
    assert ["SUPERBILL" in p for p in pages[:6]] == [True, False] * 3
    assert ["TREATMENT TIME RECORD" in p for p in pages[:6]] == [False, True] * 3
    without = tmp_path / "plain.pdf"
    write_pdf([superbill()], without)
    assert page_count(without) == 1


# --- the visit's place of service, the authorization -------------------------------------------


def test_the_superbill_prints_the_visits_place_of_service() -> None:
    bill = telehealth_bill()
    assert bill.place_of_service == "10"
    assert "Place of service 10 – Telehealth in patient&#x27;s home" in superbill_html(bill)
    assert {line.modifiers for line in bill.lines} >= {("GP", "95")}
    by_phone = telehealth_bill(audio_only=True)
    assert "Telehealth in patient&#x27;s home, by telephone only" in superbill_html(by_phone)
    assert superbill().place_of_service == "11"


def test_a_visit_without_a_place_falls_back_to_the_clinics() -> None:
    visit, billing = timed_visit()
    bill = build_superbill(
        replace(visit, place_of_service=""), clinic=replace(CLINIC, place_of_service="22"),
        patient=PATIENT, payer=Payer(5, "Medicare Part B", "Medicare", FEES),
        clinicians=CLINICIANS, billing=billing, timezone=UTC,
    )  # fmt: skip
    assert bill.place_of_service_words == "22 – On-campus outpatient hospital"


def test_the_csv_carries_the_visits_place_of_service_in_its_old_column() -> None:
    assert HEADER[5] == "place_of_service"
    rows = claims_csv([telehealth_bill()]).splitlines()
    cells = [row.split(",") for row in rows[1:]]
    assert {c[5] for c in cells} == {"10"}
    assert {c[7] for c in cells} >= {"GP 95"}


def test_the_authorization_line_and_its_number(tmp_path: Path) -> None:
    bill = replace(
        superbill(), authorization="Authorization: 5 of 12 visits used, 7 left; until 01/31/2027",
        authorization_reference="AUTH-7731",
    )  # fmt: skip
    path = tmp_path / "auth.pdf"
    write_pdf([bill], path)
    text = pdf_text(path)
    assert re.search(r"Authorization: 5 of 12 visits used, 7 left; until 01/31/2027 +· +"
                     r"Authorization no\. AUTH-7731", text)  # fmt: skip
    assert "Authorization" not in superbill_html(superbill())
