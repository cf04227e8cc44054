"""Place of service in billing: a telehealth visit (02, 10) bills every line with the payer
profile's telehealth modifier (95; 93 by telephone only); an office or home visit with
neither; the explanation says why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from timer_app.billing import TimedInterval, VisitBilling, bill_visit, find_profile
from timer_app.billing.bill import place_modifier
from timer_app.billing.visit_file import parse_visit_file
from timer_app.errors import UserError

MEDICARE = find_profile("Medicare")
AMA = find_profile("Commercial (AMA)")
T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
DAY = T0.date()


def bill(place: str, audio_only: bool = False, **options: object) -> VisitBilling:
    profile = options.pop("profile", MEDICARE)
    return bill_visit(
        {"97110": 33 * 60, "97140": 7 * 60, "97010": 10 * 60},
        profile,  # type: ignore[arg-type]
        place_of_service=place,
        audio_only=audio_only,
        **options,  # type: ignore[arg-type]
    )


def modifiers(billing: VisitBilling) -> dict[str, tuple[str, ...]]:
    return {line.code: line.modifiers for line in billing.lines}


@pytest.mark.parametrize("place", ["02", "10"])
def test_a_video_telehealth_visit_carries_95_on_every_line(place: str) -> None:
    assert modifiers(bill(place)) == {
        "97110": ("GP", "95"), "97140": ("GP", "95"), "97010": ("GP", "95"),
    }  # fmt: skip


@pytest.mark.parametrize("place", ["02", "10"])
def test_a_telephone_only_visit_carries_93(place: str) -> None:
    assert set(modifiers(bill(place, audio_only=True)).values()) == {("GP", "93")}


@pytest.mark.parametrize("place", ["11", "12", "22"])
def test_office_and_home_visits_carry_neither(place: str) -> None:
    office = bill(place)
    assert set(modifiers(office).values()) == {("GP",)}
    assert not any("95" in s or "telehealth" in s for s in office.explanation)


def test_units_and_minutes_are_those_of_the_office_visit() -> None:
    office, telehealth = bill("11"), bill("10")
    assert [(x.code, x.units, x.minutes) for x in telehealth.lines] == [
        (x.code, x.units, x.minutes) for x in office.lines
    ]
    assert telehealth.total_timed_minutes == office.total_timed_minutes == 40


def test_the_modifiers_follow_the_payer_profile() -> None:
    own = replace(AMA, telehealth_modifier="GT", audio_only_modifier="FQ")
    assert set(modifiers(bill("02", profile=own)).values()) == {("GP", "GT")}
    assert set(modifiers(bill("02", True, profile=own)).values()) == {("GP", "FQ")}
    none = replace(AMA, telehealth_modifier="")
    assert set(modifiers(bill("10", profile=none)).values()) == {("GP",)}
    assert place_modifier("10", False, none) is None


def test_the_explanation_says_why_a_line_carries_95() -> None:
    said = bill("10").explanation
    assert (
        "95 on every line: telehealth at the patient's home (place of service 10), "
        "modifier 95 as Medicare asks."
    ) in said
    phone = bill("02", audio_only=True).explanation
    assert (
        "93 on every line: telehealth by telephone only, away from the patient's home "
        "(place of service 02), modifier 93 as Medicare asks for audio-only visits."
    ) in phone


def test_telehealth_comes_after_59_and_before_kx() -> None:
    blocks = [
        TimedInterval("97140", T0, T0 + timedelta(minutes=15)),
        TimedInterval("97530", T0 + timedelta(minutes=20), T0 + timedelta(minutes=35)),
    ]
    seconds = [(b.code, int((b.end - b.start).total_seconds())) for b in blocks]
    billing = bill_visit(seconds, MEDICARE, intervals=blocks, on=DAY, place_of_service="10")
    found = modifiers(billing)
    assert found["97140"] == ("GP", "95")
    assert found["97530"] == ("GP", "59", "95")


def test_kx_keeps_95_on_lines_without_units() -> None:
    from timer_app.billing.kx import YearToDate

    billing = bill_visit(
        {"97110": 30 * 60, "97140": 5 * 60}, MEDICARE, on=DAY, place_of_service="10",
        year_to_date=YearToDate(2026, 300_000, 0), fees={"97110": 3000, "97140": 3000},
    )  # fmt: skip
    assert modifiers(billing) == {"97110": ("GP", "95", "KX"), "97140": ("GP", "95")}


def test_a_visit_file_takes_the_place_of_service() -> None:
    text = (
        '{"payer": "Medicare", "date": "2026-11-02", "place_of_service": "10", '
        '"audio_only": true, "intervals": [{"code": "97110", "start": "09:00", "end": "09:23"}]}'
    )
    assert modifiers(parse_visit_file(text, DAY).bill()) == {"97110": ("GP", "93")}
    with pytest.raises(UserError, match="audio_only is for telehealth"):
        parse_visit_file(text.replace('"10"', '"11"'), DAY)
    with pytest.raises(UserError, match="place_of_service must be one of"):
        parse_visit_file(text.replace('"10"', '"99"'), DAY)


def test_a_line_with_more_modifiers_than_a_claim_line_holds_is_warned() -> None:
    from timer_app.billing.catalog import Kind
    from timer_app.billing.flags import _modifier_warnings
    from timer_app.billing.result import BillingLine, WarningKind

    five = BillingLine("97110", "Exercise", Kind.TIMED, 1500, 25, 2, ("GP", "CQ", "59", "95", "KX"))
    four = replace(five, code="97140", modifiers=("GP", "CQ", "95", "KX"))
    found = _modifier_warnings([five, four])
    assert [(w.kind, w.codes) for w in found] == [(WarningKind.TOO_MANY_MODIFIERS, ("97110",))]
    assert "carries 5 modifiers (GP CQ 59 95 KX); a claim line holds 4" in found[0].message
