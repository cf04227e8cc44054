"""Superbills on paper: HTML -> QTextDocument -> one painted page per visit (two when the
superbill carries its treatment time record: the record follows on the next page).

Pages are painted with QPainter + `drawContents()` rather than `QTextDocument.print_()`,
which would add its own margins and a page number. The same painting code serves a PDF
file (QPdfWriter) and a printer (QPrinter).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from timer_app.errors import UserError
from timer_app.outputs import check_target, replacing
from timer_app.superbill.html import superbill_html
from timer_app.superbill.model import Superbill
from timer_app.superbill.time_record import time_record_html

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

T = TypeVar("T")
MARGIN_POINTS = 36.0  # half an inch on every side, the template's only margin
PDF_RESOLUTION = 600  # dots per inch for layout; text stays vector either way

# Called after each page with (pages done, pages in all); returning False cancels.
Progress = Callable[[int, int], bool | None]


class PaperSize(StrEnum):
    LETTER = "letter"  # the US default
    A4 = "a4"

    @property
    def page_size(self) -> QPageSize:
        ids = {PaperSize.LETTER: QPageSize.PageSizeId.Letter, PaperSize.A4: QPageSize.PageSizeId.A4}
        return QPageSize(ids[self])


def page_layout(paper: PaperSize = PaperSize.LETTER) -> QPageLayout:
    margins = QMarginsF(MARGIN_POINTS, MARGIN_POINTS, MARGIN_POINTS, MARGIN_POINTS)
    return QPageLayout(
        paper.page_size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Point
    )


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new QGuiApplication for a command-line run
    (fonts and text layout need one; no window is ever shown)."""
    app = QGuiApplication.instance()
    if app is None:
        if "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return cast(QGuiApplication, app)


def superbill_document(bill: Superbill, device: QPaintDevice | None = None) -> QTextDocument:
    """The superbill laid out for `device` (its resolution decides the font metrics)."""
    return html_document(superbill_html(bill), device)


def html_document(html: str, device: QPaintDevice | None = None) -> QTextDocument:
    """A page of HTML (a superbill, a receipt) laid out for `device`."""
    document = QTextDocument()
    document.setDocumentMargin(0)  # the page layout owns the margins
    document.setDefaultFont(_page_font())
    if device is not None:
        document.documentLayout().setPaintDevice(device)
    document.setHtml(html)
    return document


def _page_font() -> QFont:
    """The template's font, with ligatures off: a PDF's "fi" glyph would copy, search and
    read back (pdftotext, screen readers) as one odd character instead of two letters."""
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Helvetica", "Arial"])
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


FIT_STEPS = 6  # halvings when a crowded visit is shrunk to one page: within 2 % of the best


def fit_scale(document: QTextDocument, width: float, height: float) -> float:
    """Lay the document out for a width x height page; the scale that makes it fit.

    1.0 for a normal visit. A crowded one is laid out wider and shrunk, so one visit
    always makes one full-width page; the largest such scale is found by halving.
    """
    document.setTextWidth(width)
    if document.size().height() <= height:
        return 1.0
    fits, too_big = height / document.size().height(), 1.0  # widening only shortens it
    for _ in range(FIT_STEPS):
        middle = (fits + too_big) / 2
        document.setTextWidth(width / middle)
        if document.size().height() * middle <= height:
            fits = middle
        else:
            too_big = middle
    document.setTextWidth(width / fits)
    return fits


def paint_page(painter: QPainter, document: QTextDocument, width: float, height: float) -> float:
    """Paint the document into a width x height page, shrunk to fit; returns the scale."""
    scale = fit_scale(document, width, height)
    painter.save()
    painter.scale(scale, scale)
    document.drawContents(painter, QRectF(0, 0, width / scale, height / scale))
    painter.restore()
    return scale


@contextmanager
def painting(device: QPagedPaintDevice) -> Iterator[QPainter]:
    """A painter on a set-up device (a PDF writer, a printer), ended however painting ends."""
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("could not start printing; check the printer or the file's folder")
    try:
        yield painter
    finally:
        painter.end()


def paint_html_page(device: QPagedPaintDevice, html: str) -> None:
    """One page of HTML (a receipt, a time record), shrunk to fit, as a superbill is."""
    with painting(device) as painter:
        paint_page(painter, html_document(html, device), device.width(), device.height())


