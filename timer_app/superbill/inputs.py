"""What a superbill is built from: plain, frozen facts about the clinic, people and visit.

The store (or a test) fills these; `build_superbill` turns them and a visit's billing into
a `Superbill`. Addresses are lines of text, in the order they are printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from timer_app.billing.profiles import PayerProfile

OFFICE = "11"  # CMS place-of-service code for an office


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    """The billing provider printed in the header."""

    name: str
    address: tuple[str, ...]
    phone: str
    tax_id: str  # EIN, NN-NNNNNNN
    npi: str  # the clinic's (billing, type 2) NPI


@dataclass(frozen=True, slots=True)
class ClinicianInfo:
    """A rendering clinician or an assistant who contributed."""

    name: str
    credentials: str  # e.g. "PT, DPT"
    npi: str = ""


@dataclass(frozen=True, slots=True)
class PatientInfo:
    name: str
    date_of_birth: date
    address: tuple[str, ...] = ()
    member_id: str = ""  # the insurance member (subscriber) ID
    group_number: str = ""


@dataclass(frozen=True, slots=True)
class PayerInfo:
    """The patient's insurance: its printed name and the profile it bills under."""

    name: str
    profile: PayerProfile


@dataclass(frozen=True, slots=True)
class DiagnosisInput:
    code: str  # ICD-10-CM, e.g. M54.50
    description: str


@dataclass(frozen=True, slots=True)
class VisitInfo:
    visit_id: str
    date_of_service: date
    place_of_service: str = OFFICE
    signed_on: date | None = None  # when the clinician signed the visit, if they have
