"""A receipt on paper or in a PDF, painted as the superbills are (`superbill.render`): the
same page layout, margins, font and shrink-to-fit, one page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from timer_app.superbill.receipt import Receipt, receipt_html
from timer_app.superbill.render import (
    PaperSize,
    paint_html_page,
    use_page_margins,
    write_pages_pdf,
)

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


def write_receipt_pdf(
    receipt: Receipt, path: Path, paper: PaperSize = PaperSize.LETTER, *, overwrite: bool = True
) -> None:
    """The receipt as a one-page PDF, written whole or not at all (`outputs.replacing`)."""
    html = receipt_html(receipt)
    write_pages_pdf(
        path, paper, f"Receipt for visit {receipt.visit_id}",
        lambda device: paint_html_page(device, html), overwrite=overwrite,
    )  # fmt: skip


def print_receipt(receipt: Receipt, printer: QPrinter) -> None:
    """The receipt on the printer chosen in the print dialog, at its paper size."""
    use_page_margins(printer)
    paint_html_page(printer, receipt_html(receipt))
