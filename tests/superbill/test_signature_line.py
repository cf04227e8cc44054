"""An electronically signed superbill prints no empty pen line beside its signature; one
not signed yet keeps the line for a wet signature (issue 14)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.superbill.pdf_tools import pdf_text
from tests.superbill.samples import superbill
from timer_app.superbill.html import superbill_html

PEN_LINE = "Clinician signature ____"


def test_a_signed_superbill_has_no_empty_signature_line() -> None:
    bill = superbill()
    assert bill.signed_on is not None
    page = superbill_html(bill)
    assert "Electronically signed by" in page
    assert PEN_LINE not in page and "Date ____" not in page


def test_an_unsigned_one_keeps_the_line_for_a_pen() -> None:
    page = superbill_html(replace(superbill(), signed_on=None, signed_time=""))
    assert "Not yet signed" in page and PEN_LINE in page


@pytest.mark.usefixtures("qapp")
def test_on_the_printed_page(tmp_path: Path) -> None:
    from timer_app.superbill.render import PaperSize, write_pdf

    pdf = tmp_path / "signed.pdf"
    write_pdf([superbill()], pdf, PaperSize.LETTER)
    text = pdf_text(pdf)
    assert "Electronically signed by" in text and "Clinician signature" not in text
