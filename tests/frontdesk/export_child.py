"""The child of the killed-export test: `timer-app export` of a large CSV, until killed.

Usage: python -m tests.frontdesk.export_child DATA_DIR CSV_FILE REPEAT PAUSE

Every claim line is written REPEAT times (a large file, made over a while). Said on stdout:
`ready` when the first line is made, `writing` when the file itself starts to be written.
With PAUSE > 0 the file is written in 20 slices PAUSE seconds apart, as on a slow disk.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator

from timer_app import outputs
from timer_app.cli import main
from timer_app.superbill import export
from timer_app.superbill.export import ClaimRow
from timer_app.superbill.model import Superbill

SLICES = 20


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _large(repeat: int) -> Callable[[Iterable[Superbill]], Iterator[ClaimRow]]:
    real = export.claim_rows

    def rows(bills: Iterable[Superbill]) -> Iterator[ClaimRow]:
        for number, row in enumerate(real(bills)):
            if number == 0:
                _say("ready")
            for _ in range(repeat):
                yield row

    return rows


def _slow(pause: float) -> Callable[[outputs.Pending, bytes], None]:
    real = outputs.Pending.write

    def write(pending: outputs.Pending, data: bytes) -> None:
        _say("writing")
        step = max(1, len(data) // SLICES)
        for start in range(0, len(data), step):
            real(pending, data[start : start + step])
            time.sleep(pause)

    return write


if __name__ == "__main__":
    data_dir, csv_file = sys.argv[1], sys.argv[2]
    repeat, pause = int(sys.argv[3]), float(sys.argv[4])
    export.claim_rows = _large(repeat)
    outputs.Pending.write = _slow(pause)  # type: ignore[method-assign]
    days = ["--from", "2000-01-01", "--to", "2100-12-31"]
    sys.exit(main(["export", "--data-dir", data_dir, *days, "--csv", csv_file, "--force"]))
