"""The outbox of the store on the clinic server: always empty.

A workstation's file queues what it must send up to the server; a store that writes the
server itself has nothing to send, so nothing is queued, nothing waits, and it has joined
no other server (set-up is not refused as on a joined workstation: this is the master).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class NothingWaiting:
    visits: int = 0
    patients: int = 0
    last_tried_at: datetime | None = None
    last_error: str = ""

    @property
    def count(self) -> int:
        return 0


class ServerOutbox:
    def joined(self) -> bool:
        return False

    def queue(self, kind: str, record_id: int) -> None:
        """Nothing to queue: the record is on the server already."""

    def queue_all_signed(self) -> int:
        return 0

    def pending(self, limit: int = 50, *, after: int = 0) -> Sequence[Any]:
        return ()

    def mark_sent(self, item_id: int, outcome: str, at: datetime) -> None:
        raise ValueError(f"the clinic server's store has no outbox item {item_id}")

    def mark_failed(self, item_id: int, error: str, at: datetime) -> None:
        raise ValueError(f"the clinic server's store has no outbox item {item_id}")

    def waiting(self) -> NothingWaiting:
        return NothingWaiting()
