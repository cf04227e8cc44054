"""Rewrite the golden HTML on purpose, after a deliberate template change:

    .venv/bin/python -m tests.superbill.regenerate_golden

then look at the diff (and a rendered page) before committing it.
"""

from __future__ import annotations

from pathlib import Path

from tests.superbill.samples import ASSISTANT, superbill
from timer_app.superbill.html import superbill_html

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_HTML = GOLDEN / "worked_visit.html"


def golden_visit_html() -> str:
    """The worked visit with a bundled hot pack and an assistant: every part of the page."""
    bill = superbill({"97110": 33, "97140": 7, "97010": 10}, assistants=[ASSISTANT])
    return superbill_html(bill)


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    GOLDEN_HTML.write_text(golden_visit_html(), encoding="utf-8", newline="\n")
    print(f"wrote {GOLDEN_HTML}")


if __name__ == "__main__":
    main()
