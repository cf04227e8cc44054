"""Tamper evidence: the audit log as a hash chain, and a signed visit's digest.

Each audit row's hash covers the row and the hash of the row before it, so an edited or
removed row breaks every hash after it; the head (the last hash and the row count) is kept
apart, so rows cut from the end show too. A signed visit version keeps a digest of what was
signed. This is evidence, not prevention: whoever can write the file can also recompute
the hashes; what it stops is a quiet change by a database tool.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timer_app.records.model import Visit

GENESIS = ""  # the hash "before" the first row


def digest(*parts: Any) -> str:
    """sha256 of the parts as canonical JSON (sorted keys, no spaces, text for the rest)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def audit_hash(previous: str, row: Mapping[str, Any]) -> str:
    """One audit row's link: every column but its own hash, and the hash before it."""
    return digest(previous, {key: value for key, value in row.items() if key != "hash"})


def chain_problems(rows: Sequence[Mapping[str, Any]], head: tuple[int, str] | None) -> list[str]:
    """What is wrong with the audit rows (in id order) against the head kept apart."""
    problems: list[str] = []
    previous, last_id = GENESIS, 0
    for row in rows:
        if row["id"] != last_id + 1:
            problems.append(
                f"audit rows {last_id + 1}-{row['id'] - 1} are missing (removed outside the "
                "program)"
            )
        if audit_hash(previous, row) != row["hash"]:
            problems.append(f"audit row {row['id']} was changed outside the program")
        previous, last_id = row["hash"], row["id"]
    if head is not None and (head[0] != len(rows) or head[1] != previous):
        if head[0] > len(rows):
            problems.append(
                f"{head[0] - len(rows)} audit rows are missing from the end (removed outside "
                "the program)"
            )
        elif not problems:
            problems.append("the audit log's last rows do not match its recorded end")
    return problems


SEAL_V2 = "v2:"  # a seal that covers the place of service and the progress report too


def visit_digest(visit: Visit) -> str:
    """The seal of a visit signed now: every stored fact billing and the claim read
    (intervals, diagnoses and their letters, choices, payer, discipline, place of service,
    telehealth by telephone, the progress report), the signed lines, and the signer and
    the time. Marked `v2:`: a seal made before those facts were kept has no mark and is
    checked as it was made (`seal_matches`)."""
    return SEAL_V2 + digest(
        _sealed_v1(visit), visit.place_of_service, visit.audio_only, visit.progress_report
    )


def seal_matches(visit: Visit) -> bool:
    """Whether the visit is as it was signed. A seal without its mark was made by an older
    version and covers what that version sealed; either way, a changed fact breaks it."""
    sealed = visit.signed_digest
    if sealed is None:
        return False
    if sealed.startswith(SEAL_V2):
        return visit_digest(visit) == sealed
    return digest(*_sealed_v1(visit)) == sealed


def _sealed_v1(visit: Visit) -> list[Any]:
    """What a seal covered before the place of service was kept with the visit."""
    return [
        visit.id, visit.version, visit.patient_id, visit.clinician_id, visit.date,
        visit.payer_id, visit.discipline.value, visit.amends_id,
        [[i.id, i.code, i.clinician_id, _utc(i.start), _utc(i.end), i.duration_ms]
         for i in visit.intervals],
        [[d.code, d.description] for d in visit.diagnoses],
        {code: list(slots) for code, slots in visit.diagnosis_pointers.items()},
        visit.chosen_units, list(visit.shared_minutes_to),
        [[code, list(mods), units, minutes] for code, mods, units, minutes in visit.signed_lines],
        visit.signed_by, _utc(visit.signed_at), visit.signed_workstation,
    ]  # fmt: skip


def _utc(moment: datetime | None) -> str | None:
    """A time as the store spells it, whatever zone it was handed in."""
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="microseconds")
