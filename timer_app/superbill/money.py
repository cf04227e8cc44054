"""Money is integer cents everywhere; it becomes text only here, at render time."""

from __future__ import annotations


def format_cents(cents: int) -> str:
    """$1,234.56; a credit as -$12.00."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"
