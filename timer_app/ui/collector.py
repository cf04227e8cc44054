"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate. When a background job (the
ICD-10 list, a PDF batch) triggers it, Qt objects in garbage cycles are destroyed off the
GUI thread and the process crashes. So automatic collection is off and this timer collects
on the GUI thread, with Python's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):  # the oldest generation that is due, with the younger
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return
