"""The superbill as data, exact to the cent, and the refusals that say what to fix."""

from __future__ import annotations

from datetime import date

import pytest

from tests.superbill.samples import (
    CLINIC,
    CLINICIAN,
    DIAGNOSES,
    FEES,
    PATIENT,
    superbill,
)
from timer_app.billing import Rule, find_profile
from timer_app.errors import UserError
from timer_app.records import Diagnosis
from timer_app.superbill.model import LetteredDiagnosis, SuperbillLine

EXERCISE = "Therapeutic exercise for strength, endurance and range of motion"
MANUAL = "Hands-on techniques: mobilization, manipulation, soft tissue"


def test_worked_medicare_visit_is_exact() -> None:
    bill = superbill()

    assert bill.lines == (
        SuperbillLine("97110", EXERCISE, ("GP",), ("A", "B"), 33, 2, 3127, 6254),
        SuperbillLine("97140", MANUAL, ("GP",), ("A", "B"), 7, 1, 2855, 2855),
    )
    assert bill.total_charge_cents == 6254 + 2855 == 9109
    assert bill.amount_paid_cents == 2000
    assert bill.balance_cents == 7109
    assert (bill.total_timed_minutes, bill.total_treatment_minutes) == (40, 40)
    assert bill.total_units == 3
    assert bill.rule is Rule.CMS


def test_worked_visit_carries_every_party_and_the_visit_facts() -> None:
    bill = superbill()

    assert (bill.clinic, bill.patient, bill.clinician) == (CLINIC, PATIENT, CLINICIAN)
    assert bill.payer_name == "Medicare Part B"
    assert bill.visit_id == "1042"
    assert bill.date_of_service == date(2026, 11, 20)
    assert (bill.place_of_service, bill.place_of_service_name) == ("11", "Office")
    assert bill.signed_on == date(2026, 11, 20)
    assert bill.diagnoses == (
        LetteredDiagnosis("A", "M54.50", "Low back pain, unspecified"),
        LetteredDiagnosis("B", "M62.81", "Muscle weakness (generalized)"),
    )


def test_bundled_line_prints_with_its_minutes_but_no_units_or_charge() -> None:
    bill = superbill({"97110": 33, "97140": 7, "97010": 10})

    hot_pack = bill.lines[-1]
    assert (hot_pack.code, hot_pack.bundled, hot_pack.minutes) == ("97010", True, 10)
    assert (hot_pack.units, hot_pack.fee_cents, hot_pack.charge_cents) == (0, None, 0)
    assert bill.total_charge_cents == 9109
    assert bill.total_treatment_minutes == 50


def test_zero_unit_line_follows_the_payer_profile() -> None:
    minutes = {"97110": 30, "97140": 5}
    medicare = superbill(minutes)  # prints zero-unit lines
    commercial = superbill(minutes, profile=find_profile("Commercial (AMA)"))

    assert [(line.code, line.units) for line in medicare.lines] == [("97110", 2), ("97140", 0)]
    assert medicare.lines[1].charge_cents == 0
    assert [(line.code, line.units) for line in commercial.lines] == [("97110", 2)]
    assert medicare.total_charge_cents == commercial.total_charge_cents == 6254


def test_pointers_as_signed_and_the_first_diagnosis_by_default() -> None:
    many = tuple(Diagnosis(f"M25.5{n}1", f"Pain {n}") for n in range(1, 7))
    bill = superbill(diagnoses=many, pointers={"97140": "CA"})

    assert bill.lines[0].pointers == ("A",)  # the same default as the review shows
    assert bill.lines[1].pointers == ("C", "A")
    assert [d.letter for d in bill.diagnoses] == list("ABCDEF")


@pytest.mark.parametrize(
    ("pointers", "message"),
    [
        ({"97110": "AC"}, "97110: give one to four different diagnosis letters of A-B"),
        ({"97110": "ABAB"}, "one to four different"),
    ],
)
def test_bad_pointers_are_refused(pointers: dict[str, str], message: str) -> None:
    with pytest.raises(UserError, match=message):
        superbill(pointers=pointers)


def test_diagnoses_must_number_one_to_twelve_without_repeats() -> None:
    with pytest.raises(UserError, match="no diagnosis"):
        superbill(diagnoses=())
    thirteen = [Diagnosis(f"M25.{n:03d}", "x") for n in range(13)]
    with pytest.raises(UserError, match="at most 12"):
        superbill(diagnoses=thirteen)
    with pytest.raises(UserError, match=r"M54\.50 is listed twice"):
        superbill(diagnoses=[*DIAGNOSES, Diagnosis("M54.50", "again")])


def test_a_billed_code_without_a_fee_is_refused_by_name() -> None:
    fees = {code: cents for code, cents in FEES.items() if code != "97140"}
    with pytest.raises(UserError, match="no fee for 97140"):
        superbill(fees=fees)


def test_a_bundled_code_needs_no_fee() -> None:
    fees = {"97110": 3127, "97140": 2855}
    assert superbill({"97110": 33, "97140": 7, "97010": 10}, fees=fees).total_charge_cents == 9109


def test_negative_payment_and_fractional_fees_are_refused() -> None:
    with pytest.raises(UserError, match="amount paid"):
        superbill(amount_paid_cents=-1)
    with pytest.raises(UserError, match="whole, non-negative cents"):
        superbill(fees={**FEES, "97110": 31.27})


def test_overpayment_leaves_a_credit() -> None:
    assert superbill(amount_paid_cents=10000).balance_cents == -891


def test_billing_under_another_profile_is_refused() -> None:
    from timer_app.records import Payer

    other = Payer(5, "Blue Plan", "Commercial (AMA)", dict(FEES))
    with pytest.raises(UserError, match="billed under 'Medicare' but Blue Plan uses"):
        superbill(payer=other)


def test_an_assistant_who_timed_part_of_it_is_named_and_the_signer_renders() -> None:
    from tests.superbill.samples import ASSISTANT

    bill = superbill(assistants=[ASSISTANT])
    assert (bill.clinician, bill.assistants) == (CLINICIAN, (ASSISTANT,))


def test_missing_pieces_say_what_to_do() -> None:
    from tests.superbill.samples import VISIT, WORKED_MINUTES, medicare
    from timer_app.billing import bill_visit
    from timer_app.records import Payer
    from timer_app.superbill.build import build_superbill

    billing = bill_visit({c: m * 60 for c, m in WORKED_MINUTES.items()}, medicare(), fees=FEES)
    payer = Payer(5, "Medicare Part B", "Medicare", dict(FEES))
    everyone = {CLINICIAN.id: CLINICIAN}
    parts = {"clinic": CLINIC, "patient": PATIENT}
    with pytest.raises(UserError, match="no self-pay fee schedule"):
        build_superbill(VISIT, **parts, payer=None, clinicians=everyone, billing=billing)
    with pytest.raises(UserError, match="nothing to bill"):
        build_superbill(VISIT, **parts, payer=payer, clinicians=everyone, billing=None)
    with pytest.raises(UserError, match="clinician 1"):
        build_superbill(VISIT, **parts, payer=payer, clinicians={}, billing=billing)
