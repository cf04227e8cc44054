"""A first start on a large screen opens maximised; on a small one, 1280x800 centred."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSettings, Qt

from timer_app.ui import main_window
from timer_app.ui.main_window import MainWindow


class _Screen:
    def __init__(self, width: int, height: int) -> None:
        self.room = QRect(0, 0, width, height)

    def availableGeometry(self) -> QRect:  # noqa: N802 (Qt's name)
        return self.room


def _first_start(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 width: int, height: int) -> MainWindow:  # fmt: skip
    monkeypatch.setattr(main_window.QApplication, "primaryScreen",
                        staticmethod(lambda: _Screen(width, height)))  # fmt: skip
    settings = QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    return window


def test_a_large_screen_opens_maximised(
    qtbot: Any, qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _first_start(qtbot, tmp_path, monkeypatch, 1920, 1080)
    assert window.windowState() & Qt.WindowState.WindowMaximized


def test_a_small_screen_gets_1280_by_800_in_the_middle(
    qtbot: Any, qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _first_start(qtbot, tmp_path, monkeypatch, 1366, 768)
    assert not window.windowState() & Qt.WindowState.WindowMaximized
    assert (window.width(), window.height()) == (1280, 800)
