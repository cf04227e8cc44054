"""Pure billing rules: codes, payer profiles, minutes to units, modifiers, warnings.

No Qt, no SQLite, no I/O beyond reading the packaged data files.
"""

from timer_app.billing.bill import IllegalChoiceError, bill_visit, infer_discipline
from timer_app.billing.catalog import Catalog, Code, Discipline, Kind, custom_code, load_catalog
from timer_app.billing.profiles import (
    PayerProfile,
    Rule,
    find_profile,
    load_profiles,
    profile_for_rule,
)
from timer_app.billing.result import (
    BillingLine,
    BillingWarning,
    TimedInterval,
    VisitBilling,
    WarningKind,
)
from timer_app.billing.units import chart_units, minutes_to_next_unit, to_minutes

__all__ = [
    "BillingLine",
    "BillingWarning",
    "Catalog",
    "Code",
    "Discipline",
    "IllegalChoiceError",
    "Kind",
    "PayerProfile",
    "Rule",
    "TimedInterval",
    "VisitBilling",
    "WarningKind",
    "bill_visit",
    "chart_units",
    "custom_code",
    "find_profile",
    "infer_discipline",
    "load_catalog",
    "load_profiles",
    "minutes_to_next_unit",
    "profile_for_rule",
    "to_minutes",
]
