"""The clinic's date style (issue 14, one date format): kept with its details, audited like
any change to them, used for every date written from when the clinic's records open, and
again the moment the owner saves another one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from timer_app.clinic import ClinicServices, Records, RecordsChanged
from timer_app.dates import DEFAULT_STYLE, DateStyle, current_style, show_date, use_style
from timer_app.errors import UserError
from timer_app.records.model import parse_birth_date
from timer_app.session import FakeClock
from timer_app.store import MemoryStore

BORN = date(1948, 3, 2)


@pytest.fixture(autouse=True)
def us_dates_after() -> Iterator[None]:
    """The style is process-wide: every test leaves the default behind."""
    yield
    use_style(DEFAULT_STYLE)


def test_saving_another_style_writes_every_date_its_way_from_then_on(
    clinic: ClinicServices,
) -> None:
    assert show_date(BORN) == "03/02/1948"
    heard: list[object] = []
    clinic.events.subscribe(heard.append)
    found = clinic.setup.clinic()
    assert found is not None and found.date_style == "MM/DD/YYYY"
    saved = clinic.setup.save_clinic(replace(found, date_style="DD/MM/YYYY"))
    assert saved.date_style == "DD/MM/YYYY" == clinic.store.clinic.get().date_style  # type: ignore[union-attr]
    assert current_style() is DateStyle.DAY_FIRST and show_date(BORN) == "02/03/1948"
    assert parse_birth_date("02/03/1948") == BORN  # typed the clinic's way too
    assert heard == [RecordsChanged(Records.EVERYTHING)]  # every screen reads again
    entry = clinic.store.audit.latest(1)[0]
    assert entry.what == "clinic changed"
    assert (entry.before or {})["date_style"] == "MM/DD/YYYY"
    assert (entry.after or {})["date_style"] == "DD/MM/YYYY"
    clinic.setup.save_clinic(replace(saved, phone="(217) 555-0199"))
    assert heard[-1] == RecordsChanged(Records.CLINIC)  # the style unchanged: the clinic only


def test_the_style_is_used_when_the_clinics_records_open(
    clinic: ClinicServices, store: MemoryStore, clock: FakeClock
) -> None:
    found = store.clinic.get()
    assert found is not None
    store.clinic.save(replace(found, date_style="YYYY-MM-DD"))
    assert show_date(BORN) == "03/02/1948"  # nothing read it yet
    ClinicServices(store, clock, clinic.tz)
    assert show_date(BORN) == "1948-03-02"


def test_a_style_the_program_does_not_know_is_refused(clinic: ClinicServices) -> None:
    found = clinic.setup.clinic()
    assert found is not None
    with pytest.raises(UserError, match="Dates: choose one of MM/DD/YYYY, DD/MM/YYYY"):
        clinic.setup.save_clinic(replace(found, date_style="D.M.YY"))
    assert clinic.store.clinic.get() == found


def test_a_plan_of_care_date_is_typed_the_clinics_way() -> None:
    from timer_app.clinic.plan_of_care import typed_day

    use_style(DateStyle.DAY_FIRST)
    assert typed_day("01/10/2026") == (date(2026, 10, 1), None)
    assert typed_day("2026-10-01") == (date(2026, 10, 1), None)  # never ambiguous
    _, problem = typed_day("10/13/2026")  # a US date in a day-first clinic
    assert problem == "write the date as DD/MM/YYYY, e.g. 01/10/2026"
