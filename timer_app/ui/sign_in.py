"""Who is at the workstation: the names to tap, a PIN to type, the owner's first start.

`SignInScreen(clinic)` comes before anything else in the window: the active users' names as
large targets, then the PIN (digits, masked, Enter or the on-screen pad). A first start
creates the owner (or loads the demo clinic, whose people and PINs are then listed).
`PeoplePicker` is the names-and-PIN part the lock screen shares; `ask_signer_pin` is the
signature's PIN. Who may do what is `AccessControl`'s: this module only asks and says.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic import ClinicServices
from timer_app.clinic.access import AccessControl
from timer_app.errors import UserError
from timer_app.records import demo
from timer_app.records.people import Permission, User, who_may
from timer_app.ui.theme import COLORS
from timer_app.ui.widgets import button, explain, label, plain_tip

PIN_MAX = 12
PAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "⌫")
TARGET = 64  # a name or a key: big enough for a gloved finger
NAME_STYLE = (  # a name to tap: large, and plainly chosen once tapped
    f"QPushButton {{ min-height: {TARGET + 16}px; font-size: 14pt; }}"
    f"QPushButton:checked {{ background: {COLORS['accent']}; color: white; }}"
)
FORM_WIDTH = 640


def offer(widget: QWidget, may: bool, permission: Permission) -> None:
    """Offer a control only to who may use it: otherwise disabled, its tip says who may."""
    allowed_tip = widget.property("allowed_tip")
    if allowed_tip is None:
        allowed_tip = widget.toolTip()
        widget.setProperty("allowed_tip", allowed_tip)
    widget.setEnabled(may)
    widget.setToolTip(
        str(allowed_tip) if may else f"Only {who_may(permission)} may {permission.value}."
    )


def pin_edit(name: str, tip: str) -> QLineEdit:
    """A masked field that takes digits only."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN_MAX)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), edit))
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    edit.setMinimumHeight(48)
    explain(edit, name, tip)
    return edit


