"""The front desk's traps on the command line (issue 14): self-pay visits, a visit that
cannot be billed in a day's batch, and the date words `visits` already took."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from tests.frontdesk.conftest import SIGNED_DAY, TODAY
from tests.frontdesk.self_pay import self_pay_schedule, self_pay_visit
from tests.superbill.pdf_tools import page_count, pdf_text
from timer_app.cli import main
from timer_app.clinic import ClinicServices
from timer_app.commands.dates import parse_date
from timer_app.dates import show_date
from timer_app.errors import UserError
from timer_app.session import FakeClock, VisitStatus
from timer_app.store import Store

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("qapp")  # `superbill` loads Qt to render


def _run(args: list[str], capsys: Capture) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def data_dir(store: Store) -> str:
    return str(store.path.parent)


@pytest.fixture
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("out")


def _signed_on(store: Store, day: date) -> list[int]:
    final = (VisitStatus.SIGNED, VisitStatus.BILLED)
    return [v.id for v in store.visits.find(on=day) if v.status in final]


def test_a_self_pay_visit_is_billed_at_the_clinics_own_prices(
    clinic: ClinicServices, clock: FakeClock, store: Store, data_dir: str, out: Path,
    capsys: Capture,
) -> None:  # fmt: skip
    visit_id = self_pay_visit(clinic, clock)
    self_pay_schedule(clinic)
    pdf = out / "doe.pdf"
    status, _printed, err = _run(
        ["superbill", "--data-dir", data_dir, "--visit", str(visit_id), "--pdf", str(pdf)], capsys
    )
    assert (status, err) == (0, "")
    text = pdf_text(pdf)
    assert "Doe, Jane" in text and "Self-pay" in text
    assert "$180.00" in text  # 2 units of 97110 at the clinic's $90.00


def test_one_self_pay_visit_no_longer_fails_the_days_superbills(
    clinic: ClinicServices, clock: FakeClock, store: Store, data_dir: str, out: Path,
    capsys: Capture,
) -> None:  # fmt: skip
    self_pay_visit(clinic, clock)  # and the clinic has no self-pay prices yet
    pdf = out / "today.pdf"
    status, _printed, err = _run(
        ["superbill", "--data-dir", data_dir, "--date", TODAY.isoformat(), "--pdf", str(pdf)],
        capsys,
    )
    made = len(_signed_on(store, TODAY)) - 1
    assert made > 0
    assert status == 0 and page_count(pdf) == made
    skipped = [line for line in err.splitlines() if line.startswith("Skipped Doe, Jane")]
    assert len(skipped) == 1 and "no self-pay fee schedule" in skipped[0]


def test_a_code_with_no_fee_skips_its_visit_and_the_export_goes_on(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    visit = store.visits.get(_signed_on(store, SIGNED_DAY)[0])
    code = next(i.code for i in visit.intervals)
    assert visit.payer_id is not None
    store.payers.remove_fees(visit.payer_id, [code])  # the owner has not priced it yet
    claims = out / "claims.csv"
    day = SIGNED_DAY.isoformat()
    args = ["export", "--data-dir", data_dir, "--from", day, "--to", day, "--csv", str(claims)]
    status, _printed, err = _run(args, capsys)
    assert status == 0
    with claims.open(newline="") as file:
        exported = {int(row["visit"]) for row in csv.DictReader(file)}
    assert visit.id not in exported and exported
    said = show_date(SIGNED_DAY)  # people read the clinic's way of writing dates
    assert f"(visit {visit.id}, {said}): " in err and f"no fee for {code}" in err


def test_nothing_made_is_a_failure_that_says_why(
    clinic: ClinicServices, clock: FakeClock, data_dir: str, out: Path, capsys: Capture
) -> None:
    visit_id = self_pay_visit(clinic, clock)
    pdf = out / "one.pdf"
    status, _printed, err = _run(
        ["superbill", "--data-dir", data_dir, "--visit", str(visit_id), "--pdf", str(pdf)], capsys
    )
    assert status == 2 and not pdf.exists()
    assert "no self-pay fee schedule" in err
    assert "none of the visits could be billed" in err


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("today", TODAY), ("Yesterday", date(2026, 11, 5)), ("2026-11-02", date(2026, 11, 2)),
     ("11/02/2026", date(2026, 11, 2))],
)  # fmt: skip
def test_every_command_takes_the_same_date_words(typed: str, meant: date) -> None:
    assert parse_date(typed, today=TODAY) == meant


def test_superbill_takes_today_as_visits_does(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    pdf = out / "t.pdf"
    args = ["superbill", "--data-dir", data_dir, "--date", "today", "--pdf", str(pdf)]
    status, _printed, err = _run(args, capsys)
    assert "is not a date" not in err
    assert status in (0, 2)  # whatever the demo's today holds, the word was understood


def test_a_date_no_one_can_read_is_refused_in_words() -> None:
    with pytest.raises(UserError, match=r"use YYYY-MM-DD, MM/DD/YYYY, .today."):
        parse_date("next tuesday")
