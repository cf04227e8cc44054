"""Payments at the desk as a ledger in the file (`records.payments` holds the rules).

A payment or a void is one transaction with the visit's amount paid (the total not voided,
over every version of the visit, kept on its current version) and the audit entry.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from timer_app.errors import UserError
from timer_app.records.payments import (
    NewPayment,
    PaidBy,
    Payment,
    PaymentMethod,
    check_payment,
    check_void_reason,
    paid_total,
    recorded_note,
    refuse_void,
    replaced_visit,
    voided_note,
)
from timer_app.session.clock import Clock
from timer_app.store.audit import AuditLog
from timer_app.store.convert import Row, inserted_id, reading, utc_from, utc_text
from timer_app.store.schema import PAYMENT, VISIT


class PaymentRepository:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def add(self, visit_id: int, payment: NewPayment, who: str) -> Payment:
        checked = check_payment(payment)
        with self._db.atomic():
            if not self._exists(visit_id):
                raise UserError(f"no visit with id {visit_id}")
            if self._newer(visit_id) is not None:
                raise replaced_visit()
            before = paid_total(self.for_visit(visit_id))
            row = {
                "visit_id": visit_id, "paid_on": checked.paid_on.isoformat(),
                "cents": checked.cents, "method": checked.method.value,
                "paid_by": checked.paid_by.value, "reference": checked.reference,
                "recorded_by": self._who(who), "recorded_at": utc_text(self._clock.now()),
            }  # fmt: skip
            kept = self.get(inserted_id(self._db.table(PAYMENT).insert(row)))
            after = self._set_total(visit_id)
            self._audit.note(who, recorded_note(kept, before, after), visit_id)
        return kept

    def void(self, payment_id: int, reason: str, who: str) -> Payment:
        why = check_void_reason(reason)
        with self._db.atomic():
            payment = self.get(payment_id)
            refuse_void(payment)
            current = self._current(payment.visit_id)
            before = paid_total(self.for_visit(current))
            self._db.table(PAYMENT).update(payment_id, {
                "voided_at": utc_text(self._clock.now()), "voided_by": self._who(who),
                "void_reason": why,
            })  # fmt: skip
            voided = self.get(payment_id)
            after = self._set_total(current)
            self._audit.note(who, voided_note(voided, before, after), current)
        return voided

    def get(self, payment_id: int) -> Payment:
        found = list(self._db.query(f"SELECT * FROM [{PAYMENT}] WHERE id = ?", [payment_id]))
        if not found:
            raise UserError(f"no payment with id {payment_id}")
        return _payment(found[0])

    def for_visit(self, visit_id: int) -> list[Payment]:
        ids = self._versions(visit_id)
        marks = ",".join("?" * len(ids))
        rows = self._db.query(
            f"SELECT * FROM [{PAYMENT}] WHERE visit_id IN ({marks}) ORDER BY paid_on, id", ids
        )
        return [_payment(row) for row in rows]

    def _set_total(self, visit_id: int) -> int:
        total = paid_total(self.for_visit(visit_id))
        self._db.execute(
            f"UPDATE [{VISIT}] SET amount_paid_cents = ? WHERE id = ?", [total, visit_id]
        )
        return total

    def _who(self, who: str) -> str:
        actor = self._audit.actor
        return actor.name if actor else who

    def _exists(self, visit_id: int) -> bool:
        return bool(list(self._db.query(f"SELECT 1 FROM [{VISIT}] WHERE id = ?", [visit_id])))

    def _newer(self, visit_id: int) -> int | None:
        found = list(self._db.query(f"SELECT id FROM [{VISIT}] WHERE amends_id = ?", [visit_id]))
        return int(found[0]["id"]) if found else None

    def _current(self, visit_id: int) -> int:
        """The version that replaced this one last (itself when none did)."""
        newer = self._newer(visit_id)
        while newer is not None:
            visit_id, newer = newer, self._newer(newer)
        return visit_id

    def _versions(self, visit_id: int) -> list[int]:
        """The visit and every version it amends."""
        ids = [visit_id]
        while True:
            found = list(self._db.query(f"SELECT amends_id FROM [{VISIT}] WHERE id = ?", [ids[-1]]))
            if not found or found[0]["amends_id"] is None:
                return ids
            ids.append(int(found[0]["amends_id"]))


def _payment(row: Row) -> Payment:
    with reading("payment", row):
        recorded = utc_from(row["recorded_at"])
        if recorded is None:
            raise ValueError("no time recorded")
        return Payment(
            id=row["id"], visit_id=row["visit_id"], paid_on=date.fromisoformat(row["paid_on"]),
            cents=row["cents"], method=PaymentMethod(row["method"]),
            paid_by=PaidBy(row["paid_by"]), reference=row["reference"],
            recorded_by=row["recorded_by"], recorded_at=recorded,
            voided_at=utc_from(row["voided_at"]), voided_by=row["voided_by"],
            void_reason=row["void_reason"],
        )  # fmt: skip
