"""The day sheet and the month summary: their figures exact, their PDF read back with
poppler, every page's heading, and each one's leaving the program audited."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.clinic.conftest import CLINIC_TZ
from tests.clinic.reports_data import START, TODAY, fill_reports_clinic, seed_reports_clinic
from tests.superbill.pdf_tools import page_count, pdf_text
from timer_app.clinic import ClinicServices
from timer_app.clinic.reports import DAY_SHEET_DISCLOSED, MONTH_SUMMARY_PRINTED
from timer_app.session import FakeClock
from timer_app.store import MemoryStore
from timer_app.superbill.day_sheet import DaySheetVisit, MethodTotal, Totals, day_sheet_html
from timer_app.superbill.day_sheet_render import write_sheet_pdf

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def clinic() -> ClinicServices:
    clock = FakeClock(START)
    store = MemoryStore(clock)
    seed_reports_clinic(store)
    services = ClinicServices(store, clock, CLINIC_TZ)
    services.ids = fill_reports_clinic(services, clock)  # type: ignore[attr-defined]
    return services


def test_the_day_sheet_figures(clinic: ClinicServices) -> None:
    ids = clinic.ids  # type: ignore[attr-defined]
    sheet = clinic.reports.day_sheet(TODAY)
    assert sheet.visits == (
        DaySheetVisit(ids["v4"], "Lopez, Maria", "Priya Natarajan", "Medicare", "Signed",
                      "92507 GN", 1, None, 1000),
        DaySheetVisit(ids["v5"], "Chen, Tom", "Dana Reyes", "Medicare", "Signed",
                      "97110 GP KX", 1, 3150, 2500),
        DaySheetVisit(ids["open"], "Kim, Ana", "Dana Reyes", "Blue Cross", "Being timed", "",
                      0, 0, 0),
    )  # fmt: skip
    assert sheet.by_clinician == (
        Totals("Dana Reyes", visits=2, units=1, charged_cents=3150, paid_cents=2500),
        Totals("Priya Natarajan", 1, 1, 0, 1000, unpriced=1),
    )
    assert sheet.by_method == (
        MethodTotal("Check", 1, 2500),
        MethodTotal("Insurer payment / EFT", 1, 1000),
    )
    assert sheet.total == Totals("All", 3, 2, 3150, 3500, unpriced=1)


def test_the_day_sheet_pdf(clinic: ClinicServices, tmp_path: Path) -> None:
    sheet = clinic.reports.day_sheet(TODAY)
    path = tmp_path / "day.pdf"
    assert write_sheet_pdf(sheet, path) == 1
    text = pdf_text(path)
    assert "DAY SHEET" in text and "Riverside Therapy" in text and "11/02/2026" in text
    assert re.search(
        r"Chen, Tom +Dana Reyes +Medicare +Signed +97110 GP KX +1 +\$31\.50 +\$25\.00", text
    )
    assert re.search(
        r"Lopez, Maria +Priya Natarajan +Medicare +Signed +92507 GN +1 +— +\$10\.00", text
    )
    assert re.search(r"All visits \(3\) +2 +\$31\.50\* +\$35\.00", text)
    assert re.search(r"Dana Reyes +2 +1 +\$31\.50 +\$25\.00 +\$6\.50", text)
    assert re.search(r"Priya Natarajan +1 +1 +\$0\.00\* +\$10\.00 +-\$10\.00", text)
    assert re.search(r"Check +1 +\$25\.00", text)
    assert re.search(r"Insurer payment / EFT +1 +\$10\.00", text)
    assert re.search(r"All methods +\$35\.00", text)
    assert "* 1 visit cannot say what it charges" in " ".join(text.split())


def test_a_busy_day_runs_over_pages_with_its_heading_on_each(
    clinic: ClinicServices, tmp_path: Path
) -> None:
    sheet = clinic.reports.day_sheet(TODAY)
    many = replace(sheet, visits=sheet.visits * 40)
    path = tmp_path / "busy.pdf"
    pages = write_sheet_pdf(many, path)
    assert pages == page_count(path) >= 3
    for page in range(1, pages + 1):
        if page < pages:  # the last may hold only the totals
            assert "Patient" in pdf_text(path, "-f", str(page), "-l", str(page))
    assert "Payments by method" in pdf_text(path, "-f", str(pages), "-l", str(pages))


def test_the_month_summary(clinic: ClinicServices, tmp_path: Path) -> None:
    summary = clinic.reports.month_summary(2026, 10)
    assert (summary.first_day, summary.last_day) == (date(2026, 10, 1), date(2026, 10, 31))
    assert summary.by_clinician == (
        Totals("Dana Reyes", 2, 4, 12350, 3500), Totals("Sam Ortiz", 1, 3, 9450, 0),
    )  # fmt: skip
    assert summary.by_payer == (
        Totals("Blue Cross", 1, 1, 3150, 1500), Totals("Medicare", 2, 6, 18650, 2000),
    )  # fmt: skip
    assert summary.total == Totals("All", 3, 7, 21800, 3500)
    path = tmp_path / "month.pdf"
    assert write_sheet_pdf(summary, path) == 1
    text = pdf_text(path)
    assert "MONTH SUMMARY" in text and "October 2026" in text
    assert re.search(r"Medicare +2 +6 +\$186\.50 +\$20\.00 +\$166\.50", text)
    assert re.search(r"All +3 +7 +\$218\.00 +\$35\.00 +\$183\.00", text)


def test_leaving_the_program_is_audited(clinic: ClinicServices) -> None:
    sheet = clinic.reports.day_sheet(TODAY)
    clinic.reports.sheet_disclosed(sheet, "saved as PDF day.pdf")
    entries = [e for e in clinic.store.audit.latest(10) if e.what == DAY_SHEET_DISCLOSED]
    assert sorted(e.visit_id or 0 for e in entries) == sorted(v.visit_id for v in sheet.visits)
    assert all(e.patient_id and e.after == {"day": "2026-11-02", "how": "saved as PDF day.pdf"}
               for e in entries)  # fmt: skip
    clinic.reports.sheet_disclosed(clinic.reports.month_summary(2026, 10), "printed")
    last = clinic.store.audit.latest(1)[0]
    assert (last.what, last.patient_id, last.after) == (
        MONTH_SUMMARY_PRINTED, None, {"month": "2026-10", "how": "printed"},
    )  # fmt: skip


def test_patient_names_are_text_not_markup() -> None:
    from tests.superbill.samples import superbill  # noqa: F401  (the clinic of the samples)

    sheet_visit = DaySheetVisit(1, "<b>Evil</b> & Co", "Dana", "Medicare", "Signed", "", 0, 0, 0)
    from timer_app.records import Clinic
    from timer_app.superbill.day_sheet import DaySheet

    html = day_sheet_html(DaySheet(Clinic("C"), TODAY, TODAY, (sheet_visit,), (), (),
                                   Totals("All", 1, 0, 0, 0)))  # fmt: skip
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in html and "<b>Evil" not in html
