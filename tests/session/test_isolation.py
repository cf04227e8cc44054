"""The timer engine imports neither Qt nor SQLite, directly or through anything it imports."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_session_package_loads_no_qt_and_no_sqlite() -> None:
    code = (
        "import sys, timer_app.session, timer_app.session.timer, timer_app.session.board;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlite3', "
        "'_sqlite3', 'shiboken6', 'sqlite_utils'));"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
