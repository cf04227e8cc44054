"""Wiring: builds the store and services, then the window."""

from __future__ import annotations

import os
import sys
from datetime import datetime

from timer_app.errors import UserError


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_window(data_dir: str | None = None) -> int:
    if not _has_display():
        raise UserError(
            "no screen found (DISPLAY is not set). Start it from a desktop session, "
            "or set QT_QPA_PLATFORM=offscreen to run without a screen."
        )
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from timer_app import paths
    from timer_app.session import SystemClock
    from timer_app.store import Store
    from timer_app.ui.collector import MainThreadCollector
    from timer_app.ui.crash_report import install as install_crash_report
    from timer_app.ui.main_window import MainWindow
    from timer_app.ui.theme import STYLE_SHEET
    from timer_app.workstation import Workstation

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Therapy Timer")
    app.setStyleSheet(STYLE_SHEET)
    install_crash_report(paths.data_dir(data_dir) / "timer-app.log")
    collector = MainThreadCollector(app)  # noqa: F841 (lives as long as the app)
    try:
        store = Store.open(data_dir=data_dir)
    except UserError as error:
        QMessageBox.critical(None, "Therapy Timer cannot open its database", error.message)
        raise
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    workstation = Workstation(store, SystemClock(), tz)
    workstation.restore_open_visits()
    settings = QSettings(str(paths.data_dir(data_dir) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(workstation, settings)
    window.show()
    if os.environ.get("TIMER_APP_QUIT_AFTER_START"):  # smoke tests: open, paint, report, quit
        QTimer.singleShot(0, lambda: _report_and_quit(app, window, store.path))
    try:
        return app.exec()
    finally:
        store.close()


def _report_and_quit(app, window, database) -> None:  # type: ignore[no-untyped-def]
    print(f"started: window '{window.windowTitle()}' visible={window.isVisible()}, "
          f"database {database} exists={database.exists()}", flush=True)  # fmt: skip
    window.close()
    app.quit()
