"""How much of the file is read on open: everything after an unclean exit or on the first
start of the day; the header and schema after a clean close the same day."""

from __future__ import annotations

from pathlib import Path

import pytest

from timer_app.store import Store, opening


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    seen: list[bool] = []
    real = opening._check_content

    def spy(path: Path, thorough: bool = True) -> bool:
        seen.append(thorough)
        return real(path, thorough)

    monkeypatch.setattr(opening, "_check_content", spy)
    return seen


def test_clean_close_the_same_day_skips_the_full_check(tmp_path: Path, checks: list[bool]) -> None:
    Store.open(data_dir=tmp_path).close()  # creates the file and today's backup
    Store.open(data_dir=tmp_path).close()
    assert checks == [False]
    assert not (tmp_path / "clinic.sqlite3.in-use").exists()


def test_an_unclean_exit_reads_every_page_next_time(tmp_path: Path, checks: list[bool]) -> None:
    Store.open(data_dir=tmp_path).close()
    crashed = Store.open(data_dir=tmp_path)
    crashed.db.close()  # killed: no clean close, the marker stays
    crashed._claim.release()  # type: ignore[union-attr]  # as the system does for a dead process
    assert (tmp_path / "clinic.sqlite3.in-use").exists()
    Store.open(data_dir=tmp_path).close()
    assert checks == [False, True]


def test_the_first_start_of_a_day_reads_every_page(tmp_path: Path, checks: list[bool]) -> None:
    Store.open(data_dir=tmp_path, daily_backup=False).close()  # no backup today
    Store.open(data_dir=tmp_path, daily_backup=False).close()
    assert checks == [True]
