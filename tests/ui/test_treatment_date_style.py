"""The treatment screen follows a date style saved in set-up at once: its patient box is
read again (each patient's date of birth written the new way)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from timer_app.clinic import ClinicServices
from timer_app.dates import DEFAULT_STYLE, use_style
from timer_app.records import Clinic
from timer_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def us_dates_after() -> Iterator[None]:
    yield
    use_style(DEFAULT_STYLE)


def test_a_new_date_style_reloads_the_treatment_screens_patient_box(
    window: MainWindow, clinic: ClinicServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    bar = window.treatment.visit_bar
    reloaded: list[str] = []
    reload = bar.reload

    def spy() -> None:
        reload()
        reloaded.append(bar.patient.itemText(0))

    monkeypatch.setattr(bar, "reload", spy)
    found = Clinic("Riverside Therapy", "12 Main St\nSpringfield, IL 62701", "(217) 555-0100",
                   "12-3456789", "1234567893")  # fmt: skip
    clinic.setup.save_clinic(found)
    reloaded.clear()
    clinic.setup.save_clinic(replace(found, phone="(217) 555-0199"))
    assert reloaded == []  # the clinic's phone: nothing to write again there
    clinic.setup.save_clinic(replace(found, date_style="YYYY-MM-DD"))
    assert len(reloaded) == 1
