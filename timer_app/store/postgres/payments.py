"""Payments at the desk as a ledger on the clinic server (`records.payments` holds the rules).

As in the workstation's file, a payment or a void is one transaction with the visit's
amount paid (the total not voided, over every version of the visit, kept on its current
version) and the audit entry. The visit's row is locked first: two desks taking money for
one visit at once are written one after the other, and the total counts both.
"""

from __future__ import annotations

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
from timer_app.store.postgres.audit import AuditLog
from timer_app.store.postgres.database import Database, Row
from timer_app.store.postgres.values import utc
from timer_app.store.postgres.visits import Visits

# the visit and every version it amends
_VERSIONS = (
    "WITH RECURSIVE chain(id, amends_id) AS ("
    " SELECT id, amends_id FROM visit WHERE id = :visit"
    " UNION ALL SELECT v.id, v.amends_id FROM visit v JOIN chain c ON v.id = c.amends_id)"
    " SELECT p.* FROM payment p WHERE p.visit_id IN (SELECT id FROM chain)"
    " ORDER BY p.paid_on, p.id"
)
# the version that replaced this one last (itself when none did)
_CURRENT = (
    "WITH RECURSIVE chain(id) AS ("
    " SELECT CAST(:visit AS bigint)"
    " UNION ALL SELECT v.id FROM visit v JOIN chain c ON v.amends_id = c.id)"
    " SELECT id FROM chain c WHERE NOT EXISTS (SELECT 1 FROM visit n WHERE n.amends_id = c.id)"
)


class Payments:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog, visits: Visits) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self._visits = visits

    def add(self, visit_id: int, payment: NewPayment, who: str) -> Payment:
        checked = check_payment(payment)
        with self._db.atomic():
            self._visits.lock(visit_id)
            if not self._visits.current(visit_id):
                raise replaced_visit()
            before = paid_total(self.for_visit(visit_id))
            new_id = self._db.new_id(
                "INSERT INTO payment (visit_id, paid_on, cents, method, paid_by, reference, "
                "recorded_by, recorded_at) VALUES (:visit, :paid_on, :cents, :method, "
                ":paid_by, :reference, :by, :at) RETURNING id",
                visit=visit_id, paid_on=checked.paid_on, cents=checked.cents,
                method=checked.method.value, paid_by=checked.paid_by.value,
                reference=checked.reference, by=self._who(who), at=utc(self._clock.now()),
            )  # fmt: skip
            kept = self.get(new_id)
            after = self._set_total(visit_id)
            self._audit.notes(who, [recorded_note(kept, before, after)], visit_id=visit_id)
        return kept

    def void(self, payment_id: int, reason: str, who: str) -> Payment:
        why = check_void_reason(reason)
        with self._db.atomic():
            current = self._current(self.get(payment_id).visit_id)
            self._visits.lock(current)
            payment = self.get(payment_id)  # read again under the lock
            refuse_void(payment)
            before = paid_total(self.for_visit(current))
            self._db.run(
                "UPDATE payment SET voided_at = :at, voided_by = :by, void_reason = :why "
                "WHERE id = :id",
                at=utc(self._clock.now()), by=self._who(who), why=why, id=payment_id,
            )  # fmt: skip
            voided = self.get(payment_id)
            after = self._set_total(current)
            self._audit.notes(who, [voided_note(voided, before, after)], visit_id=current)
        return voided

    def get(self, payment_id: int) -> Payment:
        row = self._db.one("SELECT * FROM payment WHERE id = :id", id=payment_id)
        if row is None:
            raise UserError(f"no payment with id {payment_id}")
        return _payment(row)

    def for_visit(self, visit_id: int) -> list[Payment]:
        return [_payment(row) for row in self._db.rows(_VERSIONS, visit=visit_id)]

    def _set_total(self, visit_id: int) -> int:
        total = paid_total(self.for_visit(visit_id))
        self._db.run(
            "UPDATE visit SET amount_paid_cents = :total WHERE id = :id", total=total, id=visit_id
        )
        return total

    def _current(self, visit_id: int) -> int:
        found = self._db.one(_CURRENT, visit=visit_id)
        return int(found["id"]) if found else visit_id

    def _who(self, who: str) -> str:
        actor = self._audit.actor
        return actor.name if actor else who


def _payment(row: Row) -> Payment:
    voided = row["voided_at"]
    return Payment(
        id=int(row["id"]), visit_id=int(row["visit_id"]), paid_on=row["paid_on"],
        cents=int(row["cents"]), method=PaymentMethod(row["method"]),
        paid_by=PaidBy(row["paid_by"]), reference=row["reference"],
        recorded_by=row["recorded_by"], recorded_at=utc(row["recorded_at"]),
        voided_at=None if voided is None else utc(voided), voided_by=row["voided_by"],
        void_reason=row["void_reason"],
    )  # fmt: skip
