"""The day sheet and the month summary on paper or in a PDF, painted as the superbills are
(`superbill.render`: the same page layout, margins and font). A busy day runs over several
pages; the visits' heading repeats on each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPainter, QTextDocument

from timer_app.superbill.day_sheet import DaySheet, MonthSummary, day_sheet_html, month_summary_html
from timer_app.superbill.render import (
    PaperSize,
    html_document,
    painting,
    use_page_margins,
    write_pages_pdf,
)

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

Sheet = DaySheet | MonthSummary


def sheet_html(sheet: Sheet) -> str:
    return day_sheet_html(sheet) if isinstance(sheet, DaySheet) else month_summary_html(sheet)


def sheet_title(sheet: Sheet) -> str:
    if isinstance(sheet, DaySheet):
        return f"Day sheet {sheet.day.isoformat()}"
    return f"Month summary {sheet.first_day:%Y-%m}"


def paint_sheet(device: QPagedPaintDevice, sheet: Sheet) -> int:
    """Every page of the sheet on an already set-up device; returns how many."""
    with painting(device) as painter:
        return paint_pages(painter, html_document(sheet_html(sheet), device), device)


def paint_pages(painter: QPainter, document: QTextDocument, device: QPagedPaintDevice) -> int:
    width, height = float(device.width()), float(device.height())
    document.setPageSize(QSizeF(width, height))
    pages = document.pageCount()
    for page in range(pages):
        if page:
            device.newPage()
        painter.save()
        painter.translate(0, -page * height)
        document.drawContents(painter, QRectF(0, page * height, width, height))
        painter.restore()
    return pages


def write_sheet_pdf(
    sheet: Sheet, path: Path, paper: PaperSize = PaperSize.LETTER, *, overwrite: bool = True
) -> int:
    """The sheet as a PDF, written whole or not at all (`outputs.replacing`); its pages."""
    return write_pages_pdf(
        path, paper, sheet_title(sheet), lambda device: paint_sheet(device, sheet),
        overwrite=overwrite,
    )  # fmt: skip


def print_sheet(sheet: Sheet, printer: QPrinter) -> int:
    """The sheet on the printer chosen in the print dialog, at its paper size."""
    use_page_margins(printer)
    return paint_sheet(printer, sheet)
