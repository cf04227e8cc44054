"""Run slow work (ICD-10 loading, PDF batches) off the UI thread, answer on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Bridge(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self._work, self._bridge = work, bridge

    @Slot()
    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the UI thread, shown there in words
            self._bridge.failed.emit(error)
            return
        self._bridge.done.emit(result)


_alive: set[_Bridge] = set()  # bridges must outlive their job; dropped once it answered


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Call `work()` on a pool thread; `on_done(result)` or `on_error(error)` on this thread."""
    bridge = _Bridge()
    _alive.add(bridge)
    bridge.done.connect(on_done)
    bridge.failed.connect(on_error)
    bridge.done.connect(lambda _r: _alive.discard(bridge))
    bridge.failed.connect(lambda _e: _alive.discard(bridge))
    QThreadPool.globalInstance().start(_Job(work, bridge))
