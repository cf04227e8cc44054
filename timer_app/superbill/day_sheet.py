"""The front desk's day sheet and the month summary: plain data first, HTML second (from
`resources/day_sheet.html`), painted by the superbills' renderer (`day_sheet_render`). No
Qt here.

The day sheet lists the day's visits (patient, clinician, payer, status, codes with their
modifiers and units, charges, paid), the payments recorded for them by method (voided ones
left out) and the totals by clinician. The month summary holds the month's signed and
billed visits by clinician and by payer. Money is integer cents until printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from timer_app.dates import show_date
from timer_app.records import Clinic
from timer_app.records.model import address_lines
from timer_app.superbill.html import NO_VALUE, Markup, fill_from, lines_html
from timer_app.superbill.model import printable
from timer_app.superbill.money import format_cents

TEMPLATE_FILE = "day_sheet.html"


@dataclass(frozen=True, slots=True)
class DaySheetVisit:
    visit_id: int
    patient: str
    clinician: str
    payer: str
    status: str  # in the desk's words: "Signed", "Not yet signed"
    codes: str  # "97110 GP ×2, 97140 GP"
    units: int
    charged_cents: int | None  # None: it cannot say (a code with no fee)
    paid_cents: int


@dataclass(frozen=True, slots=True)
class Totals:
    """A row of totals: a clinician's, a payer's, a method's or the day's."""

    name: str
    visits: int
    units: int
    charged_cents: int  # of the visits that can say what they charge
    paid_cents: int
    unpriced: int = 0

    @property
    def balance_cents(self) -> int:
        return self.charged_cents - self.paid_cents


@dataclass(frozen=True, slots=True)
class MethodTotal:
    method: str  # "Cash", "Check", "Card", "Insurer payment / EFT", "Other"
    payments: int
    cents: int


@dataclass(frozen=True, slots=True)
class DaySheet:
    clinic: Clinic
    day: date
    printed_on: date
    visits: tuple[DaySheetVisit, ...]
    by_clinician: tuple[Totals, ...]
    by_method: tuple[MethodTotal, ...]
    total: Totals


@dataclass(frozen=True, slots=True)
class MonthSummary:
    clinic: Clinic
    first_day: date
    last_day: date
    printed_on: date
    by_clinician: tuple[Totals, ...]
    by_payer: tuple[Totals, ...]
    total: Totals


def add_up(name: str, rows: Sequence[DaySheetVisit]) -> Totals:
    return Totals(
        name, len(rows), sum(r.units for r in rows),
        sum(r.charged_cents or 0 for r in rows), sum(r.paid_cents for r in rows),
        sum(r.charged_cents is None for r in rows),
    )  # fmt: skip


def by_clinician(rows: Sequence[DaySheetVisit]) -> tuple[Totals, ...]:
    names = sorted({r.clinician for r in rows})
    return tuple(add_up(name, [r for r in rows if r.clinician == name]) for name in names)


# --- HTML -----------------------------------------------------------------------------------


def _fill(template: str, /, **values: object) -> Markup:
    return fill_from(TEMPLATE_FILE, template, **values)


def _money(cents: int | None) -> str:
    return NO_VALUE if cents is None else format_cents(cents)


def _header(clinic: Clinic, title: str, subtitle: str, printed_on: date) -> dict[str, object]:
    return {
        "clinic_name": printable(clinic.name),
        "clinic_address": lines_html(printable(line) for line in address_lines(clinic.address)),
        "clinic_phone": printable(clinic.phone) or NO_VALUE,
        "title": title,
        "subtitle": subtitle,
        "printed_on": show_date(printed_on),
    }


def _totals_row(row: Totals, template: str = "totals_row") -> Markup:
    return _fill(
        template, name=printable(row.name), visits=f"{row.visits:,}", units=f"{row.units:,}",
        charged=format_cents(row.charged_cents) + ("*" if row.unpriced else ""),
        paid=format_cents(row.paid_cents), balance=format_cents(row.balance_cents),
    )  # fmt: skip


def _unpriced_note(total: Totals) -> str:
    """Said under the totals when a visit cannot say what it charges."""
    if not total.unpriced:
        return ""
    visits = "1 visit" if total.unpriced == 1 else f"{total.unpriced} visits"
    return (
        f"* {visits} cannot say what it charges (— above: a code with no fee, or no payer's "
        "prices); its charge is left out of these totals until the fee is entered."
    )


def _visit_row(visit: DaySheetVisit) -> Markup:
    return _fill(
        "visit_row", visit_id=visit.visit_id, patient=visit.patient, clinician=visit.clinician,
        payer=visit.payer, status=visit.status, codes=visit.codes or NO_VALUE,
        units=visit.units, charged=_money(visit.charged_cents), paid=format_cents(visit.paid_cents),
    )  # fmt: skip


def day_sheet_html(sheet: DaySheet) -> str:
    visits = [_visit_row(v) for v in sheet.visits] or [_fill("no_visit_row")]
    methods = [
        _fill("method_row", method=m.method, payments=m.payments, amount=format_cents(m.cents))
        for m in sheet.by_method
    ] or [_fill("no_payment_row")]
    paid = sum(m.cents for m in sheet.by_method)
    count = len(sheet.visits)
    return _fill(
        "day_page",
        **_header(sheet.clinic, "DAY SHEET", show_date(sheet.day), sheet.printed_on),
        day=show_date(sheet.day),
        visit_count=f"{count} visit" if count == 1 else f"{count} visits",
        visit_rows=Markup("\n".join(visits)),
        total_row=_totals_row(sheet.total, "grand_total_row"),
        clinician_rows=Markup("\n".join(_totals_row(t) for t in sheet.by_clinician)),
        clinician_total=_totals_row(sheet.total, "grand_totals_row"),
        method_rows=Markup("\n".join(methods)),
        method_total=format_cents(paid),
        unpriced_note=_unpriced_note(sheet.total),
    )


def month_summary_html(summary: MonthSummary) -> str:
    span = f"{show_date(summary.first_day)} – {show_date(summary.last_day)}"
    month = summary.first_day.strftime("%B %Y")
    header = _header(summary.clinic, "MONTH SUMMARY", month, summary.printed_on)
    nothing = _fill("no_totals_row")
    return _fill(
        "month_page",
        **header,
        span=span,
        clinician_rows=Markup("\n".join(_totals_row(t) for t in summary.by_clinician)) or nothing,
        payer_rows=Markup("\n".join(_totals_row(t) for t in summary.by_payer)) or nothing,
        clinician_total=_totals_row(summary.total, "grand_totals_row"),
        payer_total=_totals_row(summary.total, "grand_totals_row"),
        unpriced_note=_unpriced_note(summary.total),
    )
