"""Time, injected: a monotonic clock for durations and UTC wall time for timestamps."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (NTP, daylight saving cannot stretch it)."""

    def now(self) -> datetime:
        """The wall time, timezone-aware, in UTC."""

    def boot(self) -> str:
        """Which boot of the computer the monotonic clock counts from ("" if unknown)."""


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def boot(self) -> str:
        return _boot_id()


def _boot_id() -> str:
    """Linux names each boot; elsewhere a restart cannot be told apart ("")."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


class FakeClock:
    """A clock that moves only when told to: tests and demos."""

    def __init__(self, start: datetime | None = None) -> None:
        self._wall = start or datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
        self._mono = 1000.0
        self._boot = "boot-1"

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def boot(self) -> str:
        return self._boot

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go back")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def set_wall(self, seconds: float) -> None:
        """Someone moves the computer's clock (either way); time itself does not jump."""
        self._wall += timedelta(seconds=seconds)

    def restart_computer(self, seconds_off: float) -> None:
        """A new boot `seconds_off` later: the monotonic clock starts again."""
        self._wall += timedelta(seconds=seconds_off)
        self._mono = 10.0
        self._boot = f"boot-{int(self._boot.split('-')[1]) + 1}"
