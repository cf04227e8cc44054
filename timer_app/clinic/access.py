"""Who uses the program now, and what they may do: sign-in, switching, locking, roles.

In the window every person signs in with their PIN (`people` mode): nothing is allowed
before, each command checks the signed-in user's access, and every change is recorded
under them and this workstation. The headless commands run under the operating-system
account (the OS is the boundary there): allowed, and recorded under that account.
A lock hides patients but never stops time: only the screen changes.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace
from datetime import datetime

from timer_app.clinic import checks
from timer_app.clinic.events import Events, Records
from timer_app.clinic.master_data import refuse_when_joined
from timer_app.clinic.pins import check_pin_shape, hash_pin, pin_matches, wait_after
from timer_app.clinic.port import StorePort
from timer_app.errors import UserError
from timer_app.records.people import Access, Actor, Permission, User, who_may
from timer_app.session.clock import Clock

IDLE_KEY = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 5


class AccessRefusedError(UserError):
    """The signed-in person's role may not do this; the words say who may."""


def this_workstation() -> str:
    return socket.gethostname() or "this computer"


class AccessControl:
    def __init__(self, store: StorePort, clock: Clock, events: Events) -> None:
        self.store = store
        self.clock = clock
        self.events = events
        self.workstation = this_workstation()
        self.people = False  # True in the window: every person signs in
        self.user: User | None = None
        self.locked = False
        self._actor: Actor | None = None
        self._also: list[StorePort] = []  # other stores changed under the same person
        self.use_os_account()

    # --- modes ---------------------------------------------------------------------------

    def use_os_account(self) -> None:
        """Headless: the OS account that runs the command is who did it."""
        self.people, self.user, self.locked = False, None, False
        self._act_as(os_actor())

    def record_also_in(self, store: StorePort) -> None:
        """Changes made through `store` too (the clinic server's records, at the front
        desk) are recorded under whoever is signed in here. User ids are each computer's
        own, so there the person is named, not numbered."""
        self._also.append(store)
        store.act_as(_elsewhere(self._actor))

    def _act_as(self, actor: Actor | None) -> None:
        self._actor = actor
        self.store.act_as(actor)
        for store in self._also:
            store.act_as(_elsewhere(actor))

    def require_people(self) -> None:
        """The window: nobody may do anything until someone signs in."""
        self.people, self.user, self.locked = True, None, False
        self._act_as(None)

    # --- who is here ---------------------------------------------------------------------

    def users(self, *, include_inactive: bool = False) -> list[User]:
        """Who may sign in here, by name (former users too when asked: the owner's list)."""
        return self.store.users.all(include_inactive=include_inactive)

    def needs_owner(self) -> bool:
        """No user yet: the first start creates the owner."""
        return not self.store.users.all(include_inactive=True)

    def user_of(self, clinician_id: int) -> User | None:
        return next((u for u in self.users() if u.clinician_id == clinician_id), None)

    def can(self, permission: Permission) -> bool:
        if not self.people:
            return True
        return self.user is not None and not self.locked and self.user.may(permission)

    def require(self, permission: Permission) -> None:
        """Refuse, in words naming who may, what the signed-in person may not do."""
        if self.can(permission):
            return
        if self.user is None or self.locked:
            raise AccessRefusedError("Sign in first: choose your name and type your PIN.")
        raise AccessRefusedError(
            f"{self.user.name} is signed in as {self.user.access.words}, who may not "
            f"{permission.value}; {who_may(permission)} may."
        )

    # --- signing in ----------------------------------------------------------------------

    def create_owner(self, name: str, pin: str, clinician_id: int | None = None) -> User:
        """The first user of a new clinic file; refused once there is one."""
        if not self.needs_owner():
            raise UserError("The clinic already has its owner; the owner adds other users.")
        owner = self._add(name, Access.OWNER, pin, clinician_id)
        self._signed_in(owner, "owner created")
        return owner

    def sign_in(self, user_id: int, pin: str) -> User:
        """Switch to this person (two taps: the name, the PIN)."""
        user = self.confirm_pin(user_id, pin)
        self._signed_in(user, "signed in")
        return user

    def confirm_pin(self, user_id: int, pin: str) -> User:
        """This person's PIN, checked (a signature, an unlock); wrong ones slow down."""
        user = self.store.users.get(user_id)
        if not user.active:
            raise UserError(f"{user.name} no longer has access; the owner can give it back.")
        failed, blocked_until = self.store.users.failures(user.id)
        now = self.clock.now()
        if blocked_until is not None and now < blocked_until:
            seconds = int((blocked_until - now).total_seconds()) + 1
            raise UserError(f"Too many wrong PINs for {user.name}: wait {seconds} s and try again.")
        if not pin_matches(pin, self.store.users.pin_hash(user.id)):
            self._wrong_pin(user, failed + 1, now)
        if failed:
            self.store.users.set_failures(user.id, 0, None)
        return user

    def sign_out(self) -> None:
        if self.user is not None:
            self._note("signed out", self.user)
        self.user, self.locked = None, False
        self._act_as(None)

    def lock(self) -> None:
        """Idle or asked: hide the patients; time goes on."""
        if self.user is not None and not self.locked:
            self._note("screen locked", self.user)
        self.locked = True

    def unlock(self, user_id: int, pin: str) -> User:
        """The same person goes on where they were, or another takes over."""
        return self.sign_in(user_id, pin)

    # --- the owner's part ----------------------------------------------------------------

    def add_user(
        self, name: str, access: Access, pin: str, clinician_id: int | None = None
    ) -> User:
        self.require(Permission.USERS)
        refuse_when_joined(self.store, "a user")
        user = self._add(name, access, pin, clinician_id)
        self.events.records(Records.USERS)
        return user

    def change_user(self, user: User) -> User:
        self.require(Permission.USERS)
        refuse_when_joined(self.store, "a user")
        before = self.store.users.get(user.id)
        self._check_clinician(user.access, user.clinician_id)
        self._keep_an_owner(before, user)
        with self.store.atomic():
            saved = self.store.users.update(user)
            self.store.audit.record("", "user changed", before=_shown(before),
                                    after=_shown(saved))  # fmt: skip
        self.events.records(Records.USERS)
        return saved

    def set_pin(self, user_id: int, pin: str) -> None:
        """The owner sets anyone's; a person may change their own."""
        if self.user is None or self.user.id != user_id:
            self.require(Permission.USERS)
        refuse_when_joined(self.store, "a PIN")
        user = self.store.users.get(user_id)
        check_pin_shape(pin)
        with self.store.atomic():
            self.store.users.set_pin_hash(user_id, hash_pin(pin))
            self.store.users.set_failures(user_id, 0, None)
            self.store.audit.record("", "PIN changed", after={"user": user.name})

    def idle_minutes(self) -> int:
        stored = self.store.settings.get(IDLE_KEY)
        return int(stored) if stored and stored.isdigit() else DEFAULT_IDLE_MINUTES

    def set_idle_minutes(self, minutes: int) -> None:
        self.require(Permission.USERS)
        if not 1 <= minutes <= 60:
            raise UserError("The screen locks after 1 to 60 idle minutes; choose one of those.")
        before = self.idle_minutes()
        with self.store.atomic():
            self.store.settings.set(IDLE_KEY, str(minutes))
            self.store.audit.record("", "idle lock minutes", before={"minutes": before},
                                    after={"minutes": minutes})  # fmt: skip

    # --- inner workings ------------------------------------------------------------------

    def _add(self, name: str, access: Access, pin: str, clinician_id: int | None) -> User:
        problem = checks.name_problem(name)
        if problem:
            raise UserError(f"Name: {problem}")
        self._check_clinician(access, clinician_id)
        pin_hash = hash_pin(pin)
        with self.store.atomic():
            user = self.store.users.add(name.strip(), access, pin_hash, clinician_id)
            self.store.audit.record(name, "user added", after=_shown(user))
        return user

    def _keep_an_owner(self, before: User, after: User) -> None:
        """The clinic always keeps an active owner: nobody else can add users or restore."""
        if before.access is not Access.OWNER or (after.access is Access.OWNER and after.active):
            return
        others = [u for u in self.users() if u.access is Access.OWNER and u.id != before.id]
        if not others:
            raise UserError(
                f"{before.name} is the clinic's only owner: give another user owner access "
                "first, then change this one."
            )

    def _check_clinician(self, access: Access, clinician_id: int | None) -> None:
        """A therapist's or an assistant's user is a clinician of that kind."""
        if access in (Access.THERAPIST, Access.ASSISTANT) and clinician_id is None:
            raise UserError(f"Choose which clinician {access.words} is: their minutes are theirs.")
        if clinician_id is None:
            return
        clinician = self.store.clinicians.get(clinician_id)
        if access is Access.ASSISTANT and not clinician.role.is_assistant:
            raise UserError(f"{clinician.name} is a therapist; give them therapist access.")
        if access is Access.THERAPIST and clinician.role.is_assistant:
            raise UserError(f"{clinician.name} is an assistant; give them assistant access.")

    def _signed_in(self, user: User, what: str) -> None:
        self.user, self.locked = user, False
        self._act_as(Actor(user.name, self.workstation, user.id))
        with self.store.atomic():
            self.store.audit.record(user.name, what, after={"access": user.access.value})

    def _wrong_pin(self, user: User, failed: int, now: datetime) -> None:
        wait = wait_after(failed)
        with self.store.atomic():
            self.store.users.set_failures(user.id, failed, now + wait if wait else None)
            self._note("wrong PIN", user, {"tries": failed})
        later = f" Wait {int(wait.total_seconds())} s before the next try." if wait else ""
        raise UserError(f"That PIN is not {user.name}'s; try again.{later}")

    def _note(self, what: str, user: User, after: dict[str, int] | None = None) -> None:
        with self.store.atomic():
            self.store.audit.record(user.name, what, after={"user": user.name, **(after or {})})


