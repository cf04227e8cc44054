"""ICD-10-CM diagnoses: look up, validate and search, from the `simple-icd-10-cm` package.

That package parses its whole data file when imported (about 1.7 s), so it is imported
here only on first use, never at start-up. The UI calls `warm_up()` in a worker thread
soon after the window shows; everything else then answers at once.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import cast

from timer_app.errors import UserError

MAX_CHILDREN_NAMED = 8
_IMPORT_LOCK = threading.Lock()
_INDEX_LOCK = threading.Lock()
_CODE_LIKE = re.compile(r"[A-Z][0-9][0-9A-Z]?\.?[0-9A-Z]{0,4}")


def _package() -> ModuleType:
    """The package, imported once; the lock keeps two threads from parsing it twice."""
    with _IMPORT_LOCK:
        # The package reads its data with a deprecated importlib call; that warning is
        # its own business, and the test suite turns warnings into errors.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import simple_icd_10_cm

        return cast(ModuleType, simple_icd_10_cm)


def warm_up() -> None:
    """Import the package and build the search index; safe to run in a worker thread."""
    _index()


def warm_up_in_background() -> threading.Thread:
    """Start `warm_up()` in a daemon thread (it never keeps the program from exiting)."""
    thread = threading.Thread(target=warm_up, name="icd10-warm-up", daemon=True)
    thread.start()
    return thread


def is_loaded() -> bool:
    """Whether lookups will answer at once; until then a lookup waits for the loading."""
    return _build_index.cache_info().currsize > 0


def normalize(code: str) -> str:
    """Upper case, no spaces, the dot after the third character (m545 -> M54.5)."""
    text = re.sub(r"\s+", "", code).upper().replace(".", "")
    return text if len(text) <= 3 else f"{text[:3]}.{text[3:]}"


@dataclass(frozen=True, slots=True)
class Diagnosis:
    code: str  # with its dot, e.g. M54.50
    description: str
    billable: bool


@dataclass(frozen=True, slots=True)
class DiagnosisCheck:
    """A code as typed, checked: valid and billable, or a message that says why not."""

    code: str
    description: str
    billable: bool
    billable_children: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _index() -> tuple[Diagnosis, ...]:
    """Every category and code below it (no chapters or blocks), in the code list's order.

    Built once; a second thread asking meanwhile waits rather than building it again.
    """
    with _INDEX_LOCK:
        return _build_index()


@cache
def _build_index() -> tuple[Diagnosis, ...]:
    icd = _package()
    return tuple(
        Diagnosis(code, str(icd.get_description(code)), bool(icd.is_leaf(code)))
        for code in icd.get_all_codes(with_dots=True)
        if icd.is_category_or_subcategory(code)
    )


@cache
def _by_code() -> dict[str, Diagnosis]:
    return {entry.code: entry for entry in _index()}


def find(code: str) -> Diagnosis | None:
    """The diagnosis for a code (any spelling: m545, M54.5), or None if no such code."""
    return _by_code().get(normalize(code))


def billable_children(code: str) -> tuple[str, ...]:
    """The billable codes below a category, in order."""
    icd = _package()
    descendants = cast(list[str], icd.get_descendants(normalize(code)))
    return tuple(child for child in descendants if icd.is_leaf(child))


def _children_words(children: tuple[str, ...]) -> str:
    named = ", ".join(children[:MAX_CHILDREN_NAMED])
    more = len(children) - MAX_CHILDREN_NAMED
    return f"{named} and {more} more" if more > 0 else named


def check(code: str) -> DiagnosisCheck:
    """Whether a code can go on a claim; a category names the billable codes below it."""
    wanted = normalize(code)
    if not wanted:
        return DiagnosisCheck("", "", False, problem="enter an ICD-10-CM code, e.g. M54.50")
    entry = find(wanted)
    if entry is None:
        shown = wanted if _CODE_LIKE.fullmatch(wanted) else code.strip()
        problem = f"'{shown}' is not an ICD-10-CM code; search by words to find the right one"
        return DiagnosisCheck(shown, "", False, problem=problem)
    if entry.billable:
        return DiagnosisCheck(entry.code, entry.description, True)
    children = billable_children(entry.code)
    problem = (
        f"{entry.code} ({entry.description}) is a category, not billable; "
        f"use a more specific code: {_children_words(children)}"
    )
    return DiagnosisCheck(entry.code, entry.description, False, children, problem)


def diagnosis_problem(code: str) -> str | None:
    """None when the code is billable, else what is wrong with it."""
    return check(code).problem


def describe(code: str) -> str:
    """A billable code's description, or a UserError that says what is wrong."""
    result = check(code)
    if result.problem is not None:
        raise UserError(result.problem)
    return result.description


def _by_words(query: str, entries: tuple[Diagnosis, ...]) -> list[Diagnosis]:
    """Descriptions holding every word; those holding the words as one phrase first."""
    words = query.split()
    found = [e for e in entries if all(w in e.description.casefold() for w in words)]
    phrase = " ".join(words)
    return sorted(found, key=lambda e: phrase not in e.description.casefold())


def search(text: str, limit: int = 25, billable_only: bool = False) -> list[Diagnosis]:
    """Codes that start with `text` (when it looks like a code, in code order), else
    whose description holds every word of it (the exact phrase first)."""
    query = text.strip()
    if not query or limit <= 0:
        return []
    entries = _index()
    if _CODE_LIKE.fullmatch(query.upper().replace(" ", "")):
        prefix = normalize(query).replace(".", "")
        found = [e for e in entries if e.code.replace(".", "").startswith(prefix)]
    else:
        found = _by_words(query.casefold(), entries)
    if billable_only:
        found = [entry for entry in found if entry.billable]
    return found[:limit]
