"""The HTML page: exact against a golden file, and every user's text escaped."""

from __future__ import annotations

import re
from dataclasses import replace

from tests.superbill.regenerate_golden import GOLDEN_HTML, golden_visit_html
from tests.superbill.samples import BOBBY, CLINIC, PATIENT, superbill
from timer_app.superbill.html import superbill_html
from timer_app.superbill.money import format_cents


def test_worked_visit_matches_the_golden_file() -> None:
    expected = GOLDEN_HTML.read_text(encoding="utf-8")
    # On a deliberate change: python -m tests.superbill.regenerate_golden, then review.
    assert golden_visit_html() == expected


def test_every_placeholder_is_filled() -> None:
    # Money starts with "$" and a digit; a placeholder left over would be "$" and a name.
    assert re.search(r"\$[A-Za-z_{]", golden_visit_html()) is None


def test_a_hostile_patient_name_is_escaped_everywhere() -> None:
    page = superbill_html(superbill(patient=replace(PATIENT, name=BOBBY, address="<i>x</i>")))

    assert BOBBY not in page
    assert "&lt;b&gt;Robert&#x27;); DROP TABLE visit;--" in page
    assert "<i>x</i>" not in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page


def test_clinic_text_is_escaped_too() -> None:
    bill = replace(superbill(), clinic=replace(CLINIC, name="A & B <Therapy>"))
    assert "A &amp; B &lt;Therapy&gt;" in superbill_html(bill)


def test_money_is_formatted_only_from_cents() -> None:
    assert [format_cents(c) for c in (0, 5, 6254, 123456789, -891)] == [
        "$0.00",
        "$0.05",
        "$62.54",
        "$1,234,567.89",
        "-$8.91",
    ]
