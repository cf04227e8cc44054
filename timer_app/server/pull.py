"""The master data a workstation copies down from the clinic server.

    data = master_data_since(connection, cursor)   # what changed after `cursor`
    data = master_data_since(connection, 0)        # everything: `data.complete`

The front desk keeps the clinic's details, clinicians, payers with their fees, patients
with their diagnoses, users (with their PIN hashes, so a workstation signs people in while
the server is away) and code settings on the server; every workstation keeps a read-only
copy in its own file. Each of those rows carries `changed`, from one sequence, bumped on
every insert and update (a fee or a diagnosis bumps its payer or patient): a workstation
asks for the rows past the highest number it has seen.

Rows removed on the server leave no trace there, so only a full pull (cursor 0) can tell
what is gone: what the workstation has and the full pull lacks.

A change is read once it is committed, and the numbers are taken before that: one
committed by a transaction still running while a pull read, under a number below the
highest that pull saw, is missed until the next full pull (a background sender should pull
in full on the first round of each run).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from timer_app.billing import Discipline
from timer_app.errors import UserError
from timer_app.records import Clinic, CodeSetting, Diagnosis, Role, Sex
from timer_app.records.people import Access


@dataclass(frozen=True, slots=True)
class ServerClinician:
    uuid: str
    name: str
    credentials: str
    npi: str
    discipline: Discipline
    role: Role
    favourite_codes: str  # as stored: a JSON list
    active: bool


@dataclass(frozen=True, slots=True)
class ServerPayer:
    uuid: str
    name: str
    profile: str
    assistant_modifiers: bool | None
    fees: Mapping[str, int] = field(default_factory=dict, hash=False)  # every fee, in cents


@dataclass(frozen=True, slots=True)
class ServerPatient:
    uuid: str
    name: str
    date_of_birth: date
    address: str
    medical_record_number: str
    payer_uuid: str | None
    member_id: str
    created_at: datetime
    diagnoses: tuple[Diagnosis, ...] = ()  # every one, in slot order
    # the claim fields (`records.model.CLAIM_FIELDS`), the secondary payer by uuid
    sex: Sex = field(default=Sex.UNKNOWN, kw_only=True)
    referring_physician: str = field(default="", kw_only=True)
    referring_npi: str = field(default="", kw_only=True)
    group_number: str = field(default="", kw_only=True)
    secondary_payer_uuid: str | None = field(default=None, kw_only=True)
    secondary_member_id: str = field(default="", kw_only=True)


@dataclass(frozen=True, slots=True)
class ServerUser:
    uuid: str
    name: str
    access: Access
    clinician_uuid: str | None
    pin_hash: str
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ServerEpisode:
    """An episode of care, its patient by uuid; its own columns as stored
    (`records.plan_of_care.episode_values`), its diagnoses in slot order."""

    uuid: str
    patient_uuid: str
    values: Mapping[str, Any] = field(hash=False)
    diagnoses: tuple[Diagnosis, ...] = ()
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ServerAuthorization:
    """An authorization, its episode and payer by uuid, its columns as stored
    (`records.plan_of_care.authorization_values`)."""

    uuid: str
    episode_uuid: str
    payer_uuid: str
    values: Mapping[str, Any] = field(hash=False)
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MasterData:
    """What changed on the server past a cursor, each kind by uuid (code settings by code).

    `cursor` is the highest `changed` seen (the one asked for when nothing changed);
    `complete`: every row the server has, so one missing here was removed there."""

    cursor: int
    complete: bool
    clinic: Clinic | None = None
    clinicians: Mapping[str, ServerClinician] = field(default_factory=dict)
    payers: Mapping[str, ServerPayer] = field(default_factory=dict)
    patients: Mapping[str, ServerPatient] = field(default_factory=dict)
    users: Mapping[str, ServerUser] = field(default_factory=dict)
    codes: Mapping[str, CodeSetting] = field(default_factory=dict)
    episodes: Mapping[str, ServerEpisode] = field(default_factory=dict)
    authorizations: Mapping[str, ServerAuthorization] = field(default_factory=dict)

    def count(self) -> int:
        return sum(map(len, (self.clinicians, self.payers, self.patients, self.users,
                             self.codes, self.episodes, self.authorizations))
                   ) + (self.clinic is not None)  # fmt: skip


def master_data_since(connection: Any, cursor: int) -> MasterData:
    """Every master-data row whose `changed` is past `cursor` (all of them for 0), read in
    one snapshot so a patient's payer and a user's clinician are there too."""
    connection.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        with _unknown_values():
            found = _read(connection, cursor)
    finally:
        connection.run("ROLLBACK")  # nothing was written: ending the snapshot is enough
    return found


def _read(connection: Any, cursor: int) -> MasterData:
    seen = [cursor]  # every kind adds the `changed` of its rows
    clinic = _clinic(connection, cursor, seen)
    clinicians = _clinicians(connection, cursor, seen)
    payers = _payers(connection, cursor, seen)
    patients = _patients(connection, cursor, seen)
    users = _users(connection, cursor, seen)
    codes = _codes(connection, cursor, seen)
    episodes = _episodes(connection, cursor, seen)
    authorizations = _authorizations(connection, cursor, seen)
    return MasterData(max(seen), cursor == 0, clinic, clinicians, payers, patients, users,
                      codes, episodes, authorizations)  # fmt: skip


def _clinic(connection: Any, cursor: int, seen: list[int]) -> Clinic | None:
    rows = connection.run(
        "SELECT name, address, phone, tax_id, billing_npi, place_of_service, date_style, "
        "changed FROM clinic WHERE changed > :cursor", cursor=cursor,
    )  # fmt: skip
    for *values, changed in rows:
        seen.append(changed)
        return Clinic(*values)
    return None


def _clinicians(connection: Any, cursor: int, seen: list[int]) -> dict[str, ServerClinician]:
    rows = connection.run(
        "SELECT uuid, name, credentials, npi, discipline, role, favourite_codes, active, "
        "changed FROM clinician WHERE changed > :cursor", cursor=cursor,
    )  # fmt: skip
    found = {}
    for key, name, credentials, npi, discipline, role, favourites, active, changed in rows:
        seen.append(changed)
        found[str(key)] = ServerClinician(
            str(key), name, credentials, npi, Discipline(discipline), Role(role), favourites,
            active,
        )  # fmt: skip
    return found


def _payers(connection: Any, cursor: int, seen: list[int]) -> dict[str, ServerPayer]:
    fees: dict[str, dict[str, int]] = {}
    for key, code, cents in connection.run(
        "SELECT p.uuid, f.code, f.cents FROM payer_fee f JOIN payer p ON p.id = f.payer_id "
        "WHERE p.changed > :cursor", cursor=cursor,
    ):  # fmt: skip
        fees.setdefault(str(key), {})[code] = cents
    rows = connection.run(
        "SELECT uuid, name, profile, assistant_modifiers, changed FROM payer "
        "WHERE changed > :cursor", cursor=cursor,
    )  # fmt: skip
    found = {}
    for key, name, profile, assistants, changed in rows:
        seen.append(changed)
        found[str(key)] = ServerPayer(str(key), name, profile, assistants,
                                      fees.get(str(key), {}))  # fmt: skip
    return found


def _patients(connection: Any, cursor: int, seen: list[int]) -> dict[str, ServerPatient]:
    diagnoses: dict[str, list[Diagnosis]] = {}
    for key, code, description in connection.run(
        "SELECT p.uuid, d.code, d.description FROM patient_diagnosis d "
        "JOIN patient p ON p.id = d.patient_id WHERE p.changed > :cursor "
        "ORDER BY p.id, d.position", cursor=cursor,
    ):  # fmt: skip
        diagnoses.setdefault(str(key), []).append(Diagnosis(code, description))
    rows = connection.run(
        "SELECT p.uuid, p.name, p.date_of_birth, p.address, p.medical_record_number, "
        "y.uuid AS payer_uuid, p.member_id, p.created_at, p.changed, p.sex, "
        "p.referring_physician, p.referring_npi, p.group_number, s.uuid AS secondary_uuid, "
        "p.secondary_member_id FROM patient p LEFT JOIN payer y ON y.id = p.payer_id "
        "LEFT JOIN payer s ON s.id = p.secondary_payer_id WHERE p.changed > :cursor",
        cursor=cursor,
    )  # fmt: skip
    found = {}
    for row in rows:
        key, name, born, address, record, payer, member, created, changed = row[:9]
        sex, physician, npi, group, secondary, secondary_member = row[9:]
        seen.append(changed)
        found[str(key)] = ServerPatient(
            str(key), name, born, address, record, _text(payer), member, created,
            tuple(diagnoses.get(str(key), ())), sex=Sex(sex), referring_physician=physician,
            referring_npi=npi, group_number=group, secondary_payer_uuid=_text(secondary),
            secondary_member_id=secondary_member,
        )  # fmt: skip
    return found


def _users(connection: Any, cursor: int, seen: list[int]) -> dict[str, ServerUser]:
    rows = connection.run(
        "SELECT u.uuid, u.name, u.access, c.uuid, u.pin_hash, u.active, u.created_at, "
        "u.changed FROM app_user u LEFT JOIN clinician c ON c.id = u.clinician_id "
        "WHERE u.changed > :cursor", cursor=cursor,
    )  # fmt: skip
    found = {}
    for key, name, access, clinician, pin_hash, active, created, changed in rows:
        seen.append(changed)
        found[str(key)] = ServerUser(
            str(key), name, Access(access), _text(clinician), pin_hash, active, created
        )
    return found


def _codes(connection: Any, cursor: int, seen: list[int]) -> dict[str, CodeSetting]:
    rows = connection.run(
        "SELECT code, enabled, favourite, custom, label, kind, changed FROM code_setting "
        "WHERE changed > :cursor", cursor=cursor,
    )  # fmt: skip
    found = {}
    for code, enabled, favourite, custom, label, kind, changed in rows:
        seen.append(changed)
        found[code] = CodeSetting(code, enabled, favourite, custom, label, kind)
    return found


def _episodes(connection: Any, cursor: int, seen: list[int]) -> dict[str, ServerEpisode]:
    diagnoses: dict[str, list[Diagnosis]] = {}
    for key, code, description in connection.run(
        "SELECT e.uuid, d.code, d.description FROM episode_diagnosis d "
        "JOIN episode e ON e.id = d.episode_id WHERE e.changed > :cursor "
        "ORDER BY e.id, d.position", cursor=cursor,
    ):  # fmt: skip
        diagnoses.setdefault(str(key), []).append(Diagnosis(code, description))
    rows = connection.run(
        "SELECT e.uuid, p.uuid, e.discipline, e.certified_on, e.period_ends, e.physician, "
        "e.physician_npi, e.frequency, e.duration_weeks, e.last_progress_report, "
        "e.discharged_on, e.created_at, e.changed FROM episode e "
        "JOIN patient p ON p.id = e.patient_id WHERE e.changed > :cursor", cursor=cursor,
    )  # fmt: skip
    found = {}
    for key, patient, discipline, *dates_and_text, created, changed in rows:
        seen.append(changed)
        certified, ends, physician, npi, frequency, weeks, report, discharged = dates_and_text
        values = {
            "discipline": Discipline(discipline).value, "certified_on": _iso(certified),
            "period_ends": _iso(ends), "physician": physician, "physician_npi": npi,
            "frequency": frequency, "duration_weeks": weeks,
            "last_progress_report": _iso(report), "discharged_on": _iso(discharged),
        }  # fmt: skip
        found[str(key)] = ServerEpisode(str(key), str(patient), values,
                                        tuple(diagnoses.get(str(key), ())), created)  # fmt: skip
    return found


def _authorizations(
    connection: Any, cursor: int, seen: list[int]
) -> dict[str, ServerAuthorization]:
    rows = connection.run(
        "SELECT a.uuid, e.uuid, y.uuid, a.starts, a.ends, a.visits, a.units, a.reference, "
        "a.created_at, a.changed FROM payer_authorization a "
        "JOIN episode e ON e.id = a.episode_id JOIN payer y ON y.id = a.payer_id "
        "WHERE a.changed > :cursor", cursor=cursor,
    )  # fmt: skip
    found = {}
    for key, episode, payer, starts, ends, visits, units, reference, created, changed in rows:
        seen.append(changed)
        values = {"starts": _iso(starts), "ends": _iso(ends), "visits": visits, "units": units,
                  "reference": reference}  # fmt: skip
        found[str(key)] = ServerAuthorization(str(key), str(episode), str(payer), values, created)
    return found


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _text(value: object) -> str | None:
    """A uuid as the workstation's file spells it (dashed, lowercase), or None."""
    return None if value is None else str(value)


@contextmanager
def _unknown_values() -> Iterator[None]:
    """A role, discipline or access this program does not know came from a newer one."""
    try:
        yield
    except ValueError as error:
        raise UserError(
            f"The clinic server holds a value this program does not know ({error}): install "
            "the newer Therapy Timer on this computer. Nothing was copied."
        ) from None
