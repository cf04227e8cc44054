"""The shared vocabulary: visit, patient, clinician, payer, diagnosis, role, the clinic.

Plain frozen dataclasses, below every store, the clinic services and the superbill, so all
of them speak of the same things in the same words. The rules that belong to the records
themselves live here too, each once: diagnoses and their pointers, role -> discipline,
payer -> profile, and what a write may do to a visit (`visit_writes`).
"""

from timer_app.records.changes import (
    BillingPayerSet,
    DiagnosesSet,
    PointersSet,
    SharedMinutesKept,
    UnitsChosen,
    VisitChange,
    VisitDetailsSet,
    VisitSealed,
)
from timer_app.records.model import (
    DEFAULT_PLACE_OF_SERVICE,
    MAX_DIAGNOSES,
    AuditEntry,
    Clinic,
    Clinician,
    CodeSetting,
    Diagnosis,
    ImportedRules,
    Patient,
    Payer,
    Role,
    Sex,
    Visit,
    payer_profile,
)

__all__ = [
    "DEFAULT_PLACE_OF_SERVICE",
    "MAX_DIAGNOSES",
    "AuditEntry",
    "BillingPayerSet",
    "Clinic",
    "Clinician",
    "CodeSetting",
    "DiagnosesSet",
    "Diagnosis",
    "ImportedRules",
    "Patient",
    "Payer",
    "PointersSet",
    "Role",
    "Sex",
    "SharedMinutesKept",
    "UnitsChosen",
    "Visit",
    "VisitChange",
    "VisitDetailsSet",
    "VisitSealed",
    "payer_profile",
]
