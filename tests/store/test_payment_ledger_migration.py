"""m010: the payment ledger. An older file's amount paid becomes one payment, so the
visit's total and its ledger agree; the file itself refuses a payment of nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from timer_app.records.payments import PaidBy, PaymentMethod
from timer_app.session.clock import FakeClock
from timer_app.store import Store
from timer_app.store.schema import MIGRATIONS


def test_an_older_amount_paid_becomes_one_payment(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="m010_payment_ledger")
    with db.atomic():
        db.table("clinician").insert({"name": "Dana Reyes", "credentials": "PT", "npi": "",
                                      "discipline": "PT", "role": "PT"})  # fmt: skip
        db.table("patient").insert(
            {"name": "Ann Lee", "date_of_birth": "1950-01-02", "created_at": "2026-01-05"}
        )
        for paid in (2000, 0):
            db.table("visit").insert(
                {"patient_id": 1, "clinician_id": 1, "date": "2026-01-05", "discipline": "PT",
                 "status": "billed", "created_at": "2026-01-05T15:00:00.000000+00:00",
                 "amount_paid_cents": paid}
            )  # fmt: skip
    db.close()
    with Store.open(path, clock=FakeClock()) as store:
        [payment] = store.payments.for_visit(1)
        assert (payment.cents, payment.paid_on, payment.method, payment.paid_by) == (
            2000, date(2026, 1, 5), PaymentMethod.CASH, PaidBy.PATIENT,
        )  # fmt: skip
        assert store.payments.for_visit(2) == []
        assert store.visits.get(1).amount_paid_cents == 2000
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute(
                "INSERT INTO payment (visit_id, paid_on, cents, method, paid_by, recorded_by, "
                "recorded_at) VALUES (2, '2026-01-05', 0, 'cash', 'patient', 'x', 'y')"
            )
