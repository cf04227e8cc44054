"""The clinic server's master data on a joined workstation: copied down, not edited here.

    summary = pull_once(store, link)          # after each round that sent visits up
    refuse_when_joined(store, "a clinician")  # before set-up saves one

On a workstation joined to the clinic server, the clinic's details, clinicians, payers and
fees, patients already on record, users and code settings are the front desk's (the
server's): this computer keeps a copy for when the server is away, and set-up here refuses
to change it in words. A new patient may still be added here: it goes up later.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from timer_app.clinic.port import StorePort
from timer_app.errors import UserError

if TYPE_CHECKING:
    from timer_app.server.connection import ServerLink
    from timer_app.store import Store

JOINED = "server.joined"  # '1' once this workstation joined the clinic server


@dataclass(frozen=True, slots=True)
class PullSummary:
    """What one pull added or changed here, by kind; `retired`: gone from the server."""

    clinic: int
    clinicians: int
    payers: int
    patients: int
    users: int
    codes: int
    retired: int
    up_to: int  # the server's change number this computer's copy has reached
    full: bool  # everything was compared, not only what changed
    episodes: int = 0  # episodes of care
    authorizations: int = 0

    @property
    def changed(self) -> bool:
        """Whether the screens should read their records again."""
        counts = (self.clinic, self.clinicians, self.payers, self.patients, self.users,
                  self.codes, self.retired, self.episodes, self.authorizations)  # fmt: skip
        return any(counts)


def is_joined(store: StorePort) -> bool:
    return store.settings.get(JOINED) == "1"


def refuse_when_joined(store: StorePort, what: str) -> None:
    """Refuse, in words, a change to what the clinic server keeps."""
    if is_joined(store):
        raise UserError(
            f"On a workstation joined to the clinic server, {what} is changed at the front "
            "desk (the clinic server); this computer keeps a copy."
        )


def pull_once(store: StorePort, link: ServerLink, *, full: bool = False) -> PullSummary:
    """Copy what changed on the server since the last pull into this computer's file (all
    of it when `full`, on the first pull, or when the copy lacks a record the server names).

    Refused in words when the server cannot be reached; nothing is then changed. Runs on the
    thread that opened `store` (the server's answer may take up to the link's timeout). A
    caller whose summary `changed` tells the screens (`Records.EVERYTHING`).
    """
    # imported here: the set-up screens import this module before the window's first paint
    from timer_app.store.master_data import MissingCopyError, pulled_up_to

    local = _file_of(store)
    try:
        return _pull(local, link, 0 if full else pulled_up_to(local))
    except MissingCopyError:
        return _pull(local, link, 0)


def pull_over(store: StorePort, connection: Any, *, full: bool = False) -> PullSummary:
    """`pull_once` over a connection already open (the sender's, on its thread)."""
    from timer_app.server.pull import master_data_since
    from timer_app.store.master_data import MissingCopyError, apply_master_data, pulled_up_to

    local = _file_of(store)
    cursor = 0 if full else pulled_up_to(local)
    try:
        data = master_data_since(connection, cursor)
        applied = apply_master_data(local, data)
    except MissingCopyError:
        data = master_data_since(connection, 0)
        applied = apply_master_data(local, data)
    return PullSummary(**asdict(applied), up_to=data.cursor, full=data.complete)


def _pull(store: Store, link: ServerLink, cursor: int) -> PullSummary:
    import pg8000.native

    from timer_app.server.connection import unreachable
    from timer_app.server.pull import master_data_since
    from timer_app.store.master_data import apply_master_data

    try:
        with link.connect() as connection:
            data = master_data_since(connection, cursor)
    except (OSError, pg8000.native.InterfaceError, pg8000.native.DatabaseError) as error:
        raise UserError(unreachable(link.host, link.port, error)) from error
    applied = apply_master_data(store, data)
    return PullSummary(**asdict(applied), up_to=data.cursor, full=data.complete)


def _file_of(store: StorePort) -> Store:
    """The copy lives in this computer's file (the store in memory keeps none yet)."""
    from timer_app.store import Store

    if not isinstance(store, Store):
        raise TypeError(f"{type(store).__name__} keeps no copy of the clinic server's records")
    return store