def _shown(user: User) -> dict[str, object]:
    """A user as the audit log shows it (never a PIN or its hash)."""
    return {"name": user.name, "access": user.access.value, "clinician_id": user.clinician_id,
            "active": user.active}  # fmt: skip


def os_actor() -> Actor:
    """The operating-system account running a command, as the audit log names it."""
    return Actor(f"{_os_user()} (OS account)", this_workstation())


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this account (a container)
        return "an unnamed OS account"


class FollowingAccess(AccessControl):
    """The clinic server's records at the front desk, under this computer's sign-in: who is
    signed in, whether the screen is locked, and so what they may do, are the `leader`'s
    (the person signed in here with their PIN); the users it lists and changes are the
    server's own, and its changes are recorded there under that person's name."""

    def __init__(self, store: StorePort, clock: Clock, events: Events,
                 leader: AccessControl) -> None:  # fmt: skip
        self._leader = leader
        super().__init__(store, clock, events)
        leader.record_also_in(store)

    @property
    def user(self) -> User | None:
        return self._leader.user

    @user.setter
    def user(self, _: User | None) -> None:
        """Set by the leader's sign-in only."""

    @property
    def locked(self) -> bool:
        return self._leader.locked

    @locked.setter
    def locked(self, _: bool) -> None:
        """Set by the leader only."""

    @property
    def people(self) -> bool:
        return self._leader.people

    @people.setter
    def people(self, _: bool) -> None:
        """Set by the leader only."""

    def _act_as(self, actor: Actor | None) -> None:
        """Its store acts as the leader says (`record_also_in`), never as this one."""

    def idle_minutes(self) -> int:
        """The idle lock is this computer's: the leader's setting."""
        return self._leader.idle_minutes()

    def set_idle_minutes(self, minutes: int) -> None:
        self._leader.set_idle_minutes(minutes)


def _elsewhere(actor: Actor | None) -> Actor | None:
    return None if actor is None else replace(actor, user_id=None)
