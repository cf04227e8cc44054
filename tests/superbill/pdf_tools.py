"""Reading PDFs back with poppler-utils; tests skip, saying why, when it is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not found: install poppler-utils to read PDFs back")
    return found


def pdf_text(path: Path, *options: str) -> str:
    args = [_tool("pdftotext"), "-layout", *options, str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(
        [_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def page_count(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def first_word_box(path: Path) -> tuple[float, float]:
    """(x, y) in points of the page's first word: where the template's content starts."""
    boxes = pdf_text(path, "-bbox", "-f", "1", "-l", "1")
    match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"', boxes)
    assert match is not None, "no text found: are fonts installed (fonts-dejavu-core)?"
    return float(match[1]), float(match[2])
