"""The local store: SQLite through sqlite-utils, the only module that knows table names.

Open it with `Store.open(...)`; read and write through its repositories; everything
handed out is a plain frozen dataclass from `timer_app.store.records`.
"""

from timer_app.session.recovery import RecoveredInterval
from timer_app.store.records import (
    AuditEntry,
    Clinic,
    Clinician,
    CodeSetting,
    Diagnosis,
    Patient,
    Payer,
    Role,
    Visit,
)
from timer_app.store.recovery import BEAT_EVERY_SECONDS, HEARTBEAT_SECONDS
from timer_app.store.store import Store

__all__ = [
    "BEAT_EVERY_SECONDS",
    "HEARTBEAT_SECONDS",
    "AuditEntry",
    "Clinic",
    "Clinician",
    "CodeSetting",
    "Diagnosis",
    "Patient",
    "Payer",
    "RecoveredInterval",
    "Role",
    "Store",
    "Visit",
]
