"""The status line's words: connected, or what waits and when it was last tried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from timer_app.clinic.sync import SyncStatus

AT = datetime(2026, 11, 2, 19, 5, tzinfo=UTC)
CHICAGO = timezone(timedelta(hours=-6))


def test_words() -> None:
    assert SyncStatus(connected=True).words(UTC) == "connected"
    assert SyncStatus(connected=False).words(UTC) == "not connected; nothing waiting to send"
    assert SyncStatus(False, 1).words(UTC) == "1 visit waiting to send"
    waiting = SyncStatus(False, 3, 1, AT, "The clinic server cannot be reached now.")
    assert waiting.words(CHICAGO) == "3 visits and 1 patient waiting to send, last tried 13:05"
    assert SyncStatus(True, 0, 2, AT).words(UTC) == "2 patients waiting to send, last tried 19:05"
