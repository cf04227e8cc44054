"""One row of the benchmark table, and the table itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    name: str
    figure: str  # the measured value, with its unit
    budget: str = "-"  # the budget in words, or "-" when the row only informs
    holds: bool | None = None  # None: no budget


def render(rows: list[Row]) -> str:
    header = Row("measure", "figure", "budget", None)
    cells = [(r.name, r.figure, r.budget, _verdict(r)) for r in [header, *rows]]
    cells[0] = ("measure", "figure", "budget", "holds")
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(4)) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _verdict(row: Row) -> str:
    if row.holds is None:
        return "-"
    return "yes" if row.holds else "NO"
