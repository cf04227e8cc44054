"""CQ/CO for assistants' minutes, and the checks around them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from timer_app.billing import Discipline, TimedInterval, WarningKind, bill_visit, profile_for_rule

CMS = profile_for_rule("cms")
T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def _block(code: str, start: int, end: int, assistant: bool) -> TimedInterval:
    return TimedInterval(
        code, T0 + timedelta(minutes=start), T0 + timedelta(minutes=end), assistant
    )


def _bill(blocks: list[TimedInterval], discipline: Discipline = Discipline.PT):  # type: ignore[no-untyped-def]
    seconds = [(b.code, int((b.end - b.start).total_seconds())) for b in blocks]
    return bill_visit(seconds, CMS, discipline, intervals=blocks)


def test_an_assistants_own_code_carries_cq_under_pt_and_co_under_ot() -> None:
    blocks = [_block("97110", 0, 20, False), _block("97530", 20, 40, True)]
    billing = _bill(blocks)
    assert billing.line("97110").modifiers == ("GP",)
    assert billing.line("97530").modifiers == ("GP", "CQ")
    assert any("CQ on 97530" in s for s in billing.explanation)
    assert _bill(blocks, Discipline.OT).line("97530").modifiers == ("GO", "CO")
    assert WarningKind.ASSISTANT_SUPERVISION in [w.kind for w in billing.warnings]


def test_ten_percent_or_less_by_the_assistant_is_de_minimis() -> None:
    blocks = [_block("97110", 0, 27, False), _block("97110", 27, 30, True)]  # 3 of 30 = 10%
    assert _bill(blocks).line("97110").modifiers == ("GP",)
    more = [_block("97110", 0, 26, False), _block("97110", 26, 30, True)]  # 4 of 30
    billing = _bill(more)
    assert billing.line("97110").modifiers == ("GP", "CQ")
    assert WarningKind.ASSISTANT_MIXED in [w.kind for w in billing.warnings]


def test_an_evaluation_timed_by_an_assistant_is_flagged() -> None:
    billing = _bill([_block("97161", 0, 30, True)])
    assert WarningKind.ASSISTANT_EVALUATION in [w.kind for w in billing.warnings]


def test_speech_has_no_assistant_modifier() -> None:
    billing = _bill([_block("92507", 0, 30, True)], Discipline.SLP)
    assert billing.line("92507").modifiers == ("GN",)


def test_a_code_with_no_unit_gets_no_cq() -> None:
    blocks = [_block("97110", 0, 38, False), _block("97140", 38, 44, True)]
    billing = _bill(blocks)
    assert billing.line("97140").units == 0
    assert billing.line("97140").modifiers == ("GP",)
