"""Clinic set-up, users (the owner's): who signs in, their access, their clinician, a PIN;
and after how many idle minutes the screen locks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from timer_app.clinic import checks
from timer_app.clinic.access import AccessControl
from timer_app.clinic.pins import check_pin_shape
from timer_app.clinic.setup import ClinicSetup
from timer_app.errors import UserError
from timer_app.records.people import Access, User
from timer_app.ui.setup_fields import (
    CheckedForm,
    RecordList,
    StatusLine,
    combo,
    lay_out_record_page,
    line_edit,
)
from timer_app.ui.sign_in import pin_edit
from timer_app.ui.widgets import button, explain

TREATS = (Access.THERAPIST, Access.ASSISTANT)  # their user is one of the clinicians


class UsersSection(QWidget):
    """The users; one is added or changed at a time. Emits `idle_minutes_changed(minutes)`."""

    idle_minutes_changed = Signal(int)

    def __init__(self, access: AccessControl, setup: ClinicSetup) -> None:
        super().__init__()
        self.access = access
        self.setup = setup
        self.editing: int | None = None
        self._former: dict[int, User] = {}  # users given no access here, to give it back
        self.records = RecordList("Users", "New user", "Add a person who signs in with a PIN")
        self.records.chosen.connect(self.edit)
        self._build_form()
        self._build_idle()
        self.heading = lay_out_record_page(
            self, self.records, self.form.layout, self.status, self.save_button, self.idle_box
        )
        self.reload()

    def _build_form(self) -> None:
        self.name = line_edit("User name", "First and last name, as the sign-in screen shows it")
        self.access_choice = combo(
            "Access", "What this person may do: time and sign, time, the desk, or everything",
            [(a.words, a) for a in Access],
        )  # fmt: skip
        self.clinician = combo(
            "Clinician", "The clinician this person is: the minutes they time are theirs", []
        )
        self.active = QCheckBox("May sign in")
        explain(self.active, "Active", "Untick when someone leaves; their history stays theirs")
        self.pin = pin_edit("New PIN", "4 to 12 digits; leave empty to keep a user's PIN")
        self.pin_again = pin_edit("New PIN again", "The same PIN again, to be sure of it")
        self.form = CheckedForm()
        self.form.add(
            "Name", self.name, lambda: checks.name_problem(self.name.text()),
            limit=checks.NAME_LIMIT,
        )  # fmt: skip
        self.form.add("Access", self.access_choice)
        self.form.add("Clinician", self.clinician, self._clinician_problem)
        self.form.add("", self.active)
        self.form.add("PIN", self.pin, self._pin_problem)
        self.form.add("PIN again", self.pin_again, self._pin_again_problem)
        self.save_button = button("Save user", "Check every field, then save", "primary")
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine("User saved")

    def _build_idle(self) -> None:
        self.idle = QSpinBox()
        self.idle.setRange(1, 60)
        self.idle.setSuffix(" min")
        explain(
            self.idle, "Idle lock minutes",
            "With no key, tap or mouse for this long the screen locks; timing goes on",
        )  # fmt: skip
        caption = QLabel("Lock the screen after")
        caption.setBuddy(self.idle)
        self.idle_button = button("Save idle time", "Keep this many idle minutes before locking")
        self.idle_button.clicked.connect(self.save_idle)
        self.idle_status = StatusLine("Idle time saved")
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.idle)
        row.addWidget(self.idle_button)
        row.addWidget(self.idle_status, 1)
        self.idle_box = QWidget()
        column = QVBoxLayout(self.idle_box)
        column.setContentsMargins(0, 16, 0, 0)
        column.addStretch(1)
        column.addLayout(row)

    # --- reading -----------------------------------------------------------------------------

    def _users(self) -> list[User]:
        current = {u.id: u for u in self.access.users(include_inactive=True)}
        for user_id in list(self._former):
            if user_id in current:
                del self._former[user_id]
        return [*current.values(), *self._former.values()]

    def reload(self) -> None:
        self.records.set_records(
            [(f"{u.name} — {u.access.words}" + ("" if u.active else " (no access)"), u.id)
             for u in self._users()],
            keep=self.editing,
        )  # fmt: skip
        chosen = self.clinician.currentData()
        self.clinician.clear()
        self.clinician.addItem("None (does not treat)", None)
        for clinician in self.setup.clinicians():
            if clinician.active:
                self.clinician.addItem(f"{clinician.name}, {clinician.credentials}", clinician.id)
        self.clinician.setCurrentIndex(max(self.clinician.findData(chosen), 0))
        self.idle.setValue(self.access.idle_minutes())
        self.edit(self.editing)

    def edit(self, user_id: int | None) -> None:
        """Fill the form with a user, or empty it for a new one."""
        found = next((u for u in self._users() if u.id == user_id), None)
        self.editing = found.id if found else None
        self.heading.setText(f"Change {found.name}" if found else "New user")
        self.name.setText(found.name if found else "")
        access = found.access if found else Access.THERAPIST
        self.access_choice.setCurrentIndex(self.access_choice.findData(access))
        linked = found.clinician_id if found else None
        self.clinician.setCurrentIndex(max(self.clinician.findData(linked), 0))
        self.active.setChecked(found.active if found else True)
        self.pin.clear()
        self.pin_again.clear()
        self.pin.setToolTip(
            "4 to 12 digits; leave empty to keep their PIN" if found else "4 to 12 digits"
        )
        self.form.clear_problems()
        self.status.clear()

    def _access(self) -> Access:
        return Access(self.access_choice.currentData())

    # --- checks ------------------------------------------------------------------------------

    def _clinician_problem(self) -> str | None:
        if self._access() in TREATS and self.clinician.currentData() is None:
            return f"choose which clinician {self._access().words} is"
        return None

    def _pin_problem(self) -> str | None:
        if not self.pin.text():
            return "type the new user's PIN" if self.editing is None else None
        try:
            check_pin_shape(self.pin.text())
        except UserError as error:
            return error.message
        return None

    def _pin_again_problem(self) -> str | None:
        if self.pin.text() != self.pin_again.text():
            return "the two PINs differ; type the same PIN twice"
        return None

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        checked = self.form.check()
        pin = self.pin.text()
        for field in (self.pin, self.pin_again):  # typed again after a problem; never kept
            field.blockSignals(True)  # the problem stays shown until the PINs are retyped
            field.clear()
            field.blockSignals(False)
        if not checked:
            self.status.failed("Nothing was saved: correct the fields marked in red.")
            return False
        clinician_id = self.clinician.currentData()
        try:
            if self.editing is None:
                saved = self.access.add_user(self.name.text(), self._access(), pin, clinician_id)
            else:
                saved = self.access.change_user(User(
                    self.editing, self.name.text().strip(), self._access(), clinician_id,
                    self.active.isChecked(),
                ))  # fmt: skip
                if pin:
                    self.access.set_pin(saved.id, pin)
        except UserError as error:
            self.status.failed(f"Nothing was saved: {error.message}")
            return False
        if not saved.active:
            self._former[saved.id] = saved
        self.editing = saved.id
        self.reload()
        self.status.done(f"{saved.name} saved" + (" with a new PIN." if pin else "."))
        return True

    def save_idle(self) -> None:
        minutes = self.idle.value()
        try:
            self.access.set_idle_minutes(minutes)
        except UserError as error:
            self.idle_status.failed(f"Nothing was saved: {error.message}")
            return
        self.idle_status.done(f"The screen locks after {minutes} idle minutes.")
        self.idle_minutes_changed.emit(minutes)
