"""`timer-app verify`: signed visits changed outside the program, audit rows edited or
removed. Exit 0 when nothing is found, 1 when something is (each finding on its line)."""

from __future__ import annotations

import argparse

from timer_app.clinic import open_existing
from timer_app.paths import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    with open_existing(args.data_dir, "verify") as clinic:
        findings = clinic.integrity.check()
        clinic.store.log_access("integrity checked", after={"findings": len(findings.lines())})
    if findings.clean:
        print("No sign of tampering: every sealed visit matches its seal and the audit log's "
              "chain holds.")  # fmt: skip
        return 0
    print("Found (evidence of changes made outside Therapy Timer):")
    for line in findings.lines():
        print(f"  {line}")
    return 1
