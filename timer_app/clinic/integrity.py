"""Tamper evidence, checked: signed visits whose sealed digest no longer matches, and audit
rows edited or removed outside the program. Run at start (the owner is shown) and by
`timer-app verify`. This finds quiet changes by a database tool; it cannot stop someone who
can write the file from rewriting the evidence too (see the README's security section).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from timer_app.clinic.port import StorePort
from timer_app.records.chain import seal_matches
from timer_app.session.model import VisitStatus


@dataclass(frozen=True, slots=True)
class Findings:
    visits: dict[int, str] = field(default_factory=dict)  # visit id -> what is wrong
    audit: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.visits and not self.audit

    def lines(self) -> list[str]:
        """Each finding in words, visits first."""
        return [f"Visit {key}: {words}" for key, words in sorted(self.visits.items())] + list(
            self.audit
        )


CHANGED = (
    "changed outside the program after it was signed (its sealed digest no longer "
    "matches): compare it with a backup before billing it"
)
UNSEALED = "signed, but carries no seal (signed by an older version): it cannot be checked"


class Integrity:
    def __init__(self, store: StorePort) -> None:
        self._store = store

    def check(self) -> Findings:
        return Findings(self._visits(), tuple(self._store.audit.chain_problems()))

    def _visits(self) -> dict[int, str]:
        found: dict[int, str] = {}
        for status in (VisitStatus.SIGNED, VisitStatus.BILLED):
            for visit in self._store.visits.find(status=status, include_history=True):
                if visit.signed_digest is None:
                    continue  # signed before seals existed: nothing to compare with
                if not seal_matches(visit):
                    found[visit.id] = CHANGED
        return found
