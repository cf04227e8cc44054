"""Superbills on paper: the PDF read back, one page per visit, progress and cancel."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from tests.superbill.pdf_tools import first_word_box, page_count, pdf_info, pdf_text
from tests.superbill.samples import BOBBY, PATIENT, day_of_visits, superbill
from timer_app.billing import load_catalog
from timer_app.errors import UserError
from timer_app.records import Diagnosis
from timer_app.superbill.render import (
    MARGIN_POINTS,
    PaperSize,
    fit_scale,
    print_superbills,
    superbill_document,
    write_pdf,
)

pytestmark = pytest.mark.usefixtures("qapp")


def test_a_real_font_is_installed(qapp: QApplication) -> None:
    # Without one, text silently becomes boxes and the PDF holds no readable text.
    assert QFontDatabase.families()


def test_pdf_text_holds_codes_units_charges_and_npis(tmp_path: Path) -> None:
    path = tmp_path / "visit.pdf"
    assert write_pdf([superbill({"97110": 33, "97140": 7, "97010": 10})], path)
    text = pdf_text(path)

    assert re.search(r"97110 .*GP +AB +33 +2 +\$31\.27 +\$62\.54", text)
    assert re.search(r"97140 .*GP +AB +7 +1 +\$28\.55 +\$28\.55", text)
    assert re.search(r"97010 .*GP +AB +10 +0 ", text)
    assert "Billing NPI 1234567893" in text
    assert "NPI 1245319599" in text
    assert "Tax ID 12-3456789" in text
    assert re.search(r"Balance due +\$71\.09", text)
    assert "Total timed minutes 40 min" in text
    assert "Total treatment time 50 min" in text
    assert "M54.50" in text and "Low back pain, unspecified" in text
    assert "Place of service 11 – Office" in text


def test_a_hostile_name_prints_literally(tmp_path: Path) -> None:
    path = tmp_path / "bobby.pdf"
    write_pdf([superbill(patient=replace(PATIENT, name=BOBBY))], path)

    assert BOBBY in pdf_text(path)
    assert page_count(path) == 1


def test_letter_by_default_a4_on_request_and_only_the_templates_margin(tmp_path: Path) -> None:
    letter, a4 = tmp_path / "letter.pdf", tmp_path / "a4.pdf"
    write_pdf([superbill()], letter)
    write_pdf([superbill()], a4, PaperSize.A4)

    assert pdf_info(letter)["Page size"] == "612 x 792 pts (letter)"
    assert pdf_info(a4)["Page size"].endswith("(A4)")
    x, y = first_word_box(letter)
    assert x == pytest.approx(MARGIN_POINTS, abs=1.0)
    assert y == pytest.approx(MARGIN_POINTS, abs=2.0)
    # No page number or other text that the template did not ask for.
    assert not re.search(r"^\s*\d+\s*$", pdf_text(letter), re.MULTILINE)


def test_a_batch_is_one_pdf_with_a_page_per_visit_and_reports_progress(tmp_path: Path) -> None:
    path = tmp_path / "day.pdf"
    seen: list[tuple[int, int]] = []

    assert write_pdf(
        day_of_visits(5), path, progress=lambda done, total: seen.append((done, total))
    )

    assert page_count(path) == 5
    assert seen == [(n, 5) for n in range(6)]
    pages = pdf_text(path).split("\f")
    assert [("Patient 3" in page) for page in pages[:5]] == [False, False, True, False, False]


def test_cancelling_a_batch_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "day.pdf"
    assert not write_pdf(day_of_visits(4), path, progress=lambda done, _total: done < 2)
    assert list(tmp_path.iterdir()) == []


def test_a_crowded_visit_still_fits_one_page(tmp_path: Path) -> None:
    timed = [code for code, entry in load_catalog().items() if entry.is_timed]
    minutes = dict.fromkeys(timed[:10], 16)
    fees = dict.fromkeys(load_catalog(), 2500)
    twelve = [Diagnosis(f"M25.5{n:02d}", f"Pain in joint number {n}") for n in range(12)]
    bill = superbill(minutes, diagnoses=twelve, fees=fees)
    path = tmp_path / "crowded.pdf"

    write_pdf([bill], path)

    assert page_count(path) == 1
    words = " ".join(pdf_text(path).split())  # a shrunk page wraps its lines elsewhere
    assert "about this bill" in words and "M25.511" in words  # the page's last words fit
    assert "Referring/certifying physician: Anne Whitfield, MD, NPI 1482736455" in words


def test_the_printer_path_paints_the_same_pages(tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))

    assert print_superbills(day_of_visits(2), printer, PaperSize.LETTER)

    assert page_count(tmp_path / "printed.pdf") == 2
    assert "97110" in pdf_text(tmp_path / "printed.pdf")


def test_the_document_is_laid_out_for_plain_text_reading() -> None:
    text = superbill_document(superbill()).toPlainText()
    assert "SUPERBILL" in text and "Maria Lopez" in text


def test_nothing_to_print_and_a_missing_folder_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="select at least one visit"):
        write_pdf([], tmp_path / "none.pdf")
    with pytest.raises(UserError, match="does not exist"):
        write_pdf([superbill()], tmp_path / "missing" / "x.pdf")


def test_the_printers_own_paper_is_kept_when_none_is_asked(tmp_path: Path) -> None:
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "a4.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    seen: list[int] = []

    def stop_after_one_page(done: int, _total: int) -> bool:
        seen.append(done)
        return done < 1

    assert not print_superbills(day_of_visits(3), printer, progress=stop_after_one_page)

    assert seen == [0, 1]
    assert pdf_info(tmp_path / "a4.pdf")["Page size"].endswith("(A4)")
    x, _ = first_word_box(tmp_path / "a4.pdf")
    assert x == pytest.approx(MARGIN_POINTS, abs=1.0)


def test_a_normal_visit_is_not_shrunk_and_a_crowded_one_just_fits() -> None:
    # Without a device the layout is in screen pixels: a Letter page inside its margins.
    width, height = 7.5 * 96, 10 * 96
    assert fit_scale(superbill_document(superbill()), width, height) == 1.0

    crowded = superbill_document(superbill())
    scale = fit_scale(crowded, width, height / 3)
    assert 0.2 < scale < 1.0
    assert crowded.size().height() * scale <= height / 3
    assert crowded.textWidth() * scale == pytest.approx(width)
