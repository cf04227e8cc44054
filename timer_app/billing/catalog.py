"""The codes catalog: every CPT/HCPCS code the program knows, with our own labels.

Read from `resources/codes.json` and checked on load, so a broken file stops the program
with a message that names the entry, never with a KeyError deep inside billing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import Any

from timer_app.billing.data_file import CatalogError, choice, entries
from timer_app.errors import UserError
from timer_app.resources import read_text


class Kind(StrEnum):
    TIMED = "timed"  # billed per 15 minutes
    UNTIMED = "untimed"  # billed once per visit whatever its length


class Attendance(StrEnum):
    ONE_ON_ONE = "one_on_one"
    CONSTANT_ATTENDANCE = "constant_attendance"
    SUPERVISED = "supervised"
    GROUP = "group"


class Discipline(StrEnum):
    PT = "PT"
    OT = "OT"
    SLP = "SLP"

    @property
    def modifier(self) -> str:
        """The plan-of-care modifier every therapy line carries."""
        return _THERAPY_MODIFIERS[self]


_THERAPY_MODIFIERS = {Discipline.PT: "GP", Discipline.OT: "GO", Discipline.SLP: "GN"}
UNIT_MINUTES = 15  # the usual unit; codes of other lengths say so in codes.json


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    label: str
    tile: str
    kind: Kind
    attendance: Attendance
    disciplines: tuple[Discipline, ...]
    add_on: str | None = None  # for a first-unit code: the code its further units bill as
    first_unit: str | None = None  # for an add-on code: the code that bills the first unit
    evaluation: bool = False  # an evaluation or re-evaluation: the therapist's own work
    unit_minutes: int = UNIT_MINUTES  # one unit's length (96105: 60)
    first_unit_minutes: int = UNIT_MINUTES  # the first unit's, when it differs (97550: 30)
    enabled: bool = True  # False: the clinic turned it off; old visits still bill it
    custom: bool = False  # added by the clinic, not shipped
    aliases: tuple[str, ...] = ()  # the clinic's everyday words for it, for search
    common: int | None = None  # how often therapy bills it: 1 is the most; None is rarely
    # Derived once here: billing reads them on every tick of the screen.
    is_timed: bool = field(init=False)
    is_exclusive: bool = field(init=False)  # one at a time per clinician (undivided time)
    is_group: bool = field(init=False)
    is_one_on_one: bool = field(init=False)  # one-on-one or constant attendance, timed or not
    pooled: bool = field(init=False)  # a 15-minute timed code: the CMS rule pools its minutes
    activity: str = field(init=False)  # 97130's time belongs to 97129's activity

    def __post_init__(self) -> None:
        timed = self.kind is Kind.TIMED
        undivided = self.attendance in (Attendance.ONE_ON_ONE, Attendance.CONSTANT_ATTENDANCE)
        object.__setattr__(self, "is_timed", timed)
        object.__setattr__(self, "is_exclusive", timed and undivided)
        object.__setattr__(self, "is_group", self.attendance is Attendance.GROUP)
        object.__setattr__(self, "is_one_on_one", undivided)
        fifteen = self.unit_minutes == UNIT_MINUTES and self.first_unit_minutes == UNIT_MINUTES
        object.__setattr__(self, "pooled", timed and fifteen)
        object.__setattr__(self, "activity", self.first_unit or self.code)


class Catalog(Mapping[str, Code]):
    """Codes by their code, in catalog order."""

    def __init__(self, codes: list[Code]) -> None:
        self._codes = {code.code: code for code in codes}
        for code in codes:  # an add-on counts as its first-unit code's activity does
            first = self._codes.get(code.first_unit or "")
            if first is not None:
                object.__setattr__(code, "pooled", first.pooled)

    def __getitem__(self, code: str) -> Code:
        return self._codes[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def lookup(self, code: str) -> Code:
        """The code, or a UserError that says which codes exist."""
        found = self._codes.get(code.strip().upper())
        if found is None:
            known = ", ".join(self._codes)
            raise UserError(f"unknown code '{code}'; known codes: {known}")
        return found

    def for_clinic(self, turned_off: Iterable[str], custom: Iterable[Code]) -> Catalog:
        """This catalog as one clinic uses it: its own codes added, the ones it turned off
        marked (they stay, so visits that used them still bill)."""
        off = {code.strip().upper() for code in turned_off}
        codes = [*self._codes.values(), *(c for c in custom if c.code not in self._codes)]
        return Catalog([replace(c, enabled=c.code not in off) for c in codes])


def custom_code(code: str, label: str, kind: Kind) -> Code:
    """A code the clinic added: a timed one needs the therapist one-on-one, an untimed one
    bills once a visit; every discipline may use it."""
    attendance = Attendance.ONE_ON_ONE if kind is Kind.TIMED else Attendance.SUPERVISED
    tile = label if len(label) <= 22 else label[:21] + "…"
    return Code(code, label, tile, kind, attendance, tuple(Discipline), custom=True)


def _field(entry: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in entry:
        raise CatalogError(f"{where}: missing field '{name}'")
    return entry[name]


def _parse_code(entry: Mapping[str, Any], index: int) -> Code:
    where = f"codes.json entry {index + 1}"
    code = str(_field(entry, "code", where)).strip().upper()
    where = f"codes.json code {code}"
    label = str(_field(entry, "label", where)).strip()
    tile = str(_field(entry, "tile", where)).strip()
    if not code or not label or not tile:
        raise CatalogError(f"{where}: code, label and tile must not be empty")
    disciplines = _field(entry, "disciplines", where)
    if not isinstance(disciplines, list) or not disciplines:
        raise CatalogError(f"{where}: 'disciplines' must be a non-empty list")
    return Code(
        code=code,
        label=label,
        tile=tile,
        kind=choice(Kind, _field(entry, "kind", where), where),
        attendance=choice(Attendance, _field(entry, "attendance", where), where),
        disciplines=tuple(choice(Discipline, d, where) for d in disciplines),
        add_on=entry.get("add_on"),
        first_unit=entry.get("first_unit"),
        evaluation=entry.get("evaluation", False) is True,
        unit_minutes=_minutes_field(entry, "unit_minutes", where),
        first_unit_minutes=_minutes_field(
            entry, "first_unit_minutes", where, _minutes_field(entry, "unit_minutes", where)
        ),
        aliases=_aliases(entry, where),
        common=_common(entry, where),
    )


def _aliases(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    found = entry.get("aliases", [])
    if not isinstance(found, list) or not all(isinstance(a, str) and a.strip() for a in found):
        raise CatalogError(f"{where}: 'aliases' must be a list of words")
    return tuple(a.strip() for a in found)


def _common(entry: Mapping[str, Any], where: str) -> int | None:
    value = entry.get("common")
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise CatalogError(f"{where}: 'common' must be a rank from 1")
    return value


def _minutes_field(
    entry: Mapping[str, Any], name: str, where: str, default: int = UNIT_MINUTES
) -> int:
    value = entry.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 240:
        raise CatalogError(f"{where}: '{name}' must be whole minutes from 1 to 240")
    return value


def _check_pairs(catalog: Catalog) -> None:
    for code in catalog.values():
        partner = code.add_on or code.first_unit
        if partner is None:
            continue
        other = catalog.get(partner)
        if other is None or code.code not in (other.add_on, other.first_unit):
            raise CatalogError(
                f"codes.json code {code.code}: its pair {partner} does not point back"
            )
        if not (code.is_timed and other.is_timed):
            raise CatalogError(
                f"codes.json code {code.code}: a first-unit/add-on pair must be timed"
            )


def parse_catalog(text: str) -> Catalog:
    listed = entries(text, "codes.json", "codes")
    codes = [_parse_code(entry, index) for index, entry in enumerate(listed)]
    if len({code.code for code in codes}) != len(codes):
        raise CatalogError("codes.json lists a code twice")
    catalog = Catalog(codes)
    _check_pairs(catalog)
    return catalog


@cache
def load_catalog() -> Catalog:
    """The shipped catalog (read once)."""
    return parse_catalog(read_text("codes.json"))
