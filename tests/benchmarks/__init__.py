"""Benchmarks: `./dev bench` (python -m tests.benchmarks) prints one table.

Each `bench_*.py` module here exposes `rows() -> list[Row]`. Budgets are checked as
figures from one run side by side, never as timed unit tests.
"""
