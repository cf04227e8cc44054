"""The clinic services: the one road from every screen and command to the stored records.

`open_local(...)` gives a `ClinicServices` on this computer's SQLite file: `treatment`
(timing a visit: decide -> persist -> evolve), `front_desk` (lists, superbills, payments,
billed), `setup` (clinic, clinicians, payers and fees, patients, codes) and `biller` (the
one way to bill a stored visit). They talk to storage only through the store port
(`timer_app.clinic.port.StorePort`) and publish what changed (`timer_app.clinic.events`).
No Qt here.
"""

from timer_app.clinic.events import Event, Records, RecordsChanged, VisitChanged, VisitEvent
from timer_app.clinic.services import ClinicServices, open_existing, open_local

__all__ = [
    "ClinicServices",
    "Event",
    "Records",
    "RecordsChanged",
    "VisitChanged",
    "VisitEvent",
    "open_existing",
    "open_local",
]
