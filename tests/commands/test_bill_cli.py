"""`timer-app bill FILE`: the headless visit biller, and odd input to `timer-app units`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.billing.vectors import legal_answers, public_cases
from timer_app.billing.durations import parse_duration
from timer_app.cli import main

Capture = pytest.CaptureFixture[str]


def run_bill(
    tmp_path: Path, visit: dict[str, Any], capsys: Capture, *extra: str
) -> tuple[int, Any, str]:
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(visit), encoding="utf-8")
    status = main(["bill", "--json", str(path), *extra])
    out, err = capsys.readouterr()
    return status, json.loads(out) if status == 0 else None, err


def intervals(*rows: tuple[str, str, str, str]) -> list[dict[str, str]]:
    return [{"code": c, "start": s, "end": e, "clinician": who} for c, s, e, who in rows]


def claim(result: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(line["code"], " ".join(line["modifiers"]), line["units"]) for line in result["lines"]]


def test_cms_scenario_1_through_the_biller(tmp_path: Path, capsys: Capture) -> None:
    visit = {
        "payer": "Medicare", "discipline": "PT", "date": "2026-03-02",
        "fees": {"97110": 3150, "97140": 2900},
        "intervals": intervals(
            ("97110", "09:00", "09:23", "PTA"), ("97110", "09:23", "09:36", "PT"),
            ("97140", "09:36", "10:06", "PT"),
        ),
    }  # fmt: skip
    status, result, _ = run_bill(tmp_path, visit, capsys)
    assert status == 0
    assert claim(result) == [("97110", "GP", 1), ("97110", "GP CQ", 1), ("97140", "GP", 2)]
    assert {"code", "modifiers", "units", "minutes"} <= set(result["lines"][0])
    assert {w["kind"] for w in result["warnings"]} == {"assistant_supervision"}


def test_co_treatment_and_kx_with_a_missing_fee(tmp_path: Path, capsys: Capture) -> None:
    visit = {
        "payer": "Medicare", "date": "2026-06-01", "year_to_date_cents": 260000,
        "fees": {"97110": 3150},
        "intervals": intervals(
            ("97110", "09:00", "09:20", "PT"), ("97530", "09:00", "09:20", "PTA")
        ),
    }  # fmt: skip
    _, result, _ = run_bill(tmp_path, visit, capsys)
    assert claim(result) == [("97110", "GP KX", 1), ("97530", "GP", 0)]
    kinds = [w["kind"] for w in result["warnings"]]
    assert kinds[0] == "kx_threshold" and "co_treatment" in kinds
    assert result["total_treatment_minutes"] == 20


def test_a_2027_visit_is_warned(tmp_path: Path, capsys: Capture) -> None:
    visit = {"payer": "Medicare", "date": "2027-01-04",
             "intervals": intervals(("97110", "09:00", "09:30", "PT"))}  # fmt: skip
    _, result, _ = run_bill(tmp_path, visit, capsys)
    kinds = [w["kind"] for w in result["warnings"]]
    assert kinds[:2] == ["kx_threshold_unknown", "rules_out_of_date"]


@pytest.mark.parametrize("case", public_cases(), ids=lambda c: str(c["id"]))
def test_every_public_vector_through_the_biller(
    case: dict[str, Any], tmp_path: Path, capsys: Capture
) -> None:
    """The vectors' minutes as one therapist's back-to-back intervals from 08:00."""
    at, rows = 8 * 3600, []
    for code, duration in case["entries"]:
        seconds = parse_duration(duration)
        rows.append({"code": code, "start": _clock(at), "end": _clock(at + seconds)})
        at += seconds
    visit = {"rule": case["rule"], "intervals": [r for r in rows if r["start"] != r["end"]]}
    status, result, err = run_bill(tmp_path, visit, capsys)
    if not visit["intervals"]:
        assert status == 2 and "at least one interval" in err
        return
    units: dict[str, int] = {}
    for line in result["lines"]:
        units[line["code"]] = units.get(line["code"], 0) + line["units"]
    answers = legal_answers(case)
    assert {c: u for c, u in units.items() if c in answers[0]} in answers


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "not JSON"),
        ('{"intervals": [{"code": "99999", "start": "09:00", "end": "09:10"}]}', "unknown code"),
        ('{"intervals": [{"code": "97110", "start": "09:10", "end": "09:00"}]}',
         "before it starts"),
        ('{"intervals": [{"code": "97110", "start": "09:00", "end": "09:10", "clinician": "MD"}]}',
         "unknown role 'MD'"),
        ('{"intervals": [{"code": "97110", "start": "9am", "end": "09:10"}]}', "not HH:MM"),
        ('{"payer": "Nobody", "intervals": []}', "unknown payer"),
        ('{"intervals": [], "colour": "red"}', "unknown field 'colour'"),
    ],
)  # fmt: skip
def test_a_bad_visit_file_gets_one_clear_line(
    text: str, words: str, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "visit.json"
    path.write_text(text, encoding="utf-8")
    assert main(["bill", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_visit_file_may_come_on_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    visit = {"intervals": intervals(("97110", "09:00", "09:33", "PT"))}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(visit)))
    assert main(["bill", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["lines"][0]["units"] == 2


@pytest.mark.parametrize("entry", ["97110=٣٣", "97110=３３", "97110=7:5", "97110=7:005"])
def test_units_refuses_odd_numbers(entry: str, capsys: Capture) -> None:
    assert main(["units", entry]) == 2
    assert "not minutes or minutes:seconds" in capsys.readouterr().err


def test_units_warns_of_an_untimed_code_with_no_time(capsys: Capture) -> None:
    assert main(["units", "--json", "97110=30", "97161=0"]) == 0
    kinds = [w["kind"] for w in json.loads(capsys.readouterr().out)["warnings"]]
    assert "untimed_nothing_timed" in kinds


def test_units_into_a_closed_pipe_ends_quietly() -> None:
    codes = ("97110", "97140", "97112", "97116", "97530", "97535")
    command = [sys.executable, "-m", "timer_app", "units", "--json", *(f"{c}=1" for c in codes)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader (head) went away
        error = process.stderr.read()
        assert process.wait(timeout=60) == 141
    assert b"Traceback" not in error and b"BrokenPipe" not in error
