"""Started as a subprocess by the start-up benchmarks: a window up to its first paint.

    python tests/benchmarks/first_paint.py bare|app|started

`BENCH_T0` holds the parent's `time.perf_counter()` taken just before it spawned this
process (on Linux that clock is system-wide, so the two processes share it). The first
top-level widget shown gets an event filter; after its first paint event the whole paint
and flush finish, then a zero timer prints `first-paint <seconds since BENCH_T0>` and quits.

`bare` is a plain QMainWindow; `app` is the program itself (`timer_app.cli.main([])`),
which reuses the QApplication made here. Both pay the same for this script and its hook:
PySide6 is imported and the QApplication is made the same way in both (for `app` after
`timer_app.cli`, the order the `timer-app` entry point imports them in).

`started` is the bare window reporting the way `TIMER_APP_QUIT_AFTER_START` makes the program
report: a zero timer after `show()` prints "started: window 'Bare' visible=True" and quits.
"""

from __future__ import annotations

import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0", time.perf_counter()))
READY = time.perf_counter() - T0  # the interpreter is up and this script runs


def main() -> int:
    if sys.argv[1] == "app":
        import timer_app.cli  # noqa: F401 (first, as the `timer-app` entry point does)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])

    def report() -> None:
        painted = time.perf_counter() - T0
        print(f"first-paint {painted:.6f} ready {READY:.6f}", flush=True)
        app.quit()

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, report)  # after this paint and its flush
            return False

    watcher = FirstPaint()
    plain_show = QWidget.show

    def show(widget: QWidget) -> None:
        plain_show(widget)
        if widget.isWindow():
            widget.installEventFilter(watcher)

    if sys.argv[1] == "started":
        window = QMainWindow()
        window.setWindowTitle("Bare")
        window.resize(1280, 800)
        window.show()

        def started() -> None:
            print(f"started: window 'Bare' visible={window.isVisible()}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, started)
        return app.exec()
    QWidget.show = show  # type: ignore[method-assign]
    if sys.argv[1] == "bare":
        window = QMainWindow()
        window.setWindowTitle("Bare")
        window.resize(1280, 800)
        window.show()
        return app.exec()
    from timer_app.cli import main as program

    return program([])


if __name__ == "__main__":
    raise SystemExit(main())
