"""What billing returns: frozen, plain data that the UI, the store and the superbill read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from timer_app.billing.catalog import Discipline, Kind
from timer_app.billing.profiles import Rule

MAX_ALTERNATIVES = 24  # a tie's answers offered in the review


@dataclass(frozen=True, slots=True)
class TimedInterval:
    """When a code ran and who ran it: the evidence for time blocks (59, group overlap),
    for co-treatment (two clinicians, the same minutes) and for CQ/CO unit by unit."""

    code: str
    start: datetime
    end: datetime
    by_assistant: bool = False  # a PTA's or COTA's own minutes (CQ/CO)
    clinician: str = ""  # who timed it; "" tells the therapist from the assistant only

    @property
    def who(self) -> str:
        return self.clinician or ("assistant" if self.by_assistant else "therapist")


class WarningKind(StrEnum):
    NO_UNIT = "no_unit"  # a timed code earned no unit
    SINGLE_UNDER_8 = "single_service_under_8"
    TIMED_UNDER_8 = "timed_total_under_8"
    BUNDLED = "bundled"  # the payer never pays the code separately
    CODE_NOT_ACCEPTED = "code_not_accepted"  # the payer wants another code for it
    GROUP_WITH_ONE_ON_ONE = "group_with_one_on_one"
    NCCI_PAIR = "ncci_pair"
    DISCIPLINE_MISMATCH = "discipline_mismatch"
    ASSISTANT_EVALUATION = "assistant_evaluation"  # evaluations are the therapist's own
    ASSISTANT_SUPERVISION = "assistant_supervision"  # billed under the supervising therapist
    CO_TREATMENT = "co_treatment"  # two clinicians' one-on-one minutes overlap: counted once
    KX_THRESHOLD = "kx_threshold"  # over Medicare's yearly therapy threshold: KX
    KX_THRESHOLD_UNKNOWN = "kx_threshold_unknown"  # no threshold known for the visit's year
    MISSING_FEE = "missing_fee"  # a billed code has no fee in the payer's schedule
    EVALUATION_WITH_TIMED = "evaluation_with_timed"  # an evaluation ran beside one-on-one time
    UNTIMED_NOTHING_TIMED = "untimed_nothing_timed"  # an untimed code with no minutes
    RULES_OUT_OF_DATE = "rules_out_of_date"  # the visit is dated past the shipped rules
    TOO_MANY_MODIFIERS = "too_many_modifiers"  # a claim line holds four


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
    tie_broken: bool = False
    answer_count: int = 0  # how many legal answers the tie leaves (0: no tie)
    # the codes two clinicians timed in the same minutes: one of them keeps those minutes
    shared_codes: tuple[str, ...] = ()
    # The sentences, the warnings and a tie's other answers are worked out only when someone
    # reads them: the screen re-bills every second and shows them only in the review.
    explain: Callable[[], tuple[str, ...]] = field(default=tuple, repr=False, compare=False)
    find_warnings: Callable[[], tuple[BillingWarning, ...]] = field(
        default=tuple, repr=False, compare=False
    )
    find_alternatives: Callable[[int], tuple[dict[str, int], ...]] = field(
        default=lambda _limit: (), repr=False, compare=False
    )

    @cached_property
    def explanation(self) -> tuple[str, ...]:
        return self.explain()

    @cached_property
    def warnings(self) -> tuple[BillingWarning, ...]:
        return self.find_warnings()

    @cached_property
    def alternatives(self) -> tuple[dict[str, int], ...]:
        """Legal answers of a tie, the policy's pick first, at most MAX_ALTERNATIVES of
        them (a review offers a choice, not an exhaustive list); () when there is no tie."""
        return self.find_alternatives(MAX_ALTERNATIVES)

    def units_by_code(self) -> dict[str, int]:
        """Each code's units, its lines added up (a code may have a CQ/CO line too)."""
        units: dict[str, int] = {}
        for line in self.lines:
            units[line.code] = units.get(line.code, 0) + line.units
        return units

    def line(self, code: str, modifiers: tuple[str, ...] | None = None) -> BillingLine:
        """The code's line (with exactly these modifiers, when given)."""
        for line in self.lines:
            if line.code == code and (modifiers is None or line.modifiers == modifiers):
                return line
        raise KeyError(code if modifiers is None else f"{code} {' '.join(modifiers)}")

    def lines_of(self, code: str) -> tuple[BillingLine, ...]:
        return tuple(line for line in self.lines if line.code == code)
