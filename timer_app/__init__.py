"""Therapy session timer and coder."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed metadata only when asked (it costs ~40 ms)."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("timer-app")
    except PackageNotFoundError:  # a bare source tree, or a bundle without metadata
        return "0.0.0"
