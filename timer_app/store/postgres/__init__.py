"""The store on the clinic server: PostgreSQL through pg8000, the same port as the file.

Open it with `PostgresStore.open(link, clock)`; it implements the clinic's store port
(`timer_app.clinic.port.StorePort`) and hands out the records of `timer_app.records`.
Imported only where a server is used: the workstation's own start-up never pays for it.
"""

from timer_app.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
