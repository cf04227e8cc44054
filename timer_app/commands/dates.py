"""The date words every command accepts, so `visits`, `superbill` and `export` agree.

A day is written YYYY-MM-DD (2026-11-02), as the window shows it (11/02/2026), or as a
word: 'today' or 'yesterday' (this computer's date).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from timer_app.errors import UserError

WORDS = {"today": 0, "yesterday": 1}
HELP = "YYYY-MM-DD, MM/DD/YYYY, 'today' or 'yesterday'"


def parse_date(text: str, today: date | None = None) -> date:
    """The day `text` names, or a UserError saying how to write one."""
    typed = text.strip().lower()
    if typed in WORDS:
        return (today or date.today()) - timedelta(days=WORDS[typed])
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
    raise UserError(f"'{text}' is not a date; use {HELP}, e.g. 2026-11-02")
