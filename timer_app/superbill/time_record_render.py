"""A treatment time record on paper or in a PDF, painted as the superbills are
(`superbill.render`): the same page layout, margins, font and shrink-to-fit, one page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPainter, QPdfWriter

from timer_app.errors import UserError
from timer_app.outputs import check_target, replacing
from timer_app.superbill.render import (
    MARGIN_POINTS,
    PDF_RESOLUTION,
    PaperSize,
    html_document,
    page_layout,
    paint_page,
)
from timer_app.superbill.time_record import TimeRecord, time_record_html

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


def paint_time_record(device: QPagedPaintDevice, record: TimeRecord) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("could not start printing; check the printer or the file's folder")
    try:
        document = html_document(time_record_html(record), device)
        paint_page(painter, document, device.width(), device.height())
    finally:
        painter.end()


def write_time_record_pdf(
    record: TimeRecord, path: Path, paper: PaperSize = PaperSize.LETTER, *, overwrite: bool = True
) -> None:
    """The time record as a one-page PDF, written whole or not at all (`outputs.replacing`)."""
    target = check_target(Path(path), overwrite=overwrite)
    with replacing(target, overwrite=overwrite) as pending:
        writer = QPdfWriter(str(pending.temp))
        writer.setResolution(PDF_RESOLUTION)
        writer.setPageLayout(page_layout(paper))
        writer.setTitle(f"Treatment time record, visit {record.visit_id}")
        writer.setCreator("Therapy Timer")
        try:
            paint_time_record(writer, record)
        except UserError:
            raise UserError(
                f"cannot write {target}: check that you may save in that folder"
            ) from None


def print_time_record(record: TimeRecord, printer: QPrinter) -> None:
    """The time record on the printer chosen in the print dialog, at its paper size."""
    margins = QMarginsF(MARGIN_POINTS, MARGIN_POINTS, MARGIN_POINTS, MARGIN_POINTS)
    printer.setPageMargins(margins, QPageLayout.Unit.Point)
    paint_time_record(printer, record)
