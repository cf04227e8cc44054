"""Run every benchmark module and print one table (`./dev bench`)."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sys

import tests.benchmarks as package
from tests.benchmarks.table import Row, render


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(prog="./dev bench")
    parser.add_argument("--only", help="run only the bench_* modules whose name contains this")
    args = parser.parse_args()
    rows: list[Row] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        if not module.startswith("bench_") or (args.only and args.only not in module):
            continue
        print(f"running {module} ...", file=sys.stderr, flush=True)
        rows += importlib.import_module(f"tests.benchmarks.{module}").rows()
    print(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores"
    )
    print(render(rows))
    return 0 if all(row.holds is not False for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
