"""Finding a code by what a therapist types: its number, its words or the clinic's
everyday names and abbreviations ("ther ex", "e-stim", "hot pack", "neuro re").

Ranked: the code typed whole first, then codes where every typed word starts a word of
the code, its tile, its label or one of its aliases, then codes that merely contain the
typed words ("hot" is inside "Orthotic": last). Equal matches list the codes therapy bills
most first (`common` in codes.json), then in catalog order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from timer_app.billing.catalog import Code

_WORD = re.compile(r"[a-z0-9]+")
_CHUNK = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)+")  # e-stim, w/c, re-ed: also one word
RESULTS = 8  # what the search shows at once: a short list a finger can reach


class Match(IntEnum):
    CODE = 0  # the code typed whole
    WORD_START = 1  # every typed word starts one of the code's words
    CONTAINS = 2  # every typed word is somewhere inside them


@dataclass(frozen=True, slots=True)
class Found:
    code: Code
    match: Match
    alias: str = ""  # the everyday word that found it, when its own words did not


def words(text: str) -> list[str]:
    """Lower-case words; a hyphenated or slashed word counts whole too ("e-stim", "estim")."""
    lowered = text.lower()
    return _WORD.findall(lowered) + [_joined(chunk) for chunk in _CHUNK.findall(lowered)]


def typed_words(text: str) -> list[str]:
    """What was typed, word by word; "w/c" and "e-stim" stay one word ("wc", "estim"):
    their single letters would start half the catalog's words."""
    lowered = text.lower()
    whole = _CHUNK.findall(lowered)
    rest = _CHUNK.sub(" ", lowered)
    return [_joined(chunk) for chunk in whole] + _WORD.findall(rest)


def _joined(chunk: str) -> str:
    return re.sub(r"[-/]", "", chunk)


@dataclass(frozen=True, slots=True)
class _Entry:
    code: Code
    own: tuple[str, ...]  # the words of the code, its tile and its label
    every: tuple[str, ...]  # the same with its aliases' words
    text: str  # all of it in one lower-case string, for "contains"


def _entry(code: Code) -> _Entry:
    own = words(f"{code.code} {code.tile} {code.label}")
    every = own + [w for alias in code.aliases for w in words(alias)]
    text = " ".join([code.code, code.tile, code.label, *code.aliases, *every]).lower()
    return _Entry(code, tuple(own), tuple(every), text)


def _starts(typed: list[str], among: Iterable[str]) -> bool:
    pool = tuple(among)
    return all(any(w.startswith(t) for w in pool) for t in typed)


class CodeSearch:
    """The codes that may be searched, their words worked out once."""

    def __init__(self, codes: Iterable[Code]) -> None:
        self._entries = [_entry(code) for code in codes]

    def find(self, text: str, limit: int = RESULTS) -> list[Found]:
        typed = typed_words(text)
        if not typed:
            return []
        found = [f for f in (self._match(e, text, typed) for e in self._entries) if f]
        order = {id(f): index for index, f in enumerate(found)}
        found.sort(key=lambda f: (f.match, f.code.common or 10_000, order[id(f)]))
        return found[:limit]

    def _match(self, entry: _Entry, text: str, typed: list[str]) -> Found | None:
        if text.strip().upper() == entry.code.code:
            return Found(entry.code, Match.CODE)
        if _starts(typed, entry.own):
            return Found(entry.code, Match.WORD_START)
        if _starts(typed, entry.every):
            return Found(entry.code, Match.WORD_START, _alias(entry.code, typed))
        if all(t in entry.text for t in typed):
            return Found(entry.code, Match.CONTAINS)
        return None


def _alias(code: Code, typed: list[str]) -> str:
    """The alias that best explains the hit: the one covering most typed words."""
    return max(code.aliases, key=lambda a: sum(_starts([t], words(a)) for t in typed))
