"""Top-level pytest set-up: headless Qt and a data folder that is never the user's."""

import os
import tempfile

# Without a display Qt aborts the whole process; offscreen needs nothing installed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Any code path that forgets --data-dir still lands in a throwaway folder, never the
# clinic's real database.
os.environ.setdefault("TIMER_APP_DATA_DIR", tempfile.mkdtemp(prefix="timer-app-tests-"))
