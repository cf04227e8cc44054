"""Helpers for the start-up rows: spawn a program offscreen and time it from outside.

Two ways of timing, each used the same way for every program it compares:
- `first_paint`: `first_paint.py` (same interpreter as the benchmarks) reports the moment
  the first window finished its first paint, from the parent's clock just before spawning;
- `until_started`: the parent reads the program's stdout until the line
  `TIMER_APP_QUIT_AFTER_START` makes it print ("started: window ... visible=True"), or
  the same line from `first_paint.py started` for a bare window; a frozen bundle can only
  be timed this way.
Runs of the programs compared are interleaved (a, b, a, b, ...) after one warm-up each,
so a noisy machine slows both alike; the figure is the median.
"""

from __future__ import annotations

import os
import re
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parent / "first_paint.py"
CACHE = Path(__file__).resolve().parent / ".cache"
TIMEOUT_S = 60
Timing = Callable[[], float]


def quiet_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Offscreen, a throwaway data folder, and XDG folders inside it: never the user's.

    Bytecode is cached (in .cache/pycache, never beside the sources) even when the caller
    set PYTHONDONTWRITEBYTECODE: a from-source start compiling every module each time is
    not what a clinic runs.
    """
    env = dict(os.environ)
    env.pop("TIMER_APP_QUIT_AFTER_START", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(CACHE / "pycache"),
        QT_QPA_PLATFORM="offscreen",
        TIMER_APP_DATA_DIR=str(data_dir),
        XDG_DATA_HOME=str(data_dir / "xdg-data"),
        XDG_CONFIG_HOME=str(data_dir / "xdg-config"),
        **extra,
    )
    return env


@contextmanager
def demo_clinic() -> Iterator[Path]:
    """A data folder holding the demo clinic (3 clinicians, 50 visits, one open)."""
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    with tempfile.TemporaryDirectory(prefix="timer-bench-") as tmp:
        folder = Path(tmp) / "data"
        subprocess.run(
            [*source_argv(), "demo", "--data-dir", str(folder)],
            env=quiet_env(folder),
            check=True,
            capture_output=True,
            timeout=TIMEOUT_S,
        )
        yield folder


def first_paint(mode: str, data_dir: Path) -> float:
    """Seconds from spawning `first_paint.py MODE` to its first window painted."""
    began = time.perf_counter()
    env = quiet_env(data_dir, BENCH_T0=repr(began))
    done = subprocess.run(
        [sys.executable, str(LAUNCHER), mode],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1])
    raise RuntimeError(f"{mode}: no first paint (exit {done.returncode}): {done.stderr[-800:]}")


def until_started(argv: Sequence[str], data_dir: Path) -> float:
    """Seconds from spawning `argv` to its 'started: window' line (the window is shown)."""
    env = quiet_env(data_dir, TIMER_APP_QUIT_AFTER_START="1")
    began = time.perf_counter()
    with subprocess.Popen(
        list(argv),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as process:
        assert process.stdout is not None
        seen, output = None, b""
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while seen is None and time.perf_counter() - began < TIMEOUT_S:
                if not selector.select(timeout=1):
                    continue
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    break
                output += chunk
                if re.search(rb"^started: window .* visible=True", output, re.MULTILINE):
                    seen = time.perf_counter() - began
        try:
            process.wait(timeout=TIMEOUT_S)
        finally:
            if process.poll() is None:
                process.kill()
    if seen is None:
        raise RuntimeError(
            f"{argv[0]}: no 'started: window' line (exit {process.returncode}): {output[-400:]!r}"
        )
    return seen


def source_argv() -> list[str]:
    """The program from source, as the `timer-app` entry point runs it."""
    return [sys.executable, "-c", "from timer_app.cli import main; raise SystemExit(main())"]


def bare_started_argv() -> list[str]:
    """A bare QMainWindow that prints the 'started' line the same way the program does."""
    return [sys.executable, str(LAUNCHER), "started"]


def interleaved(timings: Mapping[str, Timing], runs: int) -> dict[str, list[float]]:
    """One warm-up of each, then `runs` rounds of each in turn."""
    for timing in timings.values():
        timing()
    samples: dict[str, list[float]] = {name: [] for name in timings}
    for _ in range(runs):
        for name, timing in timings.items():
            samples[name].append(timing())
    return samples


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def spread_ms(samples: Sequence[float]) -> str:
    """'median ms (min-max)' of the samples."""
    return f"{median_ms(samples):.0f} ms ({min(samples) * 1000:.0f}-{max(samples) * 1000:.0f})"
