"""What is wrong with a value typed in clinic set-up, in words for the field's side. No Qt.

Each `*_problem` returns None when the value is fine, else one short sentence; money is
parsed to integer cents here and nowhere else. The set-up forms show these beside their
fields as the owner types; `timer_app.clinic.setup` checks the same again before saving.

How long each typed text may be is said here once (the `*_LIMIT`s): the forms cut typing
there and say the limit beside the field, and set-up refuses longer text from anywhere
else. No text may hold a control character (`text_problem`).
"""

from __future__ import annotations

import re
from datetime import date, time

from timer_app.billing import Discipline
from timer_app.billing.identifiers import ein_problem, mbi_problem, npi_problem
from timer_app.billing.profiles import MEDICARE
from timer_app.dates import DateStyle, current_style, show_date
from timer_app.records import Role, Sex
from timer_app.records.model import address_lines, parse_birth_date
from timer_app.superbill.model import PRINTED_ADDRESS_LINES, unprintable

MAX_FEE_CENTS = 10_000_00  # $10,000 a unit: anything above is a typo
_DOLLARS = re.compile(r"(\d{1,3}(,\d{3})+|\d+)(\.(\d{1,2}))?", re.ASCII)
_PHONE_DIGITS = 10
# CPT (5 digits, or 4 digits and a letter for category II/III) and HCPCS (a letter, 4 digits)
_CODE = re.compile(r"\d{5}|\d{4}[FTU]|[A-V]\d{4}")

# The longest text each field takes, after the claim form's (CMS-1500) field widths with a
# little room; the superbill prints up to `superbill.model.PRINTED_CHARACTERS` of any.
NAME_LIMIT = 80  # a patient's or a clinician's name
CREDENTIALS_LIMIT = 40  # "PT, DPT, OCS" or "MS, CCC-SLP"
ADDRESS_LINE_LIMIT = 55  # one line of an address
ADDRESS_LINES_LIMIT = PRINTED_ADDRESS_LINES  # street, suite, city/state/ZIP and one more
RECORD_NUMBER_LIMIT = 30  # the clinic's medical record number
MEMBER_ID_LIMIT = 30  # the insurance card's member ID
GROUP_NUMBER_LIMIT = 30  # the insurance card's group number (item 11)
PAYER_NAME_LIMIT = 60
CLINIC_NAME_LIMIT = 80
PHONE_LIMIT = 30
CODE_LABEL_LIMIT = 60  # a custom code's label, on its tile and the superbill
DESCRIPTION_LIMIT = 250  # a diagnosis's description (ICD-10-CM's longest has 228)

__all__ = ["ein_problem", "npi_problem"]  # re-exported: the forms take every check from here


def limit_words(limit: int) -> str:
    """The limit as said beside a field."""
    return f"at most {limit} characters"


def address_limit_words() -> str:
    return f"at most {ADDRESS_LINES_LIMIT} lines of {ADDRESS_LINE_LIMIT} characters"


def text_problem(value: str, what: str, limit: int) -> str | None:
    """One line of typed text: no control character (a NUL, a tab, a line break, or the
    invisible marks that reorder text right to left), and at most `limit` characters."""
    if unprintable(value):
        return f"the {what} contains an invisible control character; retype it"
    typed = len(value.strip())
    if typed > limit:
        return f"{limit_words(limit)}; this {what} has {typed}"
    return None


def address_text_problem(value: str, what: str = "address") -> str | None:
    """An address of a few lines (line breaks are fine here), each of them not too long."""
    if unprintable(value, lines=True):
        return f"the {what} contains an invisible control character; retype it"
    lines = address_lines(value)
    if len(lines) > ADDRESS_LINES_LIMIT:
        return f"at most {ADDRESS_LINES_LIMIT} lines; this {what} has {len(lines)}"
    for number, line in enumerate(lines, start=1):
        if len(line) > ADDRESS_LINE_LIMIT:
            return f"line {number} has {len(line)} characters; {limit_words(ADDRESS_LINE_LIMIT)}"
    return None


def required(value: str, what: str) -> str | None:
    return f"enter the {what}" if not value.strip() else None


def name_problem(value: str) -> str | None:
    """A patient's or a clinician's name."""
    return required(value, "name") or text_problem(value, "name", NAME_LIMIT)


