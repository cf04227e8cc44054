"""Every public worked example, through the Python API and through `timer-app units --json`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.billing.vectors import legal_answers, public_cases
from timer_app.billing import bill_visit, profile_for_rule
from timer_app.billing.durations import parse_duration
from timer_app.cli import main

CASES = public_cases()


def _ids(case: dict[str, Any]) -> str:
    return str(case["id"])


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_api_reproduces_vector(case: dict[str, Any]) -> None:
    entries = [(code, parse_duration(duration)) for code, duration in case["entries"]]
    billing = bill_visit(entries, profile_for_rule(case["rule"]))
    answers = legal_answers(case)
    assert billing.units_by_code() in answers
    if len(answers) > 1:
        assert sorted(map(sorted, (a.items() for a in billing.alternatives))) == sorted(
            map(sorted, (a.items() for a in answers))
        )
        assert billing.alternatives[0] == billing.units_by_code()
        assert any("tie" in sentence.lower() for sentence in billing.explanation)
    else:
        assert billing.alternatives == ()


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_cli_reproduces_vector(case: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["units", "--rule", case["rule"], "--json"]
    args += [f"{code}={duration}" for code, duration in case["entries"]]
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rule"] == case["rule"]
    assert {line["code"]: line["units"] for line in result["lines"]} in legal_answers(case)
    assert result["explanation"]
