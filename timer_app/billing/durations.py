"""Reading `CODE=DURATION` entries: whole minutes (`33`) or minutes:seconds (`7:59`)."""

from __future__ import annotations

import re

from timer_app.errors import UserError

# ASCII digits only (no Arabic-Indic or full-width look-alikes); seconds as two digits
_DURATION = re.compile(r"(?P<minutes>[0-9]{1,5})(?::(?P<seconds>[0-9]{2}))?", re.ASCII)
ACCEPTED = "give CODE=MINUTES or CODE=MINUTES:SECONDS, e.g. 97110=33 or 97140=7:59"


def parse_duration(text: str) -> int:
    """Seconds in a duration; UserError for anything else."""
    cleaned = text.strip()
    match = _DURATION.fullmatch(cleaned)
    if match is None:
        if cleaned.startswith("-"):
            raise UserError(f"duration '{text}' is negative; {ACCEPTED}")
        raise UserError(f"duration '{text}' is not minutes or minutes:seconds; {ACCEPTED}")
    seconds = int(match["seconds"] or 0)
    if seconds > 59:
        raise UserError(f"duration '{text}' has {seconds} seconds; seconds go from 0 to 59")
    return int(match["minutes"]) * 60 + seconds


def parse_entry(text: str) -> tuple[str, int]:
    """`97110=33` -> ("97110", 1980)."""
    code, sep, duration = text.partition("=")
    if not sep or not code.strip():
        raise UserError(f"'{text}' is not CODE=DURATION; {ACCEPTED}")
    return code.strip().upper(), parse_duration(duration)
