"""The people who use the program, what each may do, and who a change is recorded under.

Every person has a user with a PIN; a user's access decides which commands are offered
and allowed. A therapist's or an assistant's user is tied to their clinician record (the
minutes they time, the visits they sign). The owner may do everything; an owner who is
also a therapist signs like one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Access(StrEnum):
    THERAPIST = "therapist"
    ASSISTANT = "assistant"
    FRONT_DESK = "front_desk"
    OWNER = "owner"

    @property
    def words(self) -> str:
        return _ACCESS_WORDS[self]


_ACCESS_WORDS = {
    Access.THERAPIST: "a therapist",
    Access.ASSISTANT: "an assistant",
    Access.FRONT_DESK: "the front desk",
    Access.OWNER: "the owner",
}


class Permission(StrEnum):
    TIME = "time visits"
    SIGN = "sign visits"
    PATIENTS = "add and change patients"
    PLAN_OF_CARE = "add and change plans of care and authorizations"
    PAYMENTS = "record payments"
    PRINT = "print superbills"
    MARK_BILLED = "mark visits billed"
    EXPORT = "export claims"
    FEES = "change payers and fees"
    CODES = "change the clinic's codes and rules"
    CLINIC = "change the clinic's details and clinicians"
    USERS = "add and change users"
    FILES = "back up and restore"
    AUDIT = "read the audit log"
    REPORTS = "read the clinic's reports"


PERMISSIONS: dict[Access, frozenset[Permission]] = {
    Access.THERAPIST: frozenset({Permission.TIME, Permission.SIGN, Permission.PATIENTS}),
    Access.ASSISTANT: frozenset({Permission.TIME, Permission.PATIENTS}),
    Access.FRONT_DESK: frozenset(
        {Permission.PATIENTS, Permission.PLAN_OF_CARE, Permission.PAYMENTS, Permission.PRINT,
         Permission.MARK_BILLED, Permission.EXPORT}
    ),
    Access.OWNER: frozenset(Permission),
}


def who_may(permission: Permission) -> str:
    """The accesses that may, in words: "a therapist or the owner"."""
    allowed = [access.words for access in Access if permission in PERMISSIONS[access]]
    return " or ".join(allowed)


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    access: Access
    clinician_id: int | None = None  # the clinician this person is, when they treat
    active: bool = True

    def may(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.access]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who a change is recorded under: a signed-in user at a workstation, or, for the
    headless commands, the operating-system account that ran them."""

    name: str
    workstation: str
    user_id: int | None = None  # None: an OS account running a command
