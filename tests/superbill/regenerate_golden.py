"""Rewrite the golden HTML on purpose, after a deliberate template change:

    .venv/bin/python -m tests.superbill.regenerate_golden

then look at the diff (and a rendered page) before committing it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.superbill.samples import ASSISTANT, PATIENT, SECONDARY, superbill
from timer_app.superbill.html import superbill_html

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_HTML = GOLDEN / "worked_visit.html"


def golden_visit_html() -> str:
    """The worked visit with a bundled hot pack and an assistant, printed again, for a
    patient with a group number, a secondary insurance and an authorization: every part of
    the page."""
    patient = replace(
        PATIENT, group_number="GRP-20417", secondary_payer_id=7,
        secondary_member_id="AMS-55512340",
    )  # fmt: skip
    bill = superbill(
        {"97110": 33, "97140": 7, "97010": 10}, patient=patient, assistants=[ASSISTANT]
    )
    reprint = replace(
        bill, secondary_payer_name=SECONDARY, first_printed_on=date(2026, 11, 23),
        authorization="Authorization: 5 of 12 visits used, 7 left; until 01/31/2027",
        authorization_reference="AUTH-7731",
    )  # fmt: skip
    return superbill_html(reprint)


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    GOLDEN_HTML.write_text(golden_visit_html(), encoding="utf-8", newline="\n")
    print(f"wrote {GOLDEN_HTML}")


if __name__ == "__main__":
    main()