def credentials_problem(value: str) -> str | None:
    return required(value, "credentials, e.g. PT, DPT") or text_problem(
        value, "credentials", CREDENTIALS_LIMIT
    )


def clinic_name_problem(value: str) -> str | None:
    return required(value, "clinic's name") or text_problem(value, "name", CLINIC_NAME_LIMIT)


def payer_name_problem(value: str) -> str | None:
    return required(value, "payer's name") or text_problem(value, "name", PAYER_NAME_LIMIT)


def code_label_problem(value: str) -> str | None:
    return required(value, "label") or text_problem(value, "label", CODE_LABEL_LIMIT)


def record_number_problem(value: str) -> str | None:
    return text_problem(value, "record number", RECORD_NUMBER_LIMIT)


def patient_address_problem(value: str) -> str | None:
    """A patient's address may be left empty; one typed in has a few short lines."""
    return address_text_problem(value)


def description_problem(value: str) -> str | None:
    """A diagnosis's description (the ICD-10-CM list's words, or a script's)."""
    return text_problem(value, "diagnosis description", DESCRIPTION_LIMIT)


def optional_npi_problem(value: str) -> str | None:
    """An NPI may be left empty (an assistant's), but one typed in must be right."""
    return None if not value.strip() else npi_problem(value)


def clinician_npi_problem(value: str, role: Role) -> str | None:
    """Therapists render and sign visits, so the claim needs their NPI."""
    if role.is_assistant:
        return optional_npi_problem(value)
    return npi_problem(value)


def discipline_problem(role: Role, discipline: Discipline) -> str | None:
    expected = role.discipline
    if discipline is expected:
        return None
    return f"a {role.value} works in {expected.value}; choose {expected.value} or another role"


def address_problem(value: str) -> str | None:
    """The clinic's address, printed at the top of every superbill."""
    if len(address_lines(value)) < 2:
        return "two lines at least: the street, then city, state and ZIP"
    return address_text_problem(value)


def member_id_problem(
    value: str, payer_id: int | None, profile: str | None = None
) -> str | None:
    """`profile`: the payer's; Medicare's member ID is an MBI, whose format is checked."""
    if payer_id is not None and not value.strip():
        return "enter the member ID from the insurance card"
    if profile == MEDICARE and value.strip():
        return mbi_problem(value)
    return text_problem(value, "member ID", MEMBER_ID_LIMIT)


def sex_problem(value: object) -> str | None:
    """The claim form ticks F or M (item 3); U leaves both empty when it is not known."""
    if value in tuple(Sex):
        return None
    return "choose F (female), M (male) or U (unknown)"


def physician_problem(name: str, npi: str) -> str | None:
    """The referring or certifying physician's name (item 17), wanted with their NPI."""
    if npi.strip() and not name.strip():
        return "enter the physician's name with their NPI (item 17)"
    return text_problem(name, "physician's name", NAME_LIMIT)


def physician_npi_problem(npi: str, name: str) -> str | None:
    """Item 17b: a claim naming a physician without an NPI is returned unpaid."""
    if name.strip() and not npi.strip():
        return "enter the physician's 10-digit NPI (item 17b): Medicare returns a claim without it"
    return optional_npi_problem(npi)


def group_number_problem(value: str) -> str | None:
    return text_problem(value, "group number", GROUP_NUMBER_LIMIT)


def secondary_payer_problem(secondary_id: int | None, payer_id: int | None) -> str | None:
    if secondary_id is None:
        return None
    if payer_id is None:
        return "a secondary insurance needs a primary one: choose the insurance first"
    if secondary_id == payer_id:
        return "this is the primary insurance too; choose another payer or none"
    return None


def secondary_member_problem(
    value: str, secondary_id: int | None, profile: str | None = None
) -> str | None:
    """The member ID on the secondary card; one without its payer would go nowhere."""
    if secondary_id is None and value.strip():
        return "choose the secondary payer this member ID belongs to, or clear it"
    return member_id_problem(value, secondary_id, profile)


