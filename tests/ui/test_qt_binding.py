"""The Qt binding itself: PySide6 6.12.0 dropped a reference to None on every void call,
which aborts Python 3.11 after some thousands of repaints. Guard the pin."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("")
        label.setVisible(False)
    assert abs(sys.getrefcount(None) - before) < 100


def test_a_real_font_is_installed(qapp) -> None:  # type: ignore[no-untyped-def]
    """Without fonts Qt draws boxes and PDFs hold no text (TOOLCHAIN.md)."""
    from PySide6.QtGui import QFontDatabase

    assert QFontDatabase.families()
