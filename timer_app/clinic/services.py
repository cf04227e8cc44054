"""The clinic's services on one store: what every screen and command is handed.

    clinic = open_local(data_dir=args.data_dir)     # the SQLite file on this computer
    clinic.treatment.start_visit(patient_id, clinician_id)
    clinic.front_desk.visits(day, day)
    clinic.close()

The services share one composed catalog and one event outbox; a change of codes in
Clinic set-up reaches the open timers at once.
"""

from __future__ import annotations

import os
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from timer_app.clinic.access import AccessControl, FollowingAccess
from timer_app.clinic.billing import VisitBiller
from timer_app.clinic.catalog import ClinicCodes
from timer_app.clinic.demo import DemoSummary, fill_demo
from timer_app.clinic.events import Event, Events, Records, RecordsChanged
from timer_app.clinic.front_desk import FrontDesk
from timer_app.clinic.integrity import Findings, Integrity
from timer_app.clinic.plan_of_care import PlanOfCare
from timer_app.clinic.port import StorePort
from timer_app.clinic.reports import Report, Reports
from timer_app.clinic.rules import ClinicRules
from timer_app.clinic.setup import ClinicSetup
from timer_app.clinic.treatment import Treatment
from timer_app.dates import use_style
from timer_app.local_zone import find_local_zone
from timer_app.paths import SERVER_LINK_NAME
from timer_app.session.clock import Clock, SystemClock
from timer_app.store import MemoryStore, Store
from timer_app.store.files import existing_database

if TYPE_CHECKING:
    from timer_app.clinic.workstation_link import WorkstationLink
    from timer_app.server.connection import ServerLink


class ClinicServices:
    """Treatment, front desk, set-up and billing of stored visits, over one store."""

    def __init__(
        self, store: StorePort, clock: Clock, tz: tzinfo, *, location: Path | None = None,
        access: AccessControl | None = None,
    ) -> None:  # fmt: skip
        self.store = store
        self.clock = clock
        self.tz = tz
        self.location = location  # the file, for messages; None for a store in memory
        self.link: ServerLink | None = None  # the clinic server this workstation joined
        self.workstation_link: WorkstationLink | None = None  # running while the window is
        self.events = Events()
        self.access = (
            AccessControl(store, clock, self.events) if access is None
            else FollowingAccess(store, clock, self.events, access)  # signed in here
        )  # fmt: skip
        self.codes = ClinicCodes(store)
        self.biller = VisitBiller(store, self.codes)
        self.treatment = Treatment(
            store, self.codes, self.biller, self.events, clock, tz, self.access
        )
        self.front_desk = FrontDesk(
            store, self.biller, self.events, tz, self.access, self.treatment.today
        )
        self.setup = ClinicSetup(store, self.codes, self.events, self.access)
        self.plan_of_care = PlanOfCare(store, self.codes, self.events, self.access,
                                       self.treatment)  # fmt: skip
        self.front_desk.plan_of_care = self.plan_of_care  # the superbill's authorization
        self.integrity = Integrity(store)
        self.reports = Reports(store, self.biller, self.codes, self.access, self.treatment.today,
                               self.front_desk)  # fmt: skip
        self.rules = ClinicRules(
            store, self.codes, self.events, self.treatment.today, self.access
        )
        self.events.subscribe(self._codes_changed)
        self.events.subscribe(self._clinic_changed)
        self._use_clinics_dates()

    def fill_demo(self) -> DemoSummary:
        """A demo clinic in this empty store; its open visits go on the treatment screen."""
        summary = fill_demo(self.store, self.clock.now(), self.tz)
        self.codes.forget()
        self.events.records(Records.EVERYTHING)
        self.treatment.restore_open_visits()
        return summary

    def read_report(self, start: date, end: date, clinician_id: int | None = None) -> Report:
        """The owner's reports, on a connection of their own when the clinic is a file, so a
        window can read them off its UI thread (`reports_off_thread`)."""
        if not isinstance(self.store, Store):
            return self.reports.report(start, end, clinician_id)
        reader = self.store.beside()
        try:
            return self.reports.beside(reader).report(start, end, clinician_id)
        finally:
            reader.close()

    @property
    def reports_off_thread(self) -> bool:
        """The clinic server's store has one connection, for the UI thread only."""
        return isinstance(self.store, Store | MemoryStore)

    def check_integrity(self) -> Findings:
        """The tamper check on a connection of its own when the clinic is a file, so a
        window can run it off its UI thread (a 10-year file takes seconds)."""
        if self.location is None:
            return self.integrity.check()
        with Store.open(self.location, daily_backup=False, read_only=True,
                        program="the integrity check") as reader:  # fmt: skip
            return Integrity(reader).check()

    def is_empty(self) -> bool:
        """No clinician yet: a first start, before set-up or the demo."""
        return not self.store.clinicians.all(include_inactive=True)

    def start_link(self) -> None:
        """Joined to a clinic server: send, pull and share in the background (the window;
        the commands never start it)."""
        if self.link is None or self.workstation_link is not None:
            return
        from timer_app.clinic.workstation_link import WorkstationLink

        assert isinstance(self.store, Store)
        self.workstation_link = WorkstationLink(self.store, self.link, self.tz)
        self.events.subscribe(self.workstation_link.sender.heard)
        self.treatment.running_elsewhere = self.workstation_link.running_elsewhere
        self.workstation_link.start()

    def server_status(self) -> str | None:
        """The status line's words; None for a computer on its own."""
        return None if self.workstation_link is None else self.workstation_link.words()

    def take_server_news(self) -> None:
        """On the UI thread: what came down from the server reaches the screens."""
        if self.workstation_link is not None and self.workstation_link.take_news():
            self.events.records(Records.EVERYTHING)  # the codes are read again too

    def close(self) -> None:
        if self.workstation_link is not None:
            self.workstation_link.stop()  # before the file closes: it writes through it
            self.workstation_link = None
        self.store.close()

    def __enter__(self) -> ClinicServices:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _use_clinics_dates(self) -> None:
        """Every date a person reads from now on in the clinic's style (`timer_app.dates`;
        MM/DD/YYYY until the clinic's details say otherwise)."""
        clinic = self.store.clinic.get()
        use_style(None if clinic is None else clinic.date_style)

    def _clinic_changed(self, event: Event) -> None:
        """The clinic's details saved here, or copied down from the clinic server: its
        date style too. Heard before any screen, which then shows dates the new way."""
        if isinstance(event, RecordsChanged) and event.what in (Records.CLINIC,
                                                                Records.EVERYTHING):  # fmt: skip
            self._use_clinics_dates()

    def _codes_changed(self, event: Event) -> None:
        if isinstance(event, RecordsChanged) and event.what in (Records.CODES, Records.EVERYTHING):
            self.codes.forget()
            self.treatment.use_catalog()


