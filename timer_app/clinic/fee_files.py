"""A payer's fee schedule as a CSV file, and fees copied from another payer. No Qt.

fee_csv(rows) / write_fee_file(path, rows)   code, fee in dollars (34.87), our own label
read_fee_file(path) / parse_fee_csv(text, known, turned_off)
                                             every line checked; a FeeImport with the
                                             fees, or every problem with its line number
compare(current, incoming, labels)           what an import or a copy would change
parse_percent(text) / copied(source, codes, hundredths)
                                             another payer's fees at a percentage, to cents

A file with any wrong line brings nothing in: a biller who fixes the file and imports it
again gets exactly the file, never half of it. A read file accepts what spreadsheets write:
a header row (or none), Excel's UTF-8 byte-order mark or its Windows-1252 text, commas or
semicolons, "$34.87", "34.87" or "34". A blank fee removes the code's fee; a code the file
does not list keeps its fee. The labels written are the program's own words for the codes,
never CPT descriptors, and are not read back.

Nothing here saves: the screen shows what would change and the owner's Save goes through
`ClinicSetup.save_payer`, which checks the role and records the change in the audit log.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from timer_app.clinic.checks import MAX_FEE_CENTS, cents
from timer_app.errors import UserError
from timer_app.outputs import check_target, data_folder_of, write_bytes
from timer_app.superbill.model import printable

MAX_FILE_BYTES = 1_000_000  # a fee schedule is a few kilobytes; more is another file
HEADER = ("code", "fee", "service")
_CODE_NAMES = ("code", "cpt", "hcpcs")
_FEE_NAMES = ("fee", "amount", "rate", "price", "charge", "allowed", "$")
_FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet would run the cell as a formula
_DIGIT = re.compile(r"\d")
MIN_PERCENT, MAX_PERCENT = 1, 1000
_PERCENT = re.compile(r"(\d{1,4})(\.(\d{1,2}))?", re.ASCII)


@dataclass(frozen=True, slots=True)
class FeeImport:
    """What a file holds: code -> cents (None: the fee removed), or what is wrong with it."""

    fees: dict[str, int | None]
    problems: tuple[str, ...]
    lines: int  # the lines that held a fee

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class FeeChange:
    code: str
    label: str
    before: int | None
    after: int | None


@dataclass(frozen=True, slots=True)
class FeeChanges:
    """What new fees would do to the ones in place, code by code."""

    new: tuple[FeeChange, ...]
    changed: tuple[FeeChange, ...]
    removed: tuple[FeeChange, ...]
    unchanged: int

    @property
    def all(self) -> tuple[FeeChange, ...]:
        return self.new + self.changed + self.removed

    def summary(self) -> str:
        """In words: "3 new fees, 2 changed, 10 unchanged"; "2 fees changed, 1 removed"."""
        counts = (
            (len(self.new), "new", True),
            (len(self.changed), "changed", False),
            (len(self.removed), "removed", False),
            (self.unchanged, "unchanged", False),
        )
        parts: list[str] = []
        for count, what, before in (c for c in counts if c[0]):
            if parts:
                parts.append(f"{count} {what}")
            else:
                noun = "fee" if count == 1 else "fees"
                parts.append(f"{count} {what} {noun}" if before else f"{count} {noun} {what}")
        return ", ".join(parts) or "no fees"


def dollars(amount: int | None) -> str:
    """Cents as a spreadsheet reads dollars: 3487 -> "34.87"; None -> ""."""
    if amount is None:
        return ""
    whole, part = divmod(amount, 100)
    return f"{whole}.{part:02d}"


# --- writing ---------------------------------------------------------------------------------


def fee_csv(rows: Iterable[tuple[str, str, int | None]]) -> str:
    """(code, label, cents or None) as CSV text: a header, then a line per code."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for code, label, amount in rows:
        writer.writerow((code, dollars(amount), _cell(label)))
    return out.getvalue()


def _cell(text: str) -> str:
    """A label as a spreadsheet shows it: one line, never taken for a formula."""
    clean = printable(text, None)
    return "'" + clean if clean.startswith(_FORMULA_START) else clean


def write_fee_file(path: Path, rows: Iterable[tuple[str, str, int | None]]) -> Path:
    """The schedule written whole or not at all (UTF-8 with the mark Excel looks for), never
    over the clinic's own files; an existing file of the person's choice is replaced."""
    target = check_target(Path(path), overwrite=True, data_dir=data_folder_of(Path(path)))
    write_bytes(target, fee_csv(rows).encode("utf-8-sig"), overwrite=True)
    return target


# --- reading ---------------------------------------------------------------------------------


