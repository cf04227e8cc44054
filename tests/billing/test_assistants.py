"""CQ/CO unit by unit (CMS's method) and co-treatment, on the worked cases of
BILLING_RULES.md s.6 and the cases a biller tried through the program."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from timer_app.billing import (
    Discipline,
    TimedInterval,
    VisitBilling,
    WarningKind,
    bill_visit,
    find_profile,
    profile_for_rule,
)
from timer_app.billing.assistants import split_units

MEDICARE = find_profile("Medicare")
T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
PT, PTA = False, True


def block(code: str, start: float, end: float, assistant: bool, who: str = "") -> TimedInterval:
    return TimedInterval(
        code, T0 + timedelta(minutes=start), T0 + timedelta(minutes=end), assistant, who
    )


def bill(
    blocks: list[TimedInterval], discipline: Discipline = Discipline.PT, **options: object
) -> VisitBilling:
    seconds = [(b.code, int((b.end - b.start).total_seconds())) for b in blocks]
    profile = options.pop("profile", MEDICARE)
    return bill_visit(seconds, profile, discipline, intervals=blocks, **options)  # type: ignore[arg-type]


def claim(billing: VisitBilling) -> list[tuple[str, str, int]]:
    """The claim as a biller reads it: code, modifiers, units."""
    return [(line.code, " ".join(line.modifiers), line.units) for line in billing.lines]


# (case, intervals: (code, start, end, by the assistant), the claim)
WORKED = [
    ("PT 30 + PTA 5: the assistant's 5 minutes are de minimis",
     [("97110", 0, 30, PT), ("97110", 30, 35, PTA)], [("97110", "GP", 2)]),
    ("PT 30 then PTA 15: one full unit each side",
     [("97110", 0, 30, PT), ("97110", 30, 45, PTA)], [("97110", "GP", 2), ("97110", "GP CQ", 1)]),
    ("PTA 12 + PT 12: 9-14 minutes each, one unit each",
     [("97110", 0, 12, PTA), ("97110", 12, 24, PT)], [("97110", "GP", 1), ("97110", "GP CQ", 1)]),
    ("PT 75 + PTA 8: the sixth unit is the assistant's alone",
     [("97110", 0, 75, PT), ("97110", 75, 83, PTA)], [("97110", "GP", 5), ("97110", "GP CQ", 1)]),
    ("PT 60 + PTA 7: four full units by the therapist",
     [("97110", 0, 60, PT), ("97110", 60, 67, PTA)], [("97110", "GP", 4)]),
    ("CMS scenario 1: PTA 23 + PT 13 of 97110, PT 30 of 97140",
     [("97110", 0, 23, PTA), ("97110", 23, 36, PT), ("97140", 36, 66, PT)],
     [("97110", "GP", 1), ("97110", "GP CQ", 1), ("97140", "GP", 2)]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "blocks", "expected"), WORKED, ids=[w[0] for w in WORKED])
def test_worked_cases(
    case: str, blocks: list[tuple[str, int, int, bool]], expected: object
) -> None:
    billing = bill([block(*b) for b in blocks])
    assert claim(billing) == expected, case


def test_each_unit_is_explained() -> None:
    billing = bill([block("97110", 0, 75, PT), block("97110", 75, 83, PTA)])
    words = billing.explanation
    assert any("5 units of a full 15 minutes by the therapist: no CQ" in s for s in words)
    assert any("assistant furnished 8 of the 8 minutes of its last unit, more than 10%: CQ" in s
               for s in words)  # fmt: skip
    assert any("CQ on 97110: 1 unit the assistant furnished, paid at 85%" in s for s in words)


@pytest.mark.parametrize(
    ("units", "therapist", "assistant", "expected"),
    [
        (2, 30, 5, (2, 0)),
        (2, 12, 12, (1, 1)),
        (1, 9, 1, (1, 0)),  # 1 of 10 = 10%: de minimis
        (1, 6, 2, (0, 1)),  # 2 of 8 > 10%
        (1, 8, 7, (1, 0)),  # the therapist furnished 8 minutes of it
        (3, 0, 45, (0, 3)),
    ],
)
def test_the_split_rule_alone(
    units: int, therapist: int, assistant: int, expected: tuple[int, int]
) -> None:
    split = split_units("97110", units, therapist, assistant, "CQ")
    assert (split.therapist, split.assistant) == expected


def test_an_assistants_own_code_carries_cq_under_pt_and_co_under_ot() -> None:
    blocks = [block("97110", 0, 20, PT), block("97530", 20, 40, PTA)]
    billing = bill(blocks)
    assert billing.line("97110").modifiers == ("GP",)
    assert billing.line("97530").modifiers == ("GP", "CQ")
    assert bill(blocks, Discipline.OT).line("97530").modifiers == ("GO", "CO")
    assert WarningKind.ASSISTANT_SUPERVISION in [w.kind for w in billing.warnings]


def test_a_payer_that_does_not_want_cq_gets_none() -> None:
    blocks = [block("97110", 0, 20, PT), block("97530", 20, 40, PTA)]
    commercial = bill(blocks, profile=find_profile("Commercial (CMS rule)"))
    assert [line.modifiers for line in commercial.lines] == [("GP",), ("GP",)]


def test_an_evaluation_timed_by_an_assistant_is_flagged() -> None:
    billing = bill([block("97161", 0, 30, PTA)])
    assert WarningKind.ASSISTANT_EVALUATION in [w.kind for w in billing.warnings]


def test_speech_has_no_assistant_modifier() -> None:
    billing = bill([block("92507", 0, 30, PTA)], Discipline.SLP)
    assert billing.line("92507").modifiers == ("GN",)


def test_a_code_with_no_unit_gets_no_cq() -> None:
    billing = bill([block("97110", 0, 38, PT), block("97140", 38, 44, PTA)])
    assert billing.line("97140").units == 0
    assert billing.line("97140").modifiers == ("GP",)


def test_co_treatment_counts_the_shared_minutes_once_for_the_therapists_code() -> None:
    """PT on 97110 and PTA on 97530, the same 20 minutes: 1 unit, 20 minutes, flagged."""
    billing = bill([block("97110", 0, 20, PT, "7"), block("97530", 0, 20, PTA, "8")])
    assert claim(billing) == [("97110", "GP", 1), ("97530", "GP", 0)]
    assert (billing.total_timed_minutes, billing.total_treatment_minutes) == (20, 20)
    [warning] = [w for w in billing.warnings if w.kind is WarningKind.CO_TREATMENT]
    assert warning.codes == ("97110", "97530") and "20 minutes" in warning.message
    kept_other = bill([block("97110", 0, 20, PT, "7"), block("97530", 0, 20, PTA, "8")],
                      shared_minutes_to=("97530",))  # fmt: skip
    assert claim(kept_other) == [("97110", "GP", 0), ("97530", "GP CQ", 1)]


def test_minutes_spent_together_are_the_therapists() -> None:
    billing = bill([block("97110", 0, 30, PT, "7"), block("97110", 10, 25, PTA, "8")])
    assert claim(billing) == [("97110", "GP", 2)]
    assert billing.total_timed_minutes == 30


def test_overlap_of_one_clinician_with_supervised_codes_is_not_co_treatment() -> None:
    billing = bill([block("97110", 0, 20, PT, "7"), block("97010", 0, 15, PTA, "8")])
    assert not [w for w in billing.warnings if w.kind is WarningKind.CO_TREATMENT]
    assert billing.line("97110").units == 1


def test_a_generic_rule_profile_needs_no_payer_habits() -> None:
    plain = bill([block("97110", 0, 20, PT)], profile=profile_for_rule("cms"))
    assert claim(plain) == [("97110", "GP", 1)]