def phone_problem(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if not value.strip():
        return "enter the phone number printed on the superbill"
    if (problem := text_problem(value, "phone number", PHONE_LIMIT)) is not None:
        return problem
    if re.search(r"[^\d\s().+-]", value):
        return "use digits, spaces, dashes or brackets only"
    if len(digits) == _PHONE_DIGITS + 1 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != _PHONE_DIGITS:
        return f"a US phone number has 10 digits; this one has {len(digits)}"
    return None


def tax_id_problem(value: str) -> str | None:
    return ein_problem(value)


def date_style_problem(value: str) -> str | None:
    """One of the ways the program writes dates (`timer_app.dates.DateStyle`)."""
    if value in {style.value for style in DateStyle}:
        return None
    return f"choose one of {', '.join(style.value for style in DateStyle)}"


def birth_date(text: str, today: date) -> tuple[date | None, str | None]:
    """The date of birth typed (the clinic's way, MM/DD/YYYY by default, or YYYY-MM-DD),
    or what is wrong with it."""
    example = show_date(date(1948, 3, 2))
    if not text.strip():
        return None, f"enter the date of birth, e.g. {example}"
    born = parse_birth_date(text.strip())
    if born is None:
        return None, f"write the date as {current_style().value}, e.g. {example}"
    problem = born_problem(born, today)
    return (None, problem) if problem else (born, None)


def born_problem(born: date, today: date) -> str | None:
    if born > today:
        return "this date is in the future; check the year"
    if born.year < today.year - 130:
        return "this is more than 130 years ago; check the year"
    return None


def cents(text: str) -> tuple[int | None, str | None]:
    """A fee typed in dollars ("31.50", "$1,200", "45") as integer cents; blank is None."""
    amount, problem = dollars_as_cents(text, "a fee")
    if amount is not None and amount > MAX_FEE_CENTS:
        return None, "more than $10,000 a unit; check the amount"
    return amount, problem


def dollars_as_cents(text: str, what: str = "an amount") -> tuple[int | None, str | None]:
    """Dollars as typed, as integer cents; blank is None.

    Parsed from the text's digits, never through float, so 0.29 is 29 cents exactly.
    """
    typed = text.strip().removeprefix("$").strip()
    if not typed:
        return None, None
    if typed.startswith("-"):
        return None, f"{what} cannot be negative"
    found = _DOLLARS.fullmatch(typed)
    if found is None:
        return None, "write dollars and cents, e.g. 31.50"
    whole = int(found.group(1).replace(",", ""))
    part = (found.group(4) or "0").ljust(2, "0")
    return whole * 100 + int(part), None


def custom_code_problem(code: str, known: set[str]) -> str | None:
    typed = code.strip().upper()
    if not typed:
        return "enter the code, e.g. 97799"
    if not _CODE.fullmatch(typed):
        return "a CPT code is 5 digits (97799); a HCPCS code a letter and 4 digits (G0283)"
    if typed in known:
        return f"{typed} is already in the list; turn it on there instead"
    return None


_CLOCK = re.compile(
    r"\s*(?P<h>\d{1,2})(?:[:.h ]?(?P<m>\d{2})(?:[:.]?(?P<s>\d{2}))?)?\s*(?P<half>[ap]\.?m?\.?)?\s*",
    re.IGNORECASE,
)


def clock_time(text: str) -> time | None:
    """A time of day as people type it: 9:25, 09:25:30, 925, 9.25, 9:25 pm, 21:25, 9 (the
    hour); None when it is not one."""
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    second = int(match["s"] or 0)
    half = (match["half"] or "").lower()[:1]
    if half and not 1 <= hour <= 12:
        return None
    if half == "p" and hour != 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def duration_seconds(text: str) -> int | None:
    """A length as people type it: 18 (minutes), 18:30 (minutes and seconds), 1:05:00
    (hours, minutes, seconds), 18 min; None when it is not one, or is not above zero."""
    words = text.strip().lower().removesuffix("min").removesuffix("minutes").strip()
    parts = words.split(":")
    if not words or len(parts) > 3 or not all(p.isdigit() for p in parts):
        return None
    numbers = [int(p) for p in parts]
    if len(numbers) == 1:
        seconds = numbers[0] * 60
    elif len(numbers) == 2:
        seconds = numbers[0] * 60 + numbers[1] if numbers[1] < 60 else -1
    else:
        ok = numbers[1] < 60 and numbers[2] < 60
        seconds = numbers[0] * 3600 + numbers[1] * 60 + numbers[2] if ok else -1
    return seconds if seconds > 0 else None
