"""A treatment time record on paper or in a PDF, painted as the superbills are
(`superbill.render`): the same page layout, margins, font and shrink-to-fit, one page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from timer_app.superbill.render import (
    PaperSize,
    paint_html_page,
    use_page_margins,
    write_pages_pdf,
)
from timer_app.superbill.time_record import TimeRecord, time_record_html

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


def write_time_record_pdf(
    record: TimeRecord, path: Path, paper: PaperSize = PaperSize.LETTER, *, overwrite: bool = True
) -> None:
    """The time record as a one-page PDF, written whole or not at all (`outputs.replacing`)."""
    html = time_record_html(record)
    write_pages_pdf(
        path, paper, f"Treatment time record, visit {record.visit_id}",
        lambda device: paint_html_page(device, html), overwrite=overwrite,
    )  # fmt: skip


def print_time_record(record: TimeRecord, printer: QPrinter) -> None:
    """The time record on the printer chosen in the print dialog, at its paper size."""
    use_page_margins(printer)
    paint_html_page(printer, time_record_html(record))
