"""Wiring: builds the store and services, then the window."""

from __future__ import annotations

import os
import sys


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_window(data_dir: str | None = None) -> int:
    from timer_app.errors import UserError

    if not _has_display():
        raise UserError(
            "no screen found (DISPLAY is not set). Start it from a desktop session, "
            "or set QT_QPA_PLATFORM=offscreen to run without a screen."
        )
    from PySide6.QtWidgets import QApplication

    from timer_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Therapy Timer")
    window = MainWindow()
    window.show()
    if os.environ.get("TIMER_APP_QUIT_AFTER_START"):  # smoke tests: open, paint, quit
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    return app.exec()
