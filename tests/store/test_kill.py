"""The kill test: a child times codes on the real clock and is SIGKILLed at random moments.

After each kill the file passes the integrity check, every interval the child reported as
ended (after its commit returned) is there with its duration, and what was running comes
back with a gap no longer than the heartbeat period. Several children run side by side on
their own files to keep the test short.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.helpers import seed
from timer_app.clinic import open_local
from timer_app.store import Store

KILLS = int(os.environ.get("KILL_TEST_KILLS", "52"))
WORKERS = 4
PERIOD = 1.0  # the heartbeat period under test: the longest gap we promise
BEAT_EVERY = 0.8 * PERIOD  # how often the child beats, as the window's timer does
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Figures:
    kills: int = 0
    ended_reported: int = 0
    lost: list[str] = field(default_factory=list)
    recovered: int = 0
    largest_gap: float = 0.0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.kills += other.kills
        self.ended_reported += other.ended_reported
        self.lost += other.lost
        self.recovered += other.recovered
        self.largest_gap = max(self.largest_gap, other.largest_gap)
        self.problems += other.problems


def _prepare(path: Path) -> tuple[int, int]:
    with Store.open(path) as store:
        seeded = seed(store)
        return seeded.visit.id, seeded.therapist.id


def _one_kill(path: Path, ids: tuple[int, int], rng: random.Random, figures: Figures) -> None:
    command = [sys.executable, "-m", "tests.store.kill_child", str(path), *map(str, ids),
               str(BEAT_EVERY), str(rng.randrange(1 << 30))]  # fmt: skip
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", "the child could not open the store"
    time.sleep(rng.uniform(0.02, 1.6 * PERIOD))
    killed_at = datetime.now(UTC)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    figures.kills += 1
    _check(path, out.splitlines(), killed_at, figures)


def _check(path: Path, lines: list[str], killed_at: datetime, figures: Figures) -> None:
    started = {line.split()[1] for line in lines if line.startswith("started ")}
    ended = {line.split()[1]: int(line.split()[2]) for line in lines if line.startswith("ended ")}
    figures.ended_reported += len(ended)
    raw = sqlite3.connect(path)
    verdict = raw.execute("PRAGMA integrity_check").fetchone()[0]
    raw.close()
    if verdict != "ok":
        figures.problems.append(f"integrity check after a kill: {verdict}")
    with open_local(path, daily_backup=False) as clinic:  # the program's own way back
        rows = clinic.store.db.query('SELECT id, "end", duration_ms FROM interval')  # type: ignore[attr-defined]
        stored = {row["id"]: row for row in rows}
        for interval_id in started - stored.keys():
            figures.lost.append(interval_id)
        for interval_id, ms in ended.items():
            row = stored.get(interval_id)
            if row is None or row["end"] is None or row["duration_ms"] != ms:
                figures.lost.append(interval_id)
        for recovered in clinic.treatment.recovered():
            figures.recovered += 1
            if recovered.interval.id in ended:
                figures.problems.append(f"{recovered.interval.id} was ended but came back running")
            gap = (
                killed_at - max(recovered.last_heartbeat, recovered.interval.start)
            ).total_seconds()
            figures.largest_gap = max(figures.largest_gap, gap)
            clinic.treatment.resolve_recovered(recovered, keep_running=False)


def _worker(folder: Path, kills: int, seed_value: int) -> Figures:
    folder.mkdir()
    path = folder / "clinic.sqlite3"
    ids = _prepare(path)
    rng = random.Random(seed_value)
    figures = Figures()
    for _ in range(kills):
        _one_kill(path, ids, rng, figures)
    return figures


@pytest.mark.slow
def test_sigkill_at_random_moments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    per_worker = -(-KILLS // WORKERS)
    seed_value = random.randrange(1 << 30)
    began = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = pool.map(
            lambda n: _worker(tmp_path / f"w{n}", per_worker, seed_value + n), range(WORKERS)
        )
        figures = Figures()
        for result in results:
            figures.add(result)
    with capsys.disabled():
        print(
            f"\nkill test (seed {seed_value}): {figures.kills} kills in "
            f"{time.monotonic() - began:.1f} s, {figures.ended_reported} ended intervals "
            f"reported, {len(figures.lost)} lost, {figures.recovered} recovered running, "
            f"largest gap {figures.largest_gap * 1000:.0f} ms (heartbeat period "
            f"{PERIOD * 1000:.0f} ms)"
        )
    assert figures.kills >= 50
    assert figures.problems == []
    assert figures.lost == []
    assert figures.recovered > 0, "no kill landed while a code was running"
    assert figures.largest_gap <= PERIOD
