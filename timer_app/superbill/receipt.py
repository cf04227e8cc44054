"""A receipt for what was paid for a visit: plain data first (`build_receipt`), HTML second
(`receipt_html`, from `resources/receipt.html`), painted by the superbills' renderer
(`timer_app.superbill.receipt_render`). No Qt here.

It shows the clinic, the patient, the date of service, every payment that counts (voided
ones are left off: they were taken back), the total paid and the balance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from timer_app.records import Clinic, Clinician, Patient
from timer_app.records.model import address_lines
from timer_app.records.payments import Payment, paid_total
from timer_app.superbill.html import NO_VALUE, Markup, fill_from, lines_html, us_date
from timer_app.superbill.model import printable
from timer_app.superbill.money import format_cents

TEMPLATE_FILE = "receipt.html"


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One payment as printed."""

    paid_on: date
    cents: int
    method: str  # in words: "Check"
    paid_by: str  # "Patient" or "Insurer"
    reference: str


@dataclass(frozen=True, slots=True)
class Receipt:
    visit_id: str
    date_of_service: date
    issued_on: date
    clinic: Clinic
    patient_name: str
    patient_dob: date
    account_number: str
    clinician_name: str
    payer_name: str
    lines: tuple[ReceiptLine, ...]
    total_paid_cents: int
    charged_cents: int | None  # None: the visit cannot say what it charges yet
    balance_cents: int | None


def build_receipt(
    *,
    visit_id: int,
    date_of_service: date,
    issued_on: date,
    clinic: Clinic,
    patient: Patient,
    clinician: Clinician,
    payer_name: str,
    payments: Iterable[Payment],
    charged_cents: int | None,
) -> Receipt:
    """The receipt of a visit's payments (voided ones left off) and its balance."""
    kept = [p for p in payments if not p.voided]
    paid = paid_total(kept)
    credentials = f", {clinician.credentials}" if clinician.credentials else ""
    return Receipt(
        visit_id=str(visit_id),
        date_of_service=date_of_service,
        issued_on=issued_on,
        clinic=clinic,
        patient_name=printable(patient.name),
        patient_dob=patient.date_of_birth,
        account_number=printable(patient.medical_record_number),
        clinician_name=printable(f"{clinician.name}{credentials}"),
        payer_name=printable(payer_name) or "Self-pay",
        lines=tuple(
            ReceiptLine(p.paid_on, p.cents, p.method.words, p.paid_by.words, printable(p.reference))
            for p in kept
        ),
        total_paid_cents=paid,
        charged_cents=charged_cents,
        balance_cents=None if charged_cents is None else charged_cents - paid,
    )


def _fill(template: str, /, **values: object) -> Markup:
    return fill_from(TEMPLATE_FILE, template, **values)


def _line_row(line: ReceiptLine) -> Markup:
    return _fill(
        "payment_row", paid_on=us_date(line.paid_on), method=line.method, paid_by=line.paid_by,
        reference=line.reference or NO_VALUE, amount=format_cents(line.cents),
    )  # fmt: skip


def receipt_html(receipt: Receipt) -> str:
    """The whole page of one receipt."""
    clinic = receipt.clinic
    rows = [_line_row(line) for line in receipt.lines] or [_fill("no_payment_row")]
    return _fill(
        "page",
        visit_id=receipt.visit_id,
        date_of_service=us_date(receipt.date_of_service),
        issued_on=us_date(receipt.issued_on),
        clinic_name=printable(clinic.name),
        clinic_address=lines_html(printable(line) for line in address_lines(clinic.address)),
        clinic_phone=printable(clinic.phone) or NO_VALUE,
        clinic_tax_id=printable(clinic.tax_id) or NO_VALUE,
        patient_name=receipt.patient_name,
        patient_dob=us_date(receipt.patient_dob),
        account_number=receipt.account_number or NO_VALUE,
        clinician_name=receipt.clinician_name,
        payer_name=receipt.payer_name,
        payment_rows=Markup("\n".join(rows)),
        charges=NO_VALUE if receipt.charged_cents is None else format_cents(receipt.charged_cents),
        total_paid=format_cents(receipt.total_paid_cents),
        balance=NO_VALUE if receipt.balance_cents is None else format_cents(receipt.balance_cents),
    )
