"""A large clinic for benchmarks: N clinicians over Y years of weekdays, written in bulk.

Rows go straight in with `executemany` inside one transaction (the timer's per-change path
would take hours for a decade); the shapes match what `Store.write_visit` writes.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from timer_app.billing import Discipline, TimedInterval, bill_visit, load_catalog
from timer_app.records import Payer, Role, payer_profile
from timer_app.records import demo as data
from timer_app.store.convert import signed_lines_text, utc_text
from timer_app.store.schema import (
    CLINICIAN,
    FEE,
    INTERVAL,
    PATIENT,
    PATIENT_DIAGNOSIS,
    PAYER,
    VISIT,
    VISIT_DIAGNOSIS,
)
from timer_app.store.store import Store

VISITS_PER_DAY = 9  # per clinician
NEW_PATIENTS_PER_DAY = 3
CASELOAD_DAYS = 40  # a patient comes back for about eight weeks
GENERATOR_VERSION = 4  # bump when the shape changes, so cached files are rebuilt


_VISIT_COLUMNS = (
    "id", "uuid", "patient_id", "clinician_id", "date", "payer_id", "discipline", "status",
    "signed_by", "signed_at", "version", "amends_id", "chosen_units", "diagnosis_pointers",
    "amount_paid_cents", "created_at", "signed_lines",
)  # fmt: skip
_VISIT_INSERT = (
    f"INSERT INTO {VISIT} ({', '.join(_VISIT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_VISIT_COLUMNS))})"
)


@dataclass(frozen=True, slots=True)
class Generated:
    path: Path
    clinicians: int
    patients: int
    visits: int
    intervals: int
    first_day: date
    last_day: date


def generate(
    path: Path, *, clinicians: int = 10, years: float = 10, last_day: date | None = None,
    seed: int = 2026,
) -> Generated:  # fmt: skip
    """Write a new file at `path` (which must not exist yet)."""
    if path.exists():
        raise FileExistsError(path)
    last = last_day or date(2026, 11, 20)
    days = _weekdays(last - timedelta(days=round(365 * years)), last)
    rng = random.Random(seed)
    with Store.open(path, daily_backup=False) as store:
        db = store.db
        with db.atomic():
            store.clinic.save(data.CLINIC)
            _people(db.conn, clinicians, rng)
            payers = _payers(db.conn, rng)
            patients = _patients(db.conn, len(days) * NEW_PATIENTS_PER_DAY, list(payers), rng)
            lines = _SignedLines(payers)
            visits, intervals = _visits(db.conn, days, clinicians, patients, lines, rng)
        db.execute("ANALYZE")
    return Generated(path, clinicians, len(patients), visits, intervals, days[0], days[-1])


def _uuid(rng: random.Random) -> str:
    """A clinic-wide name drawn from the seed, so the same file comes out each time."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _weekdays(first: date, last: date) -> list[date]:
    count = (last - first).days + 1
    return [d for d in (first + timedelta(days=n) for n in range(count)) if d.weekday() < 5]


