"""The child of the kill test: times codes on the real clock into a real file until killed.

Usage: python -m tests.store.kill_child FILE VISIT_ID CLINICIAN_ID BEAT_SECONDS SEED

Reports on stdout, one line each, only after the store's commit has returned:
`ready`, `started ID`, `ended ID DURATION_MS`, `beat`.
"""

from __future__ import annotations

import random
import sys
import time
import uuid
from dataclasses import replace

from timer_app.session.clock import SystemClock
from timer_app.session.model import Interval, IntervalEnded, IntervalStarted
from timer_app.store import Store

CODES = ("97110", "97140", "97112", "97530")
SUPERVISED = "97010"  # may run beside a one-on-one code


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Child:
    def __init__(self, store: Store, visit_id: int, clinician_id: int, beat_every: float) -> None:
        self.store = store
        self.visit_id = visit_id
        self.clinician_id = clinician_id
        self.beat_every = beat_every
        self.clock = SystemClock()
        self.last_beat = time.monotonic()
        self.revision = store.visits.get(visit_id).revision
        self.running: dict[str, float] = {}  # interval id -> monotonic start

    def write(self, change: IntervalStarted | IntervalEnded) -> None:
        """One committed write at the visit's revision, as the treatment service makes it."""
        visit = self.store.write_visit(self.visit_id, self.revision, [change], "kill test")
        self.revision = visit.revision

    def start(self, code: str) -> tuple[Interval, float]:
        interval = Interval(
            uuid.uuid4().hex, self.visit_id, code, self.clinician_id, self.clock.now(), None
        )
        began = time.monotonic()
        self.write(IntervalStarted(interval))
        self.running[interval.id] = began
        self.last_beat = began  # every batch is a heartbeat
        _say(f"started {interval.id}")
        return interval, began

    def stop(self, interval: Interval, began: float) -> None:
        ms = int((time.monotonic() - began) * 1000)
        done = replace(interval, end=self.clock.now(), duration_ms=ms)
        self.write(IntervalEnded(done))
        del self.running[interval.id]
        self.last_beat = time.monotonic()
        _say(f"ended {interval.id} {ms}")

    def wait(self, seconds: float) -> None:
        """Sleep in small steps, beating as the window's timer would."""
        until = time.monotonic() + seconds
        while (now := time.monotonic()) < until:
            if now - self.last_beat >= self.beat_every:
                self.last_beat = now
                seen = {key: int((now - began) * 1000) for key, began in self.running.items()}
                self.store.beat(seen)  # as the treatment service does: what it saw running
                _say("beat")
            time.sleep(min(0.01, max(0.0, until - now)))


def main(argv: list[str]) -> None:
    path, visit_id, clinician_id, beat_every, seed = argv
    rng = random.Random(int(seed))
    store = Store.open(path)
    child = Child(store, int(visit_id), int(clinician_id), float(beat_every))
    _say("ready")
    while True:
        running = [child.start(rng.choice(CODES))]
        if rng.random() < 0.3:
            running.append(child.start(SUPERVISED))
        child.wait(rng.uniform(0.0, 1.5) if rng.random() < 0.5 else rng.uniform(0.0, 0.2))
        for interval, began in running:
            child.stop(interval, began)
        child.wait(rng.uniform(0.0, 0.1))


if __name__ == "__main__":
    main(sys.argv[1:])
