"""What one write may do to a visit: the timer's changes, and the review's choices.

A store takes a batch of these for one visit, at the revision it was decided on, and
writes all of them or none (`StorePort.write_visit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from timer_app.records.model import Diagnosis, SignedLine
from timer_app.session.model import Change


@dataclass(frozen=True, slots=True)
class DiagnosesSet:
    """The visit's own diagnoses, in slot order (A-L)."""

    diagnoses: tuple[Diagnosis, ...]


@dataclass(frozen=True, slots=True)
class PointersSet:
    """Which diagnosis slots (1-12) each code's claim line points to."""

    pointers: dict[str, tuple[int, ...]] = field(hash=False)


@dataclass(frozen=True, slots=True)
class UnitsChosen:
    """The therapist's pick among the legal answers of a tie (None: the policy's pick)."""

    units: dict[str, int] | None = field(hash=False)


@dataclass(frozen=True, slots=True)
class SharedMinutesKept:
    """Which codes keep the minutes two clinicians timed at once (empty: the therapist's)."""

    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VisitSealed:
    """Written with a signature: where it was signed and the claim lines as signed; the
    write adds the digest of everything signed."""

    workstation: str
    lines: tuple[SignedLine, ...]


@dataclass(frozen=True, slots=True)
class VisitDetailsSet:
    """The visit's plan-of-care details: its episode, its place of service (11, 02, 10,
    12...), telehealth by telephone only, and the progress report written at it."""

    episode_id: int | None
    place_of_service: str
    audio_only: bool = False
    progress_report: bool = False


@dataclass(frozen=True, slots=True)
class BillingPayerSet:
    """The front desk's payer for billing a signed visit (None: back to the payer signed),
    with the names the audit log says before and after. Desk data: no amendment, the
    seal stays as signed."""

    payer_id: int | None
    payer_name: str = ""
    was_name: str = ""


VisitChange = (
    Change | DiagnosesSet | PointersSet | UnitsChosen | SharedMinutesKept | VisitSealed
    | VisitDetailsSet | BillingPayerSet
)
