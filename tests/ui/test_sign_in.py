"""Signing in: nothing before it, a wrong PIN said and nothing opened, the owner's first
start, the demo's PINs on the demo clinic only, Switch user and Lock in two taps."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.conftest import (
    PINS,
    patient_names,
    people_window_on,
    shown_texts,
    sign_in_as,
)
from timer_app.clinic import ClinicServices
from timer_app.records.people import Access
from timer_app.ui.main_window import MainWindow


def _tabs_shown(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())
            if window.tabs.isTabVisible(i)]  # fmt: skip


def _no_patient_in_sight(window: MainWindow) -> None:
    words = "\n".join(shown_texts(window))
    for name in patient_names(window.clinic):
        assert name not in words, name


def test_nothing_shows_before_someone_signs_in(people_window: MainWindow) -> None:
    assert people_window.pages.currentWidget() is people_window.sign_in_screen
    assert not people_window.tabs.isVisible()
    assert people_window.clinic.access.user is None
    assert people_window.windowTitle() == "Therapy Timer"
    picker = people_window.sign_in_screen.picker
    assert sorted(b.accessibleName() for b in picker.name_buttons.values()) == sorted(PINS)
    _no_patient_in_sight(people_window)


def test_a_name_and_the_right_pin_open_that_persons_screen(
    qtbot, people_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Dana Reyes")
    assert people_window.pages.currentWidget() is people_window.body
    assert people_window.clinic.access.user.name == "Dana Reyes"
    assert people_window.windowTitle() == "Therapy Timer: Dana Reyes"
    assert people_window.who.text() == "Signed in: Dana Reyes (a therapist)"
    assert people_window.who.isVisible() and people_window.lock_button.isVisible()
    assert _tabs_shown(people_window) == ["Treatment", "Clinic set-up"]
    bar = people_window.treatment.visit_bar
    dana = people_window.clinic.access.user.clinician_id
    assert bar.clinician.currentData() == dana  # visits start as the signed-in therapist


def test_a_wrong_pin_is_said_and_opens_nothing(
    qtbot, people_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Dana Reyes", "1234")
    picker = people_window.sign_in_screen.picker
    assert picker.problem.isVisible()
    assert picker.problem.text() == "That PIN is not Dana Reyes's; try again."
    assert picker.entry.field.text() == ""  # the typed PIN is not kept
    assert people_window.pages.currentWidget() is people_window.sign_in_screen
    assert people_window.clinic.access.user is None
    assert "Dana" not in people_window.windowTitle()
    _no_patient_in_sight(people_window)
    sign_in_as(qtbot, people_window, "Dana Reyes")  # the right one then opens it
    assert people_window.pages.currentWidget() is people_window.body


def test_the_on_screen_pad_types_the_pin(
    qtbot, people_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    picker = people_window.sign_in_screen.picker
    kim = next(u for u in people_window.clinic.access.users() if u.access is Access.FRONT_DESK)
    picker.name_buttons[kim.id].click()
    keys = {b.text(): b for b in picker.entry.findChildren(type(picker.entry.ok))}
    for key in "4445":
        keys[key].click()
    keys["⌫"].click()
    keys["4"].click()
    assert picker.entry.field.echoMode() == picker.entry.field.EchoMode.Password
    picker.entry.ok.click()
    assert people_window.clinic.access.user == kim


def test_switch_user_is_two_taps_and_shows_the_others_areas(
    qtbot, people_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Dana Reyes")
    people_window.switch_button.click()
    assert people_window.pages.currentWidget() is people_window.lock_screen
    assert people_window.lock_screen.heading.text() == "Switch user"
    assert people_window.lock_screen.picker.chosen is None  # the next person taps their name
    sign_in_as(qtbot, people_window, "Kim Lee (front desk)")
    assert people_window.windowTitle() == "Therapy Timer: Kim Lee (front desk)"
    assert _tabs_shown(people_window) == ["Front desk", "Clinic set-up"]
    assert people_window.tabs.currentWidget() is people_window.front_desk


def test_ctrl_l_locks(qtbot, people_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(qtbot, people_window, "Dana Reyes")
    qtbot.keyClick(people_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert people_window.pages.currentWidget() is people_window.lock_screen
    assert people_window.clinic.access.locked
    assert people_window.windowTitle() == "Therapy Timer: locked"


def test_first_start_creates_the_owner(
    qtbot, clinic: ClinicServices, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = people_window_on(qtbot, clinic, tmp_path)
    screen = window.sign_in_screen
    assert screen.pages.currentWidget() is screen.owner
    assert not screen.demo_people.isVisible()
    screen.owner.name.setText("Morgan Ellis")
    qtbot.keyClicks(screen.owner.pin, "2468")
    qtbot.keyClicks(screen.owner.pin_again, "2469")
    screen.owner.create_button.click()
    assert screen.owner.problem.text() == "The two PINs differ; type the same PIN twice."
    assert clinic.access.needs_owner()
    qtbot.keyClicks(screen.owner.pin, "2468")
    qtbot.keyClicks(screen.owner.pin_again, "2468")
    qtbot.keyClick(screen.owner.pin_again, Qt.Key.Key_Return)
    owner = clinic.access.user
    assert owner is not None and owner.name == "Morgan Ellis" and owner.access is Access.OWNER
    assert window.pages.currentWidget() is window.body
    assert _tabs_shown(window) == [
        "Treatment", "Front desk", "Clinic set-up", "Audit log", "Reports",
    ]  # fmt: skip
    window.lock()  # the owner's PIN opens it again
    picker = window.lock_screen.picker
    assert picker.chosen == owner  # the same person types only their PIN
    picker.entry.field.setText("2468")
    picker.entry.ok.click()
    assert window.pages.currentWidget() is window.body
    window.close()


def test_the_demo_instead_lists_its_people_and_pins(
    qtbot, tmp_path: Path, clinic: ClinicServices
) -> None:  # type: ignore[no-untyped-def]
    from timer_app.clinic import open_local

    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    empty = open_local(data_dir=empty_folder, clock=clinic.clock, tz=clinic.tz,
                       daily_backup=False)  # fmt: skip
    try:
        window = people_window_on(qtbot, empty, tmp_path)
        screen = window.sign_in_screen
        screen.owner.demo_button.click()
        assert screen.pages.currentWidget() is screen.picker
        assert screen.demo_people.isVisible()
        assert "Dana Reyes: 1111" in screen.demo_people.text()
        assert "Alex Morgan (owner): 9999" in screen.demo_people.text()
        sign_in_as(qtbot, window, "Sam Ortiz")
        assert empty.access.user.access is Access.ASSISTANT
        window.close()
    finally:
        empty.close()


def test_no_pins_are_listed_on_a_clinic_of_its_own(
    qtbot, clinic: ClinicServices, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    clinic.access.create_owner("Morgan Ellis", "2468")
    window = people_window_on(qtbot, clinic, tmp_path)
    screen = window.sign_in_screen
    assert screen.pages.currentWidget() is screen.picker
    assert not screen.demo_people.isVisible()
    assert screen.demo_people.text() == ""
    window.close()


def test_every_control_of_the_sign_in_and_lock_screens_is_named(
    qtbot, people_window: MainWindow, clinic: ClinicServices, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_accessibility import _unnamed

    missing = _unnamed(people_window.sign_in_screen)
    sign_in_as(qtbot, people_window, "Dana Reyes")
    people_window.lock()
    missing += _unnamed(people_window.lock_screen)
    first_start = people_window_on(qtbot, clinic, tmp_path / "first")
    missing += _unnamed(first_start.sign_in_screen.owner)
    first_start.close()
    assert missing == [], "\n".join(missing)
