"""`timer-app units`: the interface other tools script."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from timer_app.cli import main


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_readable_table_for_the_manual_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["units", "97110=33", "97140=7"], capsys)
    assert status == 0
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:1].isdigit()}
    assert rows["97110"][-2:] == ["2", "GP"]
    assert rows["97140"][-2:] == ["1", "GP"]
    assert "it goes to the code with the most minutes left over: 97140" in out
    assert "Total timed minutes 40" in out


def test_json_has_every_promised_field(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["units", "--json", "97112=20", "97110=20"], capsys)
    assert status == 0
    result = json.loads(out)
    for key in ("rule", "total_timed_minutes", "total_treatment_minutes", "total_timed_units"):
        assert key in result
    assert result["rule"] == "cms"
    assert result["total_timed_units"] == 3
    assert set(result["lines"][0]) >= {"code", "label", "minutes", "units", "modifiers"}
    assert all(isinstance(s, str) for s in result["explanation"])
    assert len(result["alternatives"]) == 2


def test_repeated_code_adds_up_before_rounding(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["units", "--json", "97110=3:40", "97110=4:30"], capsys)
    assert status == 0
    line = json.loads(out)["lines"][0]
    assert (line["minutes"], line["units"]) == (8, 1)  # 8:10 in all, floored once


def test_payer_rule_and_discipline(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["units", "--payer", "commercial (ama)", "--discipline", "ot", "--json"]
    status, out, _ = _run([*args, "97110=10", "97530=10"], capsys)
    result = json.loads(out)
    assert status == 0
    assert result["rule"] == "ama"
    assert [line["units"] for line in result["lines"]] == [1, 1]
    assert all(line["modifiers"] == ["GO"] for line in result["lines"])


def test_rule_overrides_the_payers_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        ["units", "--payer", "Medicare", "--rule", "ama", "--json", "97110=10", "97116=10"], capsys
    )
    assert status == 0
    assert json.loads(out)["total_timed_units"] == 2


def test_slp_codes_default_to_gn(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["units", "--json", "92507=30"], capsys)
    assert status == 0
    assert json.loads(out)["lines"][0]["modifiers"] == ["GN"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["99999=10"], "unknown code '99999'"),
        (["97110=abc"], "not minutes or minutes:seconds"),
        (["97110=-5"], "negative"),
        (["97110=7:60"], "seconds go from 0 to 59"),
        (["97110=1441"], "more than 24 hours"),
        (["97110=720", "97140=721"], "more than 24 hours"),
        (["97110"], "not CODE=DURATION"),
        (["--rule", "medicaid", "97110=10"], "unknown rule 'medicaid'; use cms or ama"),
        (["--payer", "Aetna", "97110=10"], "unknown payer 'Aetna'"),
        (["--discipline", "PTA", "97110=10"], "use PT, OT or SLP"),
        ([], "no codes given"),
    ],
)
def test_bad_input_is_one_clear_line_and_status_2(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(["units", *args], capsys)
    assert status == 2
    assert out == ""
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_exactly_24_hours_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = _run(["units", "97110=1440"], capsys)
    assert status == 0


def test_console_command_and_module_agree() -> None:
    """`python -m timer_app units` is the same program, and bad input never shows a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "timer_app", "units", "--json", "97110=33", "97140=7"],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total_timed_units"] == 3
    bad = subprocess.run(
        [sys.executable, "-m", "timer_app", "units", "97110=x"],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("timer-app: ")
    assert "Traceback" not in bad.stderr
