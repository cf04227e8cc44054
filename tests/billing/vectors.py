"""The worked examples every rules engine must reproduce (../shared/vectors), with a copy here
so a checkout without shared/ still runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent
_SHARED = _HERE.parents[2] / "shared" / "vectors" / "units_public.json"
_COPY = _HERE / "data" / "units_public.json"


def public_cases() -> list[dict[str, Any]]:
    path = _SHARED if _SHARED.exists() else _COPY
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return cases


def legal_answers(case: dict[str, Any]) -> list[dict[str, int]]:
    return case["any_of"] if "any_of" in case else [case["units"]]
