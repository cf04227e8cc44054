"""What each workstation is timing now, shared through the clinic server.

    publish(connection, [RunningHere(...), ...])   # this workstation's running intervals
    elsewhere(connection) -> [RunningElsewhere]    # the others', seen in the last minutes

A workstation sends its list every few seconds while it is online (from the background
sender, never from a tap); a list not refreshed for `FRESH_SECONDS` (a computer switched off
mid-visit) no longer counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

FRESH_SECONDS = 120


@dataclass(frozen=True)
class RunningHere:
    interval_id: str
    clinician_uuid: str
    code: str
    started_at: datetime  # UTC


@dataclass(frozen=True)
class RunningElsewhere:
    workstation: str  # its name, as the owner gave it
    clinician_uuid: str
    code: str
    started_at: datetime  # UTC


def publish(connection: Any, running: Sequence[RunningHere]) -> None:
    """Replace this workstation's list with `running`, in one transaction."""
    connection.run("START TRANSACTION")
    try:
        kept = [item.interval_id for item in running]
        connection.run("DELETE FROM running_now WHERE workstation = current_user AND "
                       "NOT (interval_id = ANY(CAST(:kept AS text[])))", kept=kept)  # fmt: skip
        for item in running:
            connection.run(
                "INSERT INTO running_now (interval_id, clinician_uuid, code, started_at) "
                "VALUES (:i, CAST(:c AS uuid), :code, :s) ON CONFLICT (interval_id) "
                "DO UPDATE SET seen_at = now()",
                i=item.interval_id, c=item.clinician_uuid, code=item.code, s=item.started_at,
            )  # fmt: skip
        connection.run("COMMIT")
    except Exception:
        connection.run("ROLLBACK")
        raise


def elsewhere(connection: Any) -> list[RunningElsewhere]:
    rows = connection.run(
        "SELECT coalesce(w.name, r.workstation), r.clinician_uuid::text, r.code, r.started_at "
        "FROM running_now r LEFT JOIN workstation_login w ON w.role_name = r.workstation "
        "WHERE r.workstation <> current_user "
        f"AND r.seen_at > now() - interval '{FRESH_SECONDS} seconds' ORDER BY r.started_at"
    )
    return [RunningElsewhere(str(a), str(b), str(c), d) for a, b, c, d in rows]