def _people(conn: Any, count: int, rng: random.Random) -> None:
    roles = [("PT", "PT", "PT, DPT"), ("PT", "PTA", "PTA"), ("OT", "OT", "OTR/L"),
             ("OT", "OTA", "COTA"), ("SLP", "SLP", "MS, CCC-SLP")]  # fmt: skip
    rows = []
    for n in range(count):
        discipline, role, credentials = roles[n % len(roles)] if n else roles[0]
        rows.append((_uuid(rng), f"Clinician {n + 1:02d}", credentials, f"{1000000000 + n}",
                     discipline, role, "[]", 1))  # fmt: skip
    conn.executemany(
        f"INSERT INTO {CLINICIAN} (uuid, name, credentials, npi, discipline, role, "
        "favourite_codes, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _payers(conn: Any, rng: random.Random) -> dict[int, Payer]:
    made = {}
    for name, profile, percent in data.PAYERS:
        cursor = conn.execute(
            f"INSERT INTO {PAYER} (uuid, name, profile) VALUES (?, ?, ?)",
            (_uuid(rng), name, profile),
        )
        fees = {c: cents * percent // 100 for c, cents in data.MEDICARE_FEES.items()}
        made[cursor.lastrowid] = Payer(cursor.lastrowid, name, profile, fees)
        conn.executemany(
            f"INSERT INTO {FEE} (payer_id, code, cents) VALUES (?, ?, ?)",
            [(cursor.lastrowid, c, cents) for c, cents in fees.items()],
        )
    return made


def _patients(
    conn: Any, count: int, payers: list[int], rng: random.Random
) -> list[tuple[int, int, list[str]]]:
    codes = list(data.DIAGNOSES)
    made, rows, diagnoses = [], [], []
    for n in range(1, count + 1):
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 85))
        payer = payers[0] if born.year < 1961 else rng.choice(payers[1:])
        chosen = rng.sample(codes, rng.randint(1, 3))
        rows.append((n, _uuid(rng), f"Patient {n:05d}", born.isoformat(), "", f"MRN-{n:06d}",
                     payer, f"M{n:09d}", "2016-01-01T00:00:00.000000+00:00"))  # fmt: skip
        diagnoses += [
            (n, slot, c, data.DIAGNOSES[c].description) for slot, c in enumerate(chosen, 1)
        ]
        made.append((n, payer, chosen))
    conn.executemany(
        f"INSERT INTO {PATIENT} (id, uuid, name, date_of_birth, address, "
        "medical_record_number, payer_id, member_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany(f"INSERT INTO {PATIENT_DIAGNOSIS} VALUES (?, ?, ?, ?)", diagnoses)
    return made


def _visits(
    conn: Any, days: list[date], clinicians: int, patients: list[tuple[int, int, list[str]]],
    lines: _SignedLines, rng: random.Random,
) -> tuple[int, int]:  # fmt: skip
    visit_id = intervals = 0
    recent = days[-5]
    for index, day in enumerate(days):
        status = "billed" if day < recent else "signed"
        visit_rows, dx_rows, interval_rows = [], [], []
        for clinician in range(1, clinicians + 1):
            plans = data.PLANS[_role(clinician)]
            for slot in range(VISITS_PER_DAY):
                visit_id += 1
                patient, payer, codes = patients[_patient_index(index, len(patients), rng)]
                begin = datetime.combine(day, time(8 + slot), UTC)
                blocks = list(_blocks(rng.choice(plans), begin, rng))
                signed = lines.text(payer, clinician, blocks)
                visit_rows.append(_visit_row(visit_id, _uuid(rng), patient, clinician, day,
                                             payer, status, blocks[-1][2], signed))  # fmt: skip
                dx_rows += [
                    (visit_id, s, c, data.DIAGNOSES[c].description) for s, c in enumerate(codes, 1)
                ]
                interval_rows += [
                    (uuid.UUID(int=rng.getrandbits(128)).hex, visit_id, code, clinician,
                     utc_text(start), utc_text(end), int((end - start).total_seconds() * 1000))
                    for code, start, end in blocks
                ]  # fmt: skip
        conn.executemany(_VISIT_INSERT, visit_rows)
        conn.executemany(f"INSERT INTO {VISIT_DIAGNOSIS} VALUES (?, ?, ?, ?)", dx_rows)
        conn.executemany(
            f'INSERT INTO {INTERVAL} (id, visit_id, code, clinician_id, start, "end", '
            "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            interval_rows,
        )
        intervals += len(interval_rows)
    return visit_id, intervals


def _role(clinician: int) -> Role:
    return [Role.PT, Role.PTA, Role.PT, Role.PTA, Role.SLP][(clinician - 1) % 5]


def _patient_index(day_index: int, count: int, rng: random.Random) -> int:
    newest = min(count, (day_index + 1) * NEW_PATIENTS_PER_DAY)
    oldest = max(0, newest - CASELOAD_DAYS * NEW_PATIENTS_PER_DAY)
    return rng.randrange(oldest, newest)


def _blocks(
    plan: tuple[tuple[str, int, int], ...], begin: datetime, rng: random.Random
) -> Iterator[tuple[str, datetime, datetime]]:
    at = begin
    for code, minutes, seconds in plan:
        end = at + timedelta(seconds=minutes * 60 + seconds + rng.randint(-90, 90))
        yield code, at, end
        at = end + timedelta(seconds=40)


def _visit_row(
    visit_id: int, visit_uuid: str, patient: int, clinician: int, day: date, payer: int,
    status: str, last_end: datetime, lines: str,
) -> tuple[Any, ...]:  # fmt: skip
    signed_at = utc_text(last_end + timedelta(minutes=15))
    return (visit_id, visit_uuid, patient, clinician, day.isoformat(), payer,
            _discipline(clinician).value, status, clinician, signed_at, 1, None, None,
            json.dumps({}), 0, signed_at, lines)  # fmt: skip


def _discipline(clinician: int) -> Discipline:
    return Discipline.SLP if _role(clinician) is Role.SLP else Discipline.PT


class _SignedLines:
    """The claim lines each visit was signed with (`Visit.signed_lines`), as the review
    bills them; visits timed alike (the same codes, the same whole and half minutes, the
    same payer and role) bill alike, so each shape is billed once."""

    def __init__(self, payers: dict[int, Payer]) -> None:
        self._payers = payers
        self._catalog = load_catalog()
        self._made: dict[tuple[Any, ...], str] = {}

    def text(
        self, payer_id: int, clinician: int, blocks: list[tuple[str, datetime, datetime]]
    ) -> str:
        seconds = [(code, int((end - start).total_seconds())) for code, start, end in blocks]
        year = blocks[0][1].year  # the edit pairs in force
        key = (payer_id, clinician % 5, year, tuple((code, s // 30) for code, s in seconds))
        if key not in self._made:
            payer = self._payers[payer_id]
            assistant = _role(clinician).is_assistant
            timed = [TimedInterval(code, start, end, assistant) for code, start, end in blocks]
            billing = bill_visit(
                seconds, payer_profile(payer), _discipline(clinician), catalog=self._catalog,
                intervals=timed, fees=payer.fees, on=blocks[0][1].date(),
            )  # fmt: skip
            lines = [
                (line.code, line.modifiers, line.units, line.minutes) for line in billing.lines
            ]
            self._made[key] = signed_lines_text(tuple(lines)) or "[]"
        return self._made[key]
