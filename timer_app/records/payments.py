"""Payments at the front desk as a ledger: several per visit, voided with a reason, never
deleted; the same rules for every store.

A visit's amount paid is the sum of its payments that are not voided (`paid_total`); the
stores keep it on the visit too (`Visit.amount_paid_cents`), written in the same unit of
work as the payment, so the superbill, the desk's columns and the exports read one number.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from timer_app.errors import UserError
from timer_app.records.visit_writes import AuditNote

MAX_PAYMENT_CENTS = 10_000_000  # $100,000 in one payment: surely a typing slip
MAX_REFERENCE = 40  # a check number, a card's last digits, an EFT trace number
MAX_REASON = 200

PAYMENT_RECORDED = "payment recorded"  # the audit log's words
PAYMENT_VOIDED = "payment voided"


class PaymentMethod(StrEnum):
    """How the money came, as stored; `words` as the desk reads it."""

    CASH = "cash"
    CHECK = "check"
    CARD = "card"
    INSURER = "insurer"  # an insurer's check or electronic funds transfer
    OTHER = "other"

    @property
    def words(self) -> str:
        return _METHOD_WORDS[self]


_METHOD_WORDS = {
    PaymentMethod.CASH: "Cash",
    PaymentMethod.CHECK: "Check",
    PaymentMethod.CARD: "Card",
    PaymentMethod.INSURER: "Insurer payment / EFT",
    PaymentMethod.OTHER: "Other",
}


class PaidBy(StrEnum):
    """Who paid."""

    PATIENT = "patient"
    INSURER = "insurer"

    @property
    def words(self) -> str:
        return "Patient" if self is PaidBy.PATIENT else "Insurer"


@dataclass(frozen=True, slots=True)
class NewPayment:
    """A payment as the desk typed it, before a store keeps it."""

    paid_on: date
    cents: int
    method: PaymentMethod = PaymentMethod.CASH
    paid_by: PaidBy = PaidBy.PATIENT
    reference: str = ""  # a check number, an EFT trace number... (may be empty)


@dataclass(frozen=True, slots=True)
class Payment:
    """A payment as kept: who recorded it and when; voided ones stay, with the reason."""

    id: int
    visit_id: int
    paid_on: date
    cents: int
    method: PaymentMethod
    paid_by: PaidBy
    reference: str
    recorded_by: str
    recorded_at: datetime  # UTC
    voided_at: datetime | None = None  # UTC
    voided_by: str = ""
    void_reason: str = ""

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


def check_payment(payment: NewPayment) -> NewPayment:
    """The payment as it may be kept, or a UserError in words (nothing is kept then)."""
    cents = payment.cents
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise UserError("a payment is an amount in whole cents")
    if cents <= 0:
        raise UserError("a payment must be more than $0.00; to take one back, void it")
    if cents > MAX_PAYMENT_CENTS:
        raise UserError("a payment of more than $100,000.00 is refused; check the amount")
    if not isinstance(payment.paid_on, date) or isinstance(payment.paid_on, datetime):
        raise UserError("a payment needs the day it was paid")
    try:
        method, paid_by = PaymentMethod(payment.method), PaidBy(payment.paid_by)
    except ValueError:
        raise UserError(
            "a payment's method is cash, check, card, insurer payment / EFT or other, "
            "paid by the patient or the insurer"
        ) from None
    reference = _text(payment.reference, "the reference", MAX_REFERENCE)
    return NewPayment(payment.paid_on, cents, method, paid_by, reference)


def check_void_reason(reason: str) -> str:
    """Why a payment is voided: required, in words."""
    text = _text(reason, "the reason", MAX_REASON)
    if not text:
        raise UserError("say why the payment is voided (e.g. 'entered twice')")
    return text


def refuse_void(payment: Payment) -> None:
    if payment.voided:
        raise UserError(
            f"this payment was already voided by {payment.voided_by}: {payment.void_reason}"
        )


def paid_total(payments: Iterable[Payment]) -> int:
    """What was paid: the payments not voided, in cents."""
    return sum(p.cents for p in payments if not p.voided)


def payment_words(payment: Payment | NewPayment) -> dict[str, Any]:
    """The payment as the audit log keeps it."""
    found: dict[str, Any] = {
        "paid_on": payment.paid_on.isoformat(),
        "cents": payment.cents,
        "method": PaymentMethod(payment.method).value,
        "paid_by": PaidBy(payment.paid_by).value,
        "reference": payment.reference,
    }
    if isinstance(payment, Payment):
        found = {"payment_id": payment.id, **found}
    return found


def recorded_note(payment: Payment, before_cents: int, after_cents: int) -> AuditNote:
    return AuditNote(
        PAYMENT_RECORDED,
        before={"amount_paid_cents": before_cents},
        after={**payment_words(payment), "amount_paid_cents": after_cents},
    )


def voided_note(payment: Payment, before_cents: int, after_cents: int) -> AuditNote:
    return AuditNote(
        PAYMENT_VOIDED,
        before={**payment_words(payment), "amount_paid_cents": before_cents},
        after={"payment_id": payment.id, "voided": True, "amount_paid_cents": after_cents},
        reason=payment.void_reason,
    )


def replaced_visit() -> UserError:
    """A payment for a version of a visit an amendment replaced."""
    return UserError(
        "this visit was amended since it was listed; list the visits again and record the "
        "payment on the visit as it is now"
    )


def _text(value: str, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise UserError(f"{what} must be text")
    text = value.strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise UserError(f"{what} holds a control character; type it again")
    if len(text) > limit:
        raise UserError(f"{what} is longer than {limit} characters; shorten it")
    return text
