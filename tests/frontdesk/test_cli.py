"""`timer-app superbill` and `timer-app export` on the demo week, bad input included."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinterInfo

from tests.frontdesk.conftest import MIXED_DAY, SIGNED_DAY, TODAY
from tests.superbill.pdf_tools import page_count, pdf_info, pdf_text
from timer_app.cli import main
from timer_app.session.model import VisitStatus
from timer_app.store import Store

Capture = pytest.CaptureFixture[str]
BOBBY = "<b>Robert'); DROP TABLE visit;--"

# Every command here may load Qt; the test application must exist before it does.
pytestmark = pytest.mark.usefixtures("qapp")


def _run(args: list[str], capsys: Capture) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _one_line_error(err: str) -> str:
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("timer-app: ")
    return err


@pytest.fixture
def data_dir(store: Store) -> str:
    return str(store.path.parent)


@pytest.fixture
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the commands write: outside the data folder (files there are refused)."""
    return tmp_path_factory.mktemp("out")


FINAL = (VisitStatus.SIGNED, VisitStatus.BILLED)


def _final_ids(store: Store, day: date) -> list[int]:
    return [v.id for v in store.visits.find(on=day) if v.status in FINAL]


# --- superbill -------------------------------------------------------------------------------


def test_a_days_signed_visits_make_one_pdf_and_unsigned_ones_are_named(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    out_file = out / "day.pdf"
    day = MIXED_DAY.isoformat()
    args = ["superbill", "--data-dir", data_dir, "--date", day, "--pdf", str(out_file)]
    status, out, err = _run(args, capsys)
    assert status == 0
    assert page_count(out_file) == len(_final_ids(store, MIXED_DAY)) == 8
    assert out.strip() == f"Saved 8 superbills (letter) to {out_file}"
    skipped = err.strip().splitlines()
    assert len(skipped) == 2
    assert all(line.startswith("Skipped ") and "not yet signed" in line for line in skipped)
    assert "(letter)" in pdf_info(out_file)["Page size"]


def test_a_date_range_and_a4_paper(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    out_file = out / "week.pdf"
    args = ["superbill", "--data-dir", data_dir, "--date", SIGNED_DAY.isoformat(),
            "--to", TODAY.isoformat(), "--pdf", str(out_file), "--paper", "a4"]  # fmt: skip
    status, _, err = _run(args, capsys)
    assert status == 0
    expected = sum(
        v.status in (VisitStatus.SIGNED, VisitStatus.BILLED)
        for v in store.visits.find(start=SIGNED_DAY, end=TODAY)
    )
    assert page_count(out_file) == expected
    assert "(A4)" in pdf_info(out_file)["Page size"]
    assert "being timed" in err  # today's open visit is named too


def test_one_visit_by_its_number(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    visit = store.visits.find(on=SIGNED_DAY)[0]
    out_file = out / "one.pdf"
    args = ["superbill", "--data-dir", data_dir, "--visit", str(visit.id), "--pdf", str(out_file)]
    status, out, _ = _run(args, capsys)
    assert status == 0 and page_count(out_file) == 1
    assert "Saved 1 superbill (letter)" in out
    assert store.patients.get(visit.patient_id).name in pdf_text(out_file)


def test_an_unsigned_visit_by_number_is_refused(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    waiting = next(v for v in store.visits.find(on=MIXED_DAY) if v.status is VisitStatus.FINISHED)
    out_file = out / "no.pdf"
    args = ["superbill", "--data-dir", data_dir, "--visit", str(waiting.id), "--pdf", str(out_file)]
    status, _, err = _run(args, capsys)
    assert status == 2
    assert "is not yet signed; only a signed visit has a superbill" in _one_line_error(err)
    assert not out_file.exists()


def test_a_patient_named_like_an_attack_prints_literally(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    visit = store.visits.find(on=SIGNED_DAY)[0]
    patient = store.patients.get(visit.patient_id)
    store.patients.update(replace(patient, name=BOBBY))
    visits_before = store.visits.count()
    out_file = out / "bobby.pdf"
    args = ["superbill", "--data-dir", data_dir, "--visit", str(visit.id), "--pdf", str(out_file)]
    status, _, _ = _run(args, capsys)
    assert status == 0
    assert BOBBY in pdf_text(out_file)
    assert store.visits.count() == visits_before  # the table is still there, whole
    csv_file = out / "bobby.csv"
    day = SIGNED_DAY.isoformat()
    args = ["export", "--data-dir", data_dir, "--from", day, "--to", day, "--csv", str(csv_file)]
    assert _run(args, capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
    assert BOBBY in {row["patient"] for row in rows}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (
            ["--date", "2026-11-31", "--pdf", "x.pdf"],
            "'2026-11-31' is not a date; use YYYY-MM-DD",
        ),
        (
            ["--date", "2026-11-01", "--pdf", "x.pdf"],
            "no signed visits on 2026-11-01; nothing to print",
        ),
        (
            ["--date", "2026-11-06", "--to", "2026-11-02", "--pdf", "x.pdf"],
            "ends (2026-11-02) before it starts",
        ),
        (["--visit", "abc", "--pdf", "x.pdf"], "'abc' is not a visit number"),
        (["--visit", "9999", "--pdf", "x.pdf"], "no visit with id 9999"),
        (["--visit", "1", "--to", "2026-11-06", "--pdf", "x.pdf"], "--to goes with --date"),
        (["--date", "2026-11-02"], "one of the arguments --pdf --print is required"),
        (["--pdf", "x.pdf"], "one of the arguments --visit --date is required"),
        (["--visit", "1", "--date", "2026-11-02", "--pdf", "x.pdf"], "not allowed with argument"),
        (["--visit", "1", "--pdf", "x.pdf", "--paper", "legal"], "invalid choice: 'legal'"),
        (
            ["--visit", "1", "--pdf", "/no/such/folder/x.pdf"],
            "the folder /no/such/folder does not exist",
        ),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    data_dir: str, capsys: Capture, extra: list[str], words: str, out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(out)
    status, _, err = _run(["superbill", "--data-dir", data_dir, *extra], capsys)
    assert status == 2
    assert words in _one_line_error(err)
    assert not (out / "x.pdf").exists()


def test_print_without_a_printer_says_what_to_do(
    data_dir: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QPrinterInfo, "defaultPrinter", staticmethod(lambda: QPrinterInfo()))
    day = SIGNED_DAY.isoformat()
    status, _, err = _run(["superbill", "--data-dir", data_dir, "--date", day, "--print"], capsys)
    assert status == 2
    assert "no default printer is set up; save a PDF with --pdf FILE" in _one_line_error(err)


def test_an_empty_data_folder_says_how_to_start(tmp_path: Path, capsys: Capture) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ["superbill", "--data-dir", str(empty), "--visit", "1", "--pdf", "x.pdf"]
    status, _, err = _run(args, capsys)
    assert status == 2 and "there is no database" in _one_line_error(err)


def test_export_and_the_desk_listing_load_no_qt() -> None:
    code = (
        "import sys, timer_app.commands.export, timer_app.commands.superbill; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- export ----------------------------------------------------------------------------------


def test_export_writes_a_row_per_charged_line_of_signed_visits(
    store: Store, data_dir: str, out: Path, capsys: Capture
) -> None:
    csv_file = out / "claims.csv"
    args = ["export", "--data-dir", data_dir, "--from", MIXED_DAY.isoformat(),
            "--to", TODAY.isoformat(), "--csv", str(csv_file)]  # fmt: skip
    status, out, err = _run(args, capsys)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
    final = [v for v in store.visits.find(start=MIXED_DAY, end=TODAY)
             if v.status in (VisitStatus.SIGNED, VisitStatus.BILLED)]  # fmt: skip
    assert {int(row["visit"]) for row in rows} <= {v.id for v in final}
    assert all(int(row["units"]) > 0 for row in rows)
    assert out.strip() == f"Wrote {len(rows)} claim lines from {len(final)} visits to {csv_file}"
    unsigned = len(store.visits.find(start=MIXED_DAY, end=TODAY)) - len(final)
    assert len(err.strip().splitlines()) == unsigned
    assert {row["rendering_npi"] for row in rows} <= {c.npi for c in store.clinicians.all()}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (
            ["--from", "2026-10-01", "--to", "2026-10-02", "--csv", "c.csv"],
            "no signed visits from 2026-10-01 to 2026-10-02",
        ),
        (
            ["--from", "02.11.2026", "--to", "2026-11-06", "--csv", "c.csv"],
            "'02.11.2026' is not a date",
        ),
        (["--from", "2026-11-02", "--csv", "c.csv"], "the following arguments are required: --to"),
        (
            ["--from", "2026-11-02", "--to", "2026-11-06", "--csv", "/no/such/c.csv"],
            "cannot write /no/such/c.csv",
        ),
    ],
)
def test_export_bad_input_is_one_clear_line_and_exit_2(
    data_dir: str, capsys: Capture, extra: list[str], words: str, out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(out)
    status, _, err = _run(["export", "--data-dir", data_dir, *extra], capsys)
    assert status == 2
    last = err.strip().splitlines()[-1]  # a range may first name the visits it skipped
    assert words in _one_line_error(last + "\n")
    assert not (out / "c.csv").exists()
