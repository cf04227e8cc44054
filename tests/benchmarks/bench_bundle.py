"""The PyInstaller bundle: its size on disk, and its start-up against the same from source.

Start-up here is timed from outside (a frozen program cannot load `first_paint.py`): from
spawning to the line `TIMER_APP_QUIT_AFTER_START=1` makes the program print once its window
is shown ("started: window ... visible=True"). The bundle's console twin, the program from
source and a bare PySide6 window reporting the same way run interleaved on the demo clinic.
"""

from __future__ import annotations

from tests.benchmarks.bundle import current_bundle, size_on_disk
from tests.benchmarks.startup import (
    bare_started_argv,
    demo_clinic,
    interleaved,
    median_ms,
    source_argv,
    spread_ms,
    until_started,
)
from tests.benchmarks.table import Row

RUNS = 7
SIZE_BUDGET_MB = 150
OPEN_BUDGET_MS = 1000  # DESIGN.md: the program opens in under a second


def rows() -> list[Row]:
    folder, origin = current_bundle()
    allocated, apparent = size_on_disk(folder)
    size_mb = allocated / 1e6
    with demo_clinic() as data:
        samples = interleaved(
            {
                "bare": lambda: until_started(bare_started_argv(), data),
                "source": lambda: until_started(source_argv(), data),
                "bundle": lambda: until_started([str(folder / "timer-app")], data),
            },
            RUNS,
        )
    bundle, bare = median_ms(samples["bundle"]), median_ms(samples["bare"])
    return [
        Row(f"bundle: which one measured ({folder.name})", origin),
        Row("bundle: size on disk (allocated; apparent size)",
            f"{size_mb:.1f} MB ({allocated / 2**20:.1f} MiB; {apparent / 1e6:.1f} MB)",
            f"<= {SIZE_BUDGET_MB} MB", size_mb <= SIZE_BUDGET_MB),
        Row(f"bundle: bare PySide6 window, spawn to shown, median of {RUNS}",
            spread_ms(samples["bare"])),
        Row(f"bundle: program from source (demo clinic), spawn to shown, median of {RUNS}",
            spread_ms(samples["source"])),
        Row(f"bundle: bundled console twin (demo clinic), spawn to shown, median of {RUNS}",
            spread_ms(samples["bundle"]), f"< {OPEN_BUDGET_MS} ms", bundle < OPEN_BUDGET_MS),
        Row("bundle: bundled program / bare window, to shown", f"{bundle / bare:.2f}x"),
    ]  # fmt: skip