def pdf_writer(file: Path, paper: PaperSize, title: str) -> QPdfWriter:
    """A PDF writer with the superbills' page layout and resolution."""
    writer = QPdfWriter(str(file))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle(title)
    writer.setCreator("Therapy Timer")
    return writer


def use_page_margins(printer: QPrinter) -> None:
    """The template's margins on the paper chosen in the print dialog."""
    margins = QMarginsF(MARGIN_POINTS, MARGIN_POINTS, MARGIN_POINTS, MARGIN_POINTS)
    printer.setPageMargins(margins, QPageLayout.Unit.Point)


def write_pages_pdf(
    path: Path,
    paper: PaperSize,
    title: str,
    paint: Callable[[QPagedPaintDevice], T],
    *,
    overwrite: bool = True,
) -> T:
    """A PDF painted by `paint`, written whole or not at all (`outputs.replacing`);
    returns what `paint` returns."""
    target = check_target(Path(path), overwrite=overwrite)
    with replacing(target, overwrite=overwrite) as pending:
        try:
            return paint(pdf_writer(pending.temp, paper, title))
        except UserError:
            raise UserError(
                f"cannot write {target}: check that you may save in that folder"
            ) from None


def paint_superbills(
    device: QPagedPaintDevice,
    bills: Sequence[Superbill],
    progress: Progress | None = None,
    abort: Callable[[], object] | None = None,
) -> bool:
    """One page per superbill (and its time record's after it) on an already set-up
    device. False when cancelled.

    `abort` runs on cancel while the painter is still active (a print job must be
    aborted before it ends, or the pages done so far would print).
    """
    with painting(device) as painter:
        finished = False
        try:
            finished = _paint_pages(painter, device, bills, progress)
        finally:
            if not finished and abort is not None:
                abort()  # while the painter is still active
    return finished


def _paint_pages(
    painter: QPainter,
    device: QPagedPaintDevice,
    bills: Sequence[Superbill],
    progress: Progress | None,
) -> bool:
    total = len(bills)
    if progress is not None and progress(0, total) is False:
        return False
    for done, bill in enumerate(bills, start=1):
        if done > 1:
            device.newPage()
        paint_page(painter, superbill_document(bill, device), device.width(), device.height())
        if bill.time_record is not None:
            device.newPage()
            record = html_document(time_record_html(bill.time_record), device)
            paint_page(painter, record, device.width(), device.height())
        if progress is not None and progress(done, total) is False:
            return False
    return True


def _check_batch(bills: Sequence[Superbill]) -> None:
    if not bills:
        raise UserError("no visits chosen; select at least one visit to print")


def write_pdf(
    bills: Sequence[Superbill],
    path: Path,
    paper: PaperSize = PaperSize.LETTER,
    progress: Progress | None = None,
    *,
    overwrite: bool = True,
) -> bool:
    """One PDF with a page per visit. False (and no file written) when cancelled.

    The target is checked first (`timer_app.outputs.check_target`: never a folder, the
    clinic's database or the backups folder; an existing file only with `overwrite`, which
    the save dialog has asked about). The pages go to a temporary file beside `path`,
    renamed over it at the end, so a cancelled, failed or killed batch never leaves half a
    PDF under the chosen name.
    """
    _check_batch(bills)
    target = check_target(Path(path), overwrite=overwrite)
    with replacing(target, overwrite=overwrite) as pending:
        if not _write_pdf_file(bills, pending.temp, target, paper, progress):
            pending.cancel()
    return not pending.cancelled


def _write_pdf_file(
    bills: Sequence[Superbill],
    temp: Path,
    target: Path,
    paper: PaperSize,
    progress: Progress | None,
) -> bool:
    title = "Superbill" if len(bills) == 1 else f"Superbills ({len(bills)} visits)"
    writer = pdf_writer(temp, paper, title)
    try:
        return paint_superbills(writer, bills, progress)
    except UserError:
        raise UserError(f"cannot write {target}: check that you may save in that folder") from None


def print_superbills(
    bills: Sequence[Superbill],
    printer: QPrinter,
    paper: PaperSize | None = None,
    progress: Progress | None = None,
) -> bool:
    """Print one page per visit; `paper` None keeps the size picked in the print dialog.

    False when cancelled; the job is then aborted where the print system allows it
    (Qt's PDF output and CUPS cannot abort: the pages done so far still come out).
    """
    _check_batch(bills)
    if paper is not None:
        printer.setPageLayout(page_layout(paper))
    else:
        use_page_margins(printer)
    return paint_superbills(printer, bills, progress, abort=printer.abort)
