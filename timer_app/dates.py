"""One way to write a date wherever a person reads one: the clinic's date style.

US clinics write MM/DD/YYYY (the default and the claim form's way); a clinic may choose
DD/MM/YYYY or YYYY-MM-DD in Clinic set-up. The style is the clinic's, set once when its
records open (`use_style`), so every screen, superbill and table writes dates alike.
Machine files (CSV and JSON exports, the audit's own fields) keep YYYY-MM-DD whatever the
style: other programs read them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum


class DateStyle(StrEnum):
    US = "MM/DD/YYYY"
    DAY_FIRST = "DD/MM/YYYY"
    ISO = "YYYY-MM-DD"

    @property
    def pattern(self) -> str:
        return _PATTERNS[self]

    @property
    def qt_pattern(self) -> str:
        """The same for a Qt date field (QDateEdit.setDisplayFormat)."""
        return _QT_PATTERNS[self]

    @property
    def example(self) -> str:
        return show_date(date(2026, 3, 2), self)


_PATTERNS = {DateStyle.US: "%m/%d/%Y", DateStyle.DAY_FIRST: "%d/%m/%Y", DateStyle.ISO: "%Y-%m-%d"}
_QT_PATTERNS = {
    DateStyle.US: "MM/dd/yyyy",
    DateStyle.DAY_FIRST: "dd/MM/yyyy",
    DateStyle.ISO: "yyyy-MM-dd",
}
DEFAULT_STYLE = DateStyle.US
_style = DEFAULT_STYLE


def parse_style(value: str | None) -> DateStyle:
    """A stored style, or the default for anything unknown (an older file has none)."""
    try:
        return DateStyle(value or DEFAULT_STYLE)
    except ValueError:
        return DEFAULT_STYLE


def use_style(style: DateStyle | str | None) -> None:
    """The clinic's style, from now on, for every date written to a person."""
    global _style
    _style = parse_style(style)


def current_style() -> DateStyle:
    return _style


def show_date(day: date, style: DateStyle | None = None) -> str:
    return day.strftime((style or _style).pattern)


def show_day(day: date) -> str:
    """A day in a list of days: its weekday first ("Tue 11/03/2026")."""
    return f"{day:%a} {show_date(day)}"


def show_moment(moment: datetime) -> str:
    """A local date and time to the minute ("11/03/2026 14:05")."""
    return f"{show_date(moment.date())} {moment:%H:%M}"


def parse_typed_date(text: str) -> date | None:
    """A date as a person types it: the clinic's style, or YYYY-MM-DD (never ambiguous)."""
    typed = text.strip()
    for pattern in dict.fromkeys((_style.pattern, DateStyle.ISO.pattern)):
        try:
            return datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
    return None
