"""What each layer may import, checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def test_validators_and_diagnoses_are_pure_and_lazy() -> None:
    loaded = modules_after("import timer_app.billing.identifiers, timer_app.billing.icd10")
    assert not {"PySide6", "sqlite3", "simple_icd_10_cm"} & loaded


def test_building_and_exporting_superbills_needs_no_qt() -> None:
    loaded = modules_after("import timer_app.superbill, timer_app.superbill.export")
    assert "PySide6" not in loaded
    assert "simple_icd_10_cm" not in loaded
