"""Diagnoses and the pointers a claim line gives them: the one home of both rules.

A visit lists up to twelve ICD-10-CM codes; their order is their slot, printed as the
letters A-L. Each claim line points to one to four of them (claim box 24E, written "AB").
A line the therapist gave no letters points to the first diagnosis, A: the default is
the same on the review screen, in the file and on the superbill.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from timer_app.errors import UserError
from timer_app.records.model import MAX_DIAGNOSES, Diagnosis

LETTERS = "ABCDEFGHIJKL"  # slot 1 -> A ... slot 12 -> L
MAX_POINTERS = 4  # diagnosis pointers per claim line
DEFAULT_POINTERS = (1,)  # the first diagnosis
Pointers = Mapping[str, tuple[int, ...]]  # code -> 1-based diagnosis slots

_ICD10 = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?")
_SEPARATORS = re.compile(r"[\s,;/]+")


def check_diagnoses(diagnoses: Sequence[Diagnosis]) -> None:
    """Refuse a list a claim cannot carry: too many, not ICD-10-CM, or one listed twice."""
    if len(diagnoses) > MAX_DIAGNOSES:
        raise UserError(
            f"{len(diagnoses)} diagnoses given; a claim holds at most {MAX_DIAGNOSES} (A-L)"
        )
    seen: set[str] = set()
    for diagnosis in diagnoses:
        if not _ICD10.fullmatch(diagnosis.code):
            raise UserError(
                f"'{diagnosis.code}' is not an ICD-10-CM code; write it like M54.50 or S83.511A"
            )
        if diagnosis.code in seen:
            raise UserError(f"diagnosis {diagnosis.code} is listed twice; keep it once")
        seen.add(diagnosis.code)


def letters(slots: Sequence[int]) -> str:
    """Slots as the claim writes them: (1, 2) -> "AB"."""
    return "".join(LETTERS[slot - 1] for slot in slots)


def parse_letters(text: str, code: str, diagnosis_count: int) -> tuple[int, ...]:
    """The slots typed for a line ("A", "AB", "A,B", "a b"); () when left blank."""
    typed = "".join(_SEPARATORS.split(text.strip().upper()))
    slots = tuple(LETTERS.index(letter) + 1 if letter in LETTERS else 0 for letter in typed)
    if slots and not _fits(slots, diagnosis_count):
        wanted = _wanted(diagnosis_count)
        raise UserError(f"{code}: diagnosis letters '{text.strip()}' do not fit; {wanted}")
    return slots


def check_pointers(pointers: Pointers, diagnosis_count: int = MAX_DIAGNOSES) -> None:
    """Refuse pointers a claim line cannot carry (1-4 different slots of the diagnoses)."""
    for code, slots in pointers.items():
        if not _fits(slots, diagnosis_count):
            raise UserError(f"{code}: {_wanted(diagnosis_count)}")


def line_pointers(pointers: Pointers, code: str) -> tuple[int, ...]:
    """The slots a code's line points to: as chosen, else the first diagnosis."""
    return tuple(pointers.get(code) or DEFAULT_POINTERS)


def _fits(slots: Sequence[int], diagnosis_count: int) -> bool:
    return (
        1 <= len(slots) <= MAX_POINTERS
        and len(set(slots)) == len(slots)
        and all(1 <= slot <= min(diagnosis_count, MAX_DIAGNOSES) for slot in slots)
    )


def _wanted(diagnosis_count: int) -> str:
    if diagnosis_count < 1:
        return "add a diagnosis first, then point to it with A"
    last = LETTERS[min(diagnosis_count, MAX_DIAGNOSES) - 1]
    choice = "A" if last == "A" else f"A-{last}"
    return f"give one to four different diagnosis letters of {choice}, e.g. A or AB"
