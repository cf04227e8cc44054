"""Therapy session timer and coder."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("timer-app")
except PackageNotFoundError:  # running from a bare source tree or a bundle without metadata
    __version__ = "0.0.0"