class PinEntry(QWidget):
    """A PIN field with a numeric pad below it; emits `entered(pin)` on Enter or OK."""

    entered = Signal(str)

    def __init__(self, ok_text: str = "OK", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = pin_edit("PIN", "Your PIN: digits only, never shown; Enter to go on")
        self.field.returnPressed.connect(self._enter)
        self.ok = button(ok_text, "Go on with this PIN (Enter)", "primary")
        self.ok.setMinimumHeight(TARGET)
        self.ok.clicked.connect(self._enter)
        pad = QGridLayout()
        pad.setSpacing(6)
        for index, key in enumerate(PAD_KEYS):
            tip = {"Clear": "Empty the PIN", "⌫": "Take back the last digit"}.get(key, "")
            name = {"⌫": "Delete last digit"}.get(key, key)
            key_button = button(key, tip or f"Type {key}")
            key_button.setAccessibleName(name)
            key_button.setFixedSize(TARGET + 24, TARGET)
            key_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keyboard
            key_button.clicked.connect(lambda _checked=False, k=key: self._key(k))
            pad.addWidget(key_button, index // 3, index % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addLayout(pad)
        layout.addWidget(self.ok)

    def _key(self, key: str) -> None:
        text = self.field.text()
        if key == "Clear":
            self.field.clear()
        elif key == "⌫":
            self.field.setText(text[:-1])
        elif len(text) < PIN_MAX:
            self.field.setText(text + key)
        self.field.setFocus()

    def _enter(self) -> None:
        pin = self.field.text()
        self.field.clear()  # a PIN is never left in a field
        self.entered.emit(pin)

    def clear(self) -> None:
        self.field.clear()


class PeoplePicker(QWidget):
    """The active users' names as large buttons; a tap asks that person's PIN.

    `check(user_id, pin)` is the service's sign-in (or unlock): a wrong PIN is said in its
    words and nothing happens; a right one emits `signed_in(User)`.
    """

    signed_in = Signal(object)

    def __init__(
        self, access: AccessControl, check: Callable[[int, str], User],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.access = access
        self._check = check
        self.chosen: User | None = None
        self.names = QGridLayout()
        self.names.setSpacing(10)
        self.name_buttons: dict[int, QPushButton] = {}
        self.asking = label("Tap your name.", "figure", wrap=True)
        self.asking.setAccessibleName("What to do")
        self.entry = PinEntry("Sign in")
        self.entry.entered.connect(self._entered)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Sign-in problem")
        self.problem.hide()
        right = QVBoxLayout()
        right.addWidget(self.asking)
        right.addWidget(self.problem)
        right.addWidget(self.entry)
        right.addStretch(1)
        names_box = QVBoxLayout()
        names_box.addLayout(self.names)
        names_box.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(names_box, 3)
        layout.addSpacing(24)
        layout.addLayout(right, 2)
        self.reload()

    def reload(self, chosen_id: int | None = None) -> None:
        """The active users again (one added or deactivated meanwhile); none chosen."""
        while self.names.count():
            item = self.names.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.name_buttons.clear()
        for index, user in enumerate(self.access.users()):
            name_button = button(
                f"{user.name}\n{user.access.words}", plain_tip(f"Sign in as {user.name}")
            )
            name_button.setAccessibleName(user.name)
            name_button.setMinimumWidth(220)
            name_button.setStyleSheet(NAME_STYLE)
            name_button.setCheckable(True)
            name_button.clicked.connect(lambda _checked=False, u=user: self.choose(u))
            self.names.addWidget(name_button, index // 2, index % 2)
            self.name_buttons[user.id] = name_button
        self.chosen = None
        self.problem.hide()
        self.entry.clear()
        self.entry.setEnabled(False)
        self.asking.setText("Tap your name." if self.name_buttons else "Nobody may sign in yet.")
        users = {u.id: u for u in self.access.users()}
        if chosen_id in users:
            self.choose(users[chosen_id])

    def choose(self, user: User) -> None:
        """The first tap: whose PIN comes next."""
        self.chosen = user
        for user_id, name_button in self.name_buttons.items():
            name_button.setChecked(user_id == user.id)
        self.asking.setText(f"{user.name}: type your PIN.")
        self.problem.hide()
        self.entry.setEnabled(True)
        self.entry.clear()
        self.entry.field.setFocus()

    def _entered(self, pin: str) -> None:
        if self.chosen is None:
            self.say("Tap your name first, then type your PIN.")
            return
        try:
            user = self._check(self.chosen.id, pin)
        except UserError as error:
            self.say(error.message)
            return
        self.problem.hide()
        self.signed_in.emit(user)

    def say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.entry.field.setFocus()


class OwnerForm(QWidget):
    """The first start: the owner's name and PIN (twice), or the demo clinic instead."""

    created = Signal(object)
    demo_requested = Signal()

    def __init__(self, access: AccessControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self.name = QLineEdit()
        explain(self.name, "Owner's name", "The person who sets up the clinic and adds the users")
        self.name.setMinimumHeight(48)
        self.pin = pin_edit("Owner's PIN", "4 to 12 digits; the owner types it to sign in")
        self.pin_again = pin_edit("Owner's PIN again", "The same PIN again, to be sure of it")
        self.pin_again.returnPressed.connect(self.create_owner)
        self.create_button = button(
            "Create the owner", "Keep this name and PIN and sign in as the owner", "primary"
        )
        self.create_button.setMinimumHeight(TARGET)
        self.create_button.clicked.connect(self.create_owner)
        self.demo_button = button(
            "Load the demo clinic instead",
            "Try the program on an invented clinic; its people and PINs are shown to sign in",
        )
        self.demo_button.setMinimumHeight(TARGET)
        self.demo_button.clicked.connect(self.demo_requested)
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Problem creating the owner")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("PIN", self.pin)
        form.addRow("PIN again", self.pin_again)
        self.setMaximumWidth(FORM_WIDTH)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Welcome. Who owns this clinic's records?", "figure", wrap=True))
        layout.addWidget(label(
            "The owner signs in first and adds everyone else in Clinic set-up, Users: each "
            "person signs in with their own PIN, so every change is theirs.", wrap=True,
        ))  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.create_button)
        layout.addSpacing(24)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)

    def create_owner(self) -> None:
        pin, again = self.pin.text(), self.pin_again.text()
        self.pin.clear()  # typed again after a problem; never left in a field
        self.pin_again.clear()
        if pin != again:
            self.say("The two PINs differ; type the same PIN twice.")
            return
        try:
            owner = self.access.create_owner(self.name.text(), pin)
        except UserError as error:
            self.say(error.message)
            return
        self.problem.hide()
        self.created.emit(owner)

    def say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()


def demo_people_words(clinic: ClinicServices) -> str:
    """The demo's people and PINs, only when this is the demo clinic ("" otherwise)."""
    details = clinic.setup.clinic()
    if details is None or details.name != demo.CLINIC.name:
        return ""
    people = "; ".join(f"{name}: {pin}" for name, _access, _clinician, pin in demo.USERS)
    return f"Demo clinic, invented people. PINs — {people}."


class SignInScreen(QWidget):
    """Before anything else: sign in, or create the owner on a first start.

    Emits `signed_in(User)`; nothing of the clinic's patients is on this screen.
    """

    signed_in = Signal(object)

    def __init__(self, clinic: ClinicServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.heading = label("Therapy Timer: sign in", "figure", wrap=True)
        self.heading.setAccessibleName("Sign in")
        self.picker = PeoplePicker(clinic.access, clinic.access.sign_in)
        self.picker.signed_in.connect(self.signed_in)
        self.owner = OwnerForm(clinic.access)
        self.owner.created.connect(self.signed_in)
        self.owner.demo_requested.connect(self.load_demo)
        self.demo_people = label("", "caption", wrap=True)
        self.demo_people.setAccessibleName("Demo people and their PINs")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.picker)
        self.pages.addWidget(self.owner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.demo_people)
        self.show_fresh()

    def show_fresh(self) -> None:
        """The owner's form on a first start; else the names, none chosen."""
        if self.clinic.access.needs_owner():
            self.heading.setText("Therapy Timer: first start")
            self.pages.setCurrentWidget(self.owner)
            self.demo_people.hide()
            return
        self.heading.setText("Therapy Timer: sign in")
        self.pages.setCurrentWidget(self.picker)
        self.picker.reload()
        words = demo_people_words(self.clinic)
        self.demo_people.setText(words)
        self.demo_people.setVisible(bool(words))

    def load_demo(self) -> None:
        try:
            self.clinic.fill_demo()
        except UserError as error:
            self.owner.say(error.message)
            return
        self.show_fresh()


class SignerPinDialog(QDialog):
    """A signature's confirmation: the signer types their own PIN (Enter signs)."""

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign visit")
        self.pin: str | None = None
        words = label(question, wrap=True)
        words.setAccessibleName("Who signs")
        self.entry = PinEntry("Sign")
        self.entry.entered.connect(self._entered)
        cancel = button("Cancel", "Go back to the review without signing (Esc)")
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(words)
        layout.addWidget(self.entry)
        layout.addWidget(cancel)
        self.entry.field.setFocus()

    def _entered(self, pin: str) -> None:
        self.pin = pin
        self.accept()


def ask_signer_pin(parent: QWidget | None, question: str) -> str | None:
    """The signer's PIN as typed; None when they cancel."""
    dialog = SignerPinDialog(question, parent)
    return dialog.pin if dialog.exec() == QDialog.DialogCode.Accepted else None