def this_computers_zone() -> tzinfo:
    """Dates are the clinic's: this computer's time zone, from the zone database, so each
    instant reads its own offset (a daylight-saving change while running, or a visit on the
    other side of one, is not an hour off)."""
    return find_local_zone()


def open_local(
    path: str | os.PathLike[str] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
    tz: tzinfo | None = None,
    daily_backup: bool = True,
    program: str = "Therapy Timer",
    read_only: bool = False,
) -> ClinicServices:
    """The services on this computer's SQLite file (opened, checked, migrated, backed up).

    `program` names this program to whoever finds the file in use; with `read_only` a
    file another program writes is opened to read (the listing and printing commands).
    """
    clock = clock or SystemClock()
    store = Store.open(
        path, data_dir=data_dir, clock=clock, daily_backup=daily_backup, program=program,
        read_only=read_only,
    )  # fmt: skip
    services = ClinicServices(store, clock, tz or this_computers_zone(), location=store.path)
    services.link = _server_link(store.path.parent)
    return services


def _server_link(folder: Path) -> ServerLink | None:
    if not (folder / SERVER_LINK_NAME).is_file():  # a one-computer clinic loads nothing more
        return None
    from timer_app.server.connection import ServerLink

    return ServerLink.load(folder)


def open_server(
    link: ServerLink, *, clock: Clock | None = None, tz: tzinfo | None = None,
    access: AccessControl | None = None,
) -> ClinicServices:  # fmt: skip
    """The services on the clinic server's records (the front desk's view of every room),
    as this workstation's role may use them; a UserError in words when it is away.
    `access`: the local sign-in, whose person and permissions also apply there."""
    from timer_app.store.postgres import PostgresStore

    clock = clock or SystemClock()
    store = PostgresStore.open(link, clock)
    return ClinicServices(store, clock, tz or this_computers_zone(), access=access)


def open_existing(
    data_dir: str | os.PathLike[str] | None, command: str, *, read_only: bool = True
) -> ClinicServices:
    """The services on the data folder's database, which must exist (the commands' way:
    no new empty file, no daily backup). A command that only reads runs beside the window;
    one that writes (`read_only=False`) is refused while another program has the file."""
    return open_local(
        existing_database(data_dir), daily_backup=False, program=f"the command 'timer-app "
        f"{command}'", read_only=read_only,
    )  # fmt: skip
