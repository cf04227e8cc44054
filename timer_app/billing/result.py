"""What billing returns: frozen, plain data that the UI, the store and the superbill read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from timer_app.billing.catalog import Discipline, Kind
from timer_app.billing.profiles import Rule


@dataclass(frozen=True, slots=True)
class TimedInterval:
    """When a code ran: the evidence for time blocks (modifier 59, group overlap)."""

    code: str
    start: datetime
    end: datetime
    by_assistant: bool = False  # a PTA's or COTA's own minutes (CQ/CO)


class WarningKind(StrEnum):
    NO_UNIT = "no_unit"  # a timed code earned no unit
    SINGLE_UNDER_8 = "single_service_under_8"
    TIMED_UNDER_8 = "timed_total_under_8"
    BUNDLED = "bundled"  # the payer never pays the code separately
    CODE_NOT_ACCEPTED = "code_not_accepted"  # the payer wants another code for it
    GROUP_WITH_ONE_ON_ONE = "group_with_one_on_one"
    NCCI_PAIR = "ncci_pair"
    DISCIPLINE_MISMATCH = "discipline_mismatch"
    ASSISTANT_MIXED = "assistant_mixed"  # therapist and assistant on one code: check CQ/CO
    ASSISTANT_EVALUATION = "assistant_evaluation"  # evaluations are the therapist's own
    ASSISTANT_SUPERVISION = "assistant_supervision"  # billed under the supervising therapist
    KX_THRESHOLD = "kx_threshold"  # over Medicare's yearly therapy threshold: KX


@dataclass(frozen=True, slots=True)
class BillingWarning:
    kind: WarningKind
    message: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BillingLine:
    code: str
    label: str
    kind: Kind
    seconds: int
    minutes: int
    units: int
    modifiers: tuple[str, ...]
    bundled: bool = False  # listed for the record, never separately paid


@dataclass(frozen=True)
class VisitBilling:
    rule: Rule
    payer: str
    discipline: Discipline
    lines: tuple[BillingLine, ...]
    total_timed_minutes: int
    total_treatment_minutes: int
    total_timed_units: int
    alternatives: tuple[dict[str, int], ...] = ()  # every legal answer, chosen first; () if none
    tie_broken: bool = False
    # The sentences are written only when someone reads them: the screen re-bills every
    # second and shows the explanation only in the review.
    explain: Callable[[], tuple[str, ...]] = field(default=tuple, repr=False, compare=False)
    find_warnings: Callable[[], tuple[BillingWarning, ...]] = field(
        default=tuple, repr=False, compare=False
    )

    @cached_property
    def explanation(self) -> tuple[str, ...]:
        return self.explain()

    @cached_property
    def warnings(self) -> tuple[BillingWarning, ...]:
        return self.find_warnings()

    def units_by_code(self) -> dict[str, int]:
        return {line.code: line.units for line in self.lines}

    def line(self, code: str) -> BillingLine:
        for line in self.lines:
            if line.code == code:
                return line
        raise KeyError(code)
