"""billing/ and session/ are the pure heart: neither Qt nor SQLite may load with them."""

import subprocess
import sys


def test_core_packages_import_neither_qt_nor_sqlite() -> None:
    probe = (
        "import sys, timer_app.billing, timer_app.session;"
        "import timer_app.billing.bill, timer_app.billing.durations;"
        "import pkgutil, importlib;"
        "[importlib.import_module(m.name) for p in (timer_app.billing, timer_app.session)"
        " for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.')];"
        "banned = ('PySide6', 'shiboken6', 'sqlite3', '_sqlite3', 'sqlite_utils');"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in banned);"
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
