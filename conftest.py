"""Top-level pytest set-up: headless Qt and a data folder that is never the user's."""

import gc
import os
import tempfile
from collections.abc import Iterator

import pytest

# Without a display Qt aborts the whole process; offscreen needs nothing installed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Any code path that forgets --data-dir still lands in a throwaway folder, never the
# clinic's real database.
os.environ.setdefault("TIMER_APP_DATA_DIR", tempfile.mkdtemp(prefix="timer-app-tests-"))


# Background jobs (the ICD-10 list, PDF batches) must never run the cycle collector: Qt
# objects freed off the GUI thread crash the process. The program collects on its GUI
# thread (timer_app.ui.collector); the tests collect between tests, on the main thread.
@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    gc.disable()
    yield
    gc.collect()


# A throwaway PostgreSQL clinic server, for the tests that ask for one (tests/postgres.py).
pytest_plugins = ["tests.postgres"]
