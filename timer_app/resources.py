"""Where the shipped data files live, the same lookup from source, a wheel or a bundle."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


@cache
def resources_root() -> Traversable:
    """The `resources/` folder: inside the package when installed or frozen, else the checkout's."""
    packaged = files("timer_app") / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def read_text(name: str) -> str:
    return (resources_root() / name).read_text(encoding="utf-8")
