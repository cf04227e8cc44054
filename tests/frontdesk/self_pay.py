"""A self-pay visit on the demo clinic: a patient with no insurance, timed and signed today."""

from __future__ import annotations

from datetime import date

from timer_app.clinic import ClinicServices
from timer_app.clinic.setup import NEW
from timer_app.records import Diagnosis, Payer
from timer_app.session import FakeClock

DANA_PIN = "1111"  # the demo's, anyone trying the demo may read it
SELF_PAY_FEES = {"97110": 9000, "97140": 8500, "97530": 9500, "97112": 9000}


def self_pay_visit(clinic: ClinicServices, clock: FakeClock, name: str = "Doe, Jane") -> int:
    """A signed visit (97110 for 30 minutes) of a patient with no payer; its id."""
    patient = clinic.store.patients.add(
        name, date(1980, 5, 17), diagnoses=[Diagnosis("M54.50", "Low back pain, unspecified")]
    )
    clinician = next(c for c in clinic.front_desk.clinicians() if c.name == "Dana Reyes")
    timer = clinic.treatment.start_visit(patient.id, clinician.id)
    clinic.treatment.run(timer.visit_id, lambda t: t.start("97110"))
    clock.advance(30 * 60)
    clinic.treatment.run(timer.visit_id, lambda t: t.end_visit())
    treatment = clinic.treatment
    signature = treatment.check_signature(
        timer.visit_id, diagnoses=treatment.visit(timer.visit_id).diagnoses,
        pointer_letters={}, chosen_units=None, pin=DANA_PIN,
    )  # fmt: skip
    treatment.sign(signature)
    return timer.visit_id


def self_pay_schedule(clinic: ClinicServices) -> Payer:
    """The clinic's own prices, as the owner keeps them in set-up."""
    return clinic.setup.save_payer(NEW, "Self-pay", "Self-pay", dict(SELF_PAY_FEES))
