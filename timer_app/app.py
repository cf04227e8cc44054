"""Wiring: the window first, then the store and the services behind it.

The window paints before the heavier modules and the database load, so a therapist sees
the program at once; the screens appear a moment later.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from timer_app.errors import UserError, database_trouble

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from timer_app.ui.main_window import MainWindow


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
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from timer_app import file_modes, paths
    from timer_app.resources import resources_root
    from timer_app.ui.main_window import MainWindow
    from timer_app.ui.theme import STYLE_SHEET

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Therapy Timer")
    app.setWindowIcon(QIcon(str(resources_root() / "icons" / "timer-app.svg")))
    app.setStyleSheet(STYLE_SHEET)
    try:
        folder = paths.data_dir(data_dir)
    except UserError as error:  # a desktop launch has no terminal: say it in a window
        _say_and_end(error.message)
        return error.exit_status
    settings_file = folder / paths.SETTINGS_NAME
    file_modes.create_private(settings_file)  # QSettings keeps the mode of the file it replaces
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(None, settings)
    window.show()
    app.processEvents()  # paint the window now, before the database and the screens load
    QTimer.singleShot(0, lambda: _open_clinic(app, window, folder))
    return app.exec()


def _say_and_end(words: str, parent: QWidget | None = None) -> None:
    """The reason the program cannot go on, in a window (or on stdout for smoke tests)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    if os.environ.get("TIMER_APP_QUIT_AFTER_START"):
        print(f"cannot open: {words}", flush=True)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Therapy Timer cannot open its database",
                      words, parent=parent)  # fmt: skip
    box.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a path or a name
    box.exec()


def _cannot_open(app: QApplication, window: MainWindow, error: BaseException) -> None:
    """Say why in words and end with status 2: never a window left waiting."""
    if isinstance(error, UserError):
        words = error.message
    elif type(error).__module__ == "sqlite3":  # loaded after the first paint
        words = database_trouble("The clinic's database", error, "it was opened")
    else:
        words = f"The data folder could not be used ({error}); check that it is writable."
    _say_and_end(words, window)
    app.exit(UserError.exit_status)


def _open_clinic(app: QApplication, window: MainWindow, folder: Path) -> None:
    """After the first paint: open the database and build the screens on it."""
    import sqlite3

    from timer_app import paths
    from timer_app.clinic import open_local
    from timer_app.ui.collector import MainThreadCollector
    from timer_app.ui.crash_report import install as install_crash_report

    install_crash_report(folder / paths.LOG_NAME)
    MainThreadCollector(app)
    try:
        clinic = open_local(data_dir=folder, program="the Therapy Timer window")
    except (UserError, sqlite3.DatabaseError, OSError) as error:
        _cannot_open(app, window, error)
        return
    try:
        clinic.treatment.restore_open_visits()
        clinic.start_link()  # joined to a clinic server: send and pull in the background
        window.attach(clinic, sign_in=True)
    except (UserError, sqlite3.DatabaseError) as error:  # a record it cannot read
        clinic.close()
        _cannot_open(app, window, error)
        return
    app.aboutToQuit.connect(clinic.close)
    if os.environ.get("TIMER_APP_QUIT_AFTER_START"):  # smoke tests: open, paint, report, quit
        path = clinic.location
        exists = path is not None and path.exists()
        print(f"started: window '{window.windowTitle()}' visible={window.isVisible()}, "
              f"database {path} exists={exists}", flush=True)  # fmt: skip
        window.close()
        app.quit()
