"""The local store: SQLite through sqlite-utils, the only package that knows table names.

Open it with `Store.open(...)`; it implements the clinic's store port
(`timer_app.clinic.port.StorePort`) and hands out the records of `timer_app.records`.
`MemoryStore` implements the same port in memory, for the services' tests.
"""

from timer_app.store.memory import MemoryStore
from timer_app.store.store import Store

__all__ = ["MemoryStore", "Store"]
