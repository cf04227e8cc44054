"""The explanation: plain sentences that say why each unit went where."""

from __future__ import annotations

from collections.abc import Sequence

from timer_app.billing.catalog import Catalog
from timer_app.billing.plan_of_care import PlaceOfService
from timer_app.billing.profiles import MinutesPolicy, PayerProfile, Rule, TieBreak
from timer_app.billing.result import BillingLine
from timer_app.billing.units import UNIT_MINUTES, Activity, Allocation, chart_range

_DISCIPLINE_WORDS = {
    "GP": "physical therapy",
    "GO": "occupational therapy",
    "GN": "speech-language",
}


def _units(n: int) -> str:
    return f"{n} unit" if n == 1 else f"{n} units"


def _minutes(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


def _name(code: str, catalog: Catalog) -> str:
    return f"{code} ({catalog[code].tile})"


def _chart_words(minutes: int, units: int) -> str:
    low, high = chart_range(units)
    return f"{_minutes(minutes)} is {_units(units)} on the chart ({low}-{high} minutes)"


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _seconds_sentence(
    lines: Sequence[BillingLine], profile: PayerProfile, catalog: Catalog
) -> list[str]:
    """Why the timer's whole time (39:15) bills fewer minutes (37): each code's seconds
    become whole minutes before the rule counts them. Said only when it shows: when the
    codes' minutes add up to other than the timed time's own whole minutes."""
    seconds: dict[str, int] = {}
    minutes: dict[str, int] = {}
    for line in lines:
        if catalog[line.code].is_timed:
            key = catalog[line.code].activity  # 97129 and 97130 are one stopwatch
            seconds[key] = seconds.get(key, 0) + line.seconds
            minutes[key] = minutes.get(key, 0) + line.minutes
    total_seconds, total_minutes = sum(seconds.values()), sum(minutes.values())
    if total_minutes == total_seconds // 60:
        return []
    how = (
        "rounded to the nearest whole minute (half a minute up)"
        if profile.minutes_policy is MinutesPolicy.NEAREST
        else "turned into whole minutes (its leftover seconds dropped)"
    )
    each = ", ".join(
        f"{code} {_clock(seconds[code])} is {_minutes(minutes[code])}" for code in seconds
    )
    return [
        f"Each code's seconds are added up, then {how} before the rule counts them: {each}. "
        f"That is why {_clock(total_seconds)} timed in all bills {_minutes(total_minutes)}: "
        "seconds of different codes are never added into a minute."
    ]


def _cms_activity(activity: Activity, catalog: Catalog) -> str:
    full, left = divmod(activity.minutes, UNIT_MINUTES)
    if full == 0:
        name = _name(activity.key, catalog)
        return f"{name}: {_minutes(activity.minutes)}, no full 15-minute unit."
    rest = f", {_minutes(left)} left over" if left else ", nothing left over"
    whole = f"{_units(full)} of a full 15 minutes"
    return f"{_name(activity.key, catalog)}: {_minutes(activity.minutes)} = {whole}{rest}."


def _tie_reason(winner: Activity, loser: Activity, policy: Sequence[TieBreak]) -> str:
    for step in policy:
        if step is TieBreak.FEE and winner.fee_cents != loser.fee_cents:
            return "it has the higher fee"
        if step is TieBreak.MINUTES and winner.minutes != loser.minutes:
            return "it has more minutes in all"
        if step is TieBreak.FIRST_STARTED:
            break
    return "it was started (or listed) first"


def _remaining_sentences(
    allocation: Allocation, activities: Sequence[Activity], profile: PayerProfile, picked: bool
) -> list[str]:
    by_key = {a.key: a for a in activities}
    leftovers = [a for a in activities if a.minutes % UNIT_MINUTES]
    if allocation.remaining_units == 0:
        if not leftovers:
            return []
        total_left = sum(a.minutes % UNIT_MINUTES for a in leftovers)
        return [f"The minutes left over ({total_left} in all) are too few for another unit."]
    winners = ", ".join(
        f"{key} ({_minutes(by_key[key].minutes % UNIT_MINUTES)} left over)"
        for key in allocation.winners
    )
    remaining = allocation.remaining_units
    goes = (
        "1 unit remains after the full units; it goes to the code"
        if remaining == 1
        else f"{remaining} units remain after the full units; they go, one each, to the codes"
    )
    sentences = [f"{goes} with the most minutes left over: {winners}."]
    if allocation.has_choice:
        sentences.append(_tie_sentence(allocation, by_key, profile, picked))
    return sentences


def _tie_sentence(
    allocation: Allocation, by_key: dict[str, Activity], profile: PayerProfile, picked: bool
) -> str:
    tied = allocation.tied
    left = by_key[tied[0]].minutes % UNIT_MINUTES
    names = " and ".join(tied) if len(tied) == 2 else ", ".join(tied)
    head = (
        f"Tie: {names} each have {_minutes(left)} left over and only "
        f"{_units(allocation.tied_winners)} of the remaining units can go among them."
    )
    if picked:
        return f"{head} Any of them may take it; the therapist chose this answer in the review."
    # the first loser in policy order is the one the winner was compared with
    winner = by_key[tied[0]]
    reason = _tie_reason(winner, by_key[tied[allocation.tied_winners]], profile.tie_break)
    return (
        f"{head} The tie-break policy ({profile.tie_break_words()}) gave it to {winner.key} "
        f"because {reason}. Any of them is a legal answer; another can be picked in the review."
    )


def _cms_sentences(
    activities: Sequence[Activity],
    allocation: Allocation,
    profile: PayerProfile,
    picked: bool,
    catalog: Catalog,
) -> list[str]:
    total = sum(a.minutes for a in activities)
    sentences = [
        f"All timed minutes are pooled: {_chart_words(total, allocation.total_units)}, "
        f"so the visit bills {_units(allocation.total_units)} of timed codes."
    ]
    if len(activities) > 1:
        sentences += [_cms_activity(a, catalog) for a in activities]
        sentences += _remaining_sentences(allocation, activities, profile, picked)
    else:
        only, total_units = _name(activities[0].key, catalog), allocation.total_units
        sentences.append(
            f"{only} is the only timed code in the pool: it takes all {_units(total_units)}."
            if total_units
            else f"{only} is the only timed code in the pool; under 8 minutes it earns no unit."
        )
    return sentences


def _ama_sentences(
    activities: Sequence[Activity], allocation: Allocation, catalog: Catalog
) -> list[str]:
    return [
        "Each timed code is counted on its own; minutes of different codes are never pooled."
    ] + [
        f"{_name(a.key, catalog)}: {_chart_words(a.minutes, allocation.units[a.key])}."
        for a in activities
    ]


def _line_sentences(
    lines: Sequence[BillingLine], profile: PayerProfile, catalog: Catalog
) -> list[str]:
    sentences = []
    for line in lines:
        code = catalog[line.code]
        if code.first_unit and (line.units or line.minutes):
            sentences.append(
                f"{code.first_unit} and {line.code} are one cognitive activity: its first unit "
                f"bills as {code.first_unit}, the other {_units(line.units)} as {line.code} "
                f"(our reading; CMS does not spell out the split)."
            )
        elif line.bundled:
            sentences.append(
                f"{_name(line.code, catalog)}: {profile.name} bundles it into the other services, "
                f"so it is listed with 0 units; its {_minutes(line.minutes)} count toward "
                "treatment time."
            )
        elif not code.is_timed:
            sentences.append(
                f"{_name(line.code, catalog)} is billed once per visit whatever its length; its "
                f"{_minutes(line.minutes)} count toward total treatment time, not timed minutes."
            )
        if "59" in line.modifiers:
            sentences.append(
                f"Modifier 59 on {line.code}: the timer shows it in a separate time block."
            )
        assisted = next((m for m in line.modifiers if m in ("CQ", "CO")), None)
        if assisted:
            sentences.append(
                f"{assisted} on {line.code}: {_units(line.units)} the assistant furnished, "
                f"paid at 85% (CMS's CQ/CO method, unit by unit, below)."
            )
    return sentences


_TELEHEALTH_WORDS = {
    PlaceOfService.TELEHEALTH: "away from the patient's home",
    PlaceOfService.TELEHEALTH_HOME: "at the patient's home",
}


def telehealth_sentence(
    modifier: str, place: PlaceOfService, audio_only: bool, profile: PayerProfile
) -> str:
    """Why every line carries 95 (or 93): where the visit took place, and who asks."""
    where = _TELEHEALTH_WORDS.get(place, place.words.lower())
    by_phone = " by telephone only," if audio_only else ""
    asks = "the payer's profile asks" if profile.generic else f"{profile.name} asks"
    visits = " for audio-only visits" if audio_only else ""
    return (
        f"{modifier} on every line: telehealth{by_phone} {where} (place of service {place.value}), "
        f"modifier {modifier} as {asks}{visits}."
    )


def explain(
    lines: Sequence[BillingLine],
    activities: Sequence[Activity],
    allocation: Allocation,
    profile: PayerProfile,
    picked: bool,
    timed_minutes: int,
    treatment_minutes: int,
    catalog: Catalog,
    assistant_reasons: Sequence[str] = (),
    *,
    telehealth: tuple[str, PlaceOfService, bool] | None = None,
) -> tuple[str, ...]:
    """The sentences; `telehealth`: the modifier every line carries, the place of service
    that put it there and whether the visit was by telephone only."""
    rule = f"nits follow {profile.rule.description}."
    sentences = [f"U{rule}" if profile.generic else f"Payer {profile.name}: u{rule}"]
    sentences += _seconds_sentence(lines, profile, catalog)
    if activities:
        if profile.rule is Rule.CMS:
            sentences += _cms_sentences(activities, allocation, profile, picked, catalog)
        else:
            sentences += _ama_sentences(activities, allocation, catalog)
    sentences += _line_sentences(lines, profile, catalog)
    sentences += assistant_reasons
    if lines:
        modifier = lines[0].modifiers[0]
        sentences.append(
            f"Every line carries {modifier}: the {_DISCIPLINE_WORDS[modifier]} plan of care."
        )
    if telehealth is not None:
        sentences.append(telehealth_sentence(*telehealth, profile))
    sentences.append(
        f"Total timed minutes: {timed_minutes}. Total treatment time: "
        f"{_minutes(max(treatment_minutes, timed_minutes))}."
    )
    return tuple(sentences)
