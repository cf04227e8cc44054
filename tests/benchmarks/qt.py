"""The one QApplication of a benchmark run."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def qt_app() -> QApplication:
    """The QApplication (widgets need one: a QGuiApplication made first would refuse them)."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication), "a QGuiApplication was made before the benchmarks'"
    return app
