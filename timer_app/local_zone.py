"""This computer's time zone, from the zone database, and wall times read in a zone.

A zone is a `ZoneInfo`: its offset is looked up per instant, so a program left running
over a daylight-saving change, or a visit on the other side of one, reads its own offset.
Standard library only (the lowest layer: the clinic services use it without Qt).
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Windows names its zones its own way; the standard library has no table for them. These
# are the United States' zones (the clinics this program bills for); anywhere else keeps
# the fixed offset below.
WINDOWS_ZONES = {
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Pacific Standard Time": "America/Los_Angeles",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
}


def find_local_zone(etc: Path = Path("/etc")) -> tzinfo:
    """This computer's zone: `TZ` if it names one, else /etc/localtime's target, else
    /etc/timezone, else (Windows) the registry's zone name for a US zone."""
    name = _zone_name(etc)
    if name is not None:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # not a zone of the database: the fixed offset below
    # No zone name found (or TZ holds a rule such as "EST5EDT4,M3.2.0,M11.1.0" rather than a
    # name): the offset in force now, fixed. It is 1 h wrong across a daylight-saving change,
    # so this is the last resort only.
    return datetime.now(UTC).astimezone().tzinfo or UTC


def _zone_name(etc: Path) -> str | None:
    tz = os.environ.get("TZ")
    if tz:  # set: the C library reads the clock through it, so nothing else counts
        return _key_of(tz.removeprefix(":"))
    link = etc / "localtime"
    if link.is_symlink() and "zoneinfo/" in (target := str(link.readlink())):
        return _key_of(target)
    try:
        named = (etc / "timezone").read_text(encoding="utf-8").strip()
    except OSError:
        named = ""
    if named:
        return named
    return _windows_zone_name()


def _key_of(text: str) -> str | None:
    """A zone key from a name or a path into the database (…/zoneinfo/America/Chicago)."""
    if "zoneinfo/" in text:
        return text.rsplit("zoneinfo/", 1)[1]
    return None if text.startswith("/") else text


def _windows_zone_name() -> str | None:
    if sys.platform != "win32":
        return None
    import winreg

    path = r"SYSTEM\CurrentControlSet\Control\TimeZoneInformation"
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as key:
            windows_name = str(winreg.QueryValueEx(key, "TimeZoneKeyName")[0])
    except OSError:
        return None
    return WINDOWS_ZONES.get(windows_name.strip("\0 "))


def instants_at(day: date, wall: time, tz: tzinfo) -> tuple[datetime, ...]:
    """The UTC instants at which clocks in `tz` read `wall` on `day`: none in the hour the
    clocks skip, two (earlier first) in the hour they repeat, else one."""
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    found: list[datetime] = []
    for fold in (0, 1):
        instant = naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None, fold=0) == naive:
            found.append(instant)
    return tuple(sorted(set(found)))


def repeated(moment: datetime, tz: tzinfo) -> bool:
    """Whether the wall time of `moment` in `tz` happens twice (clocks went back over it)."""
    local = moment.astimezone(tz)
    return len(instants_at(local.date(), local.time(), tz)) > 1


def wall_clock(moment: datetime, tz: tzinfo, pattern: str = "%H:%M") -> str:
    """`moment` on the wall clock in `tz`; a time that happens twice names its offset
    ("01:10 EST"), since the clock alone cannot tell the two apart."""
    local = moment.astimezone(tz)
    text = local.strftime(pattern)
    return f"{text} {local.tzname()}" if repeated(moment, tz) else text