def read_fee_file(path: Path) -> str:
    """A file's text as a spreadsheet saved it (UTF-8, with or without its mark, else
    Windows-1252), or a UserError saying why it cannot be read."""
    source = Path(path)
    try:
        if source.is_dir():
            raise UserError(f"{source} is a folder; choose the CSV file inside it")
        if source.stat().st_size > MAX_FILE_BYTES:
            raise UserError(
                f"{source.name} is larger than a fee schedule (over 1 MB); choose the CSV "
                "file with one line per code"
            )
        data = source.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{source} does not exist; choose the file again") from None
    except PermissionError:
        raise UserError(f"{source} may not be read by you; copy it somewhere you may "
                        "read, or ask whoever owns it") from None  # fmt: skip
    except OSError as error:
        raise UserError(f"{source} could not be read ({error.strerror}); try again, or "
                        "copy it to this computer first") from None  # fmt: skip
    if b"\x00" in data:
        raise UserError(f"{source.name} is not a CSV file; in the spreadsheet, save the "
                        "schedule as CSV and choose that file")  # fmt: skip
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_fee_csv(text: str, known: Collection[str], turned_off: Collection[str] = ()) -> FeeImport:
    """Every line checked against the clinic's codes (`known`, the ones with a fee row);
    a problem names its line and what to do."""
    body = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(body), delimiter=_delimiter(body))
    fees: dict[str, int | None] = {}
    seen: dict[str, int] = {}
    problems: list[str] = []
    code_at, fee_at = 0, 1
    header_done = False
    lines = 0
    try:
        for cells in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if not header_done:
                header_done = True
                if not _DIGIT.search(cells[0]):
                    code_at, fee_at = _columns(cells)
                    continue
            lines += 1
            code = cells[code_at].strip().upper() if code_at < len(cells) else ""
            typed = cells[fee_at] if fee_at < len(cells) else ""
            problem = _line_problem(code, typed, known, turned_off, seen.get(code))
            if problem:
                problems.append(f"Line {number}: {problem}")
                seen.setdefault(code, number)
                continue
            seen[code] = number
            fees[code] = cents(typed)[0]
    except csv.Error as error:
        problems.append(f"Line {reader.line_num}: {error}; save the schedule from the "
                        "spreadsheet as CSV again")  # fmt: skip
    if not lines and not problems:
        problems.append("The file holds no fees: write one line per code, e.g. 97110,34.87")
    return FeeImport(fees if not problems else {}, tuple(problems), lines)


def _delimiter(text: str) -> str:
    """Commas, or semicolons (Excel's where a comma is the decimal mark): the first line's."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    semicolons = first.count(";")
    return ";" if semicolons and semicolons >= first.count(",") else ","


def _columns(header: list[str]) -> tuple[int, int]:
    """Which columns hold the code and the fee, by their names; else the first two."""
    names = [cell.strip().lower() for cell in header]
    code_at = next((i for i, n in enumerate(names) if any(w in n for w in _CODE_NAMES)), 0)
    fee_at = next(
        (i for i, n in enumerate(names) if i != code_at and any(w in n for w in _FEE_NAMES)),
        1 if code_at != 1 else 0,
    )
    return code_at, fee_at


def _line_problem(
    code: str,
    typed: str,
    known: Collection[str],
    turned_off: Collection[str],
    before: int | None,
) -> str | None:
    shown = printable(code, 20)
    if not code:
        return "no code; put the code in the first column, or delete the line"
    if code not in known:
        if code in turned_off:
            return (f"{shown} is turned off in Codes; turn it on there first, or delete "
                    "the line")  # fmt: skip
        return (f"{shown} is not one of the clinic's codes; add it in Codes first, or "
                "delete the line")  # fmt: skip
    if before is not None:
        return f"{shown} is also on line {before}; keep one line per code"
    _, problem = cents(typed)
    if problem:
        return f"{shown}, fee “{printable(typed, 20)}”: {problem}"
    return None


# --- what would change, and copies ---------------------------------------------------------


def compare(
    current: Mapping[str, int | None],
    incoming: Mapping[str, int | None],
    labels: Mapping[str, str],
) -> FeeChanges:
    """`incoming` over `current` (None or absent: no fee), code by code."""
    new: list[FeeChange] = []
    changed: list[FeeChange] = []
    removed: list[FeeChange] = []
    unchanged = 0
    for code, after in incoming.items():
        before = current.get(code)
        change = FeeChange(code, labels.get(code, ""), before, after)
        if before == after:
            unchanged += 1
        elif before is None:
            new.append(change)
        elif after is None:
            removed.append(change)
        else:
            changed.append(change)
    return FeeChanges(tuple(new), tuple(changed), tuple(removed), unchanged)


def parse_percent(text: str) -> tuple[int | None, str | None]:
    """A percentage typed ("110", "110%", "92.5") in hundredths (11000); blank is 100%."""
    typed = text.strip().removesuffix("%").strip()
    if not typed:
        return 100_00, None
    found = _PERCENT.fullmatch(typed)
    if found is None:
        return None, "write a percentage, e.g. 110 or 92.5"
    hundredths = int(found.group(1)) * 100 + int((found.group(3) or "0").ljust(2, "0"))
    if not MIN_PERCENT * 100 <= hundredths <= MAX_PERCENT * 100:
        return None, f"write a percentage from {MIN_PERCENT} to {MAX_PERCENT}"
    return hundredths, None


def scaled(amount: int, hundredths: int) -> int:
    """`amount` cents at `hundredths` of a percent, to the cent, half a cent rounded up."""
    return (amount * hundredths * 2 + 100_00) // (2 * 100_00)


def copied(
    source: Mapping[str, int], codes: Collection[str], hundredths: int
) -> tuple[dict[str, int], tuple[str, ...]]:
    """The source payer's fees for `codes` at the percentage; the codes it has no fee for
    are left out (they keep theirs). A fee that would pass the limit is a problem."""
    fees: dict[str, int] = {}
    problems: list[str] = []
    for code in codes:
        if code not in source:
            continue
        amount = scaled(source[code], hundredths)
        if amount > MAX_FEE_CENTS:
            problems.append(f"{code} would be ${dollars(amount)}, more than $10,000 a unit; "
                            "choose a smaller percentage")  # fmt: skip
        fees[code] = amount
    return fees, tuple(problems)
