"""The clinic server's master data in this workstation's file, and the one-time upload.

    applied = apply_master_data(store, master_data_since(connection, pulled_up_to(store)))
    sent = upload_master_data(store, owner_connection)   # a clinic becoming the server

On a workstation joined to the clinic server the clinic's details, clinicians, payers and
fees, patients and diagnoses, users and code settings are the server's: the file keeps a
copy, matched row by row on the uuid every computer shares, so the local ids visits and
intervals point at never change. Visits, intervals and the audit log are never touched
here; neither are a user's wrong-PIN count or a patient's therapy billed elsewhere.

What a full pull lacks was removed on the server: clinicians and users are turned
inactive here (a removed user can no longer sign in), payers nobody here uses are removed,
code settings go back to the shipped code's (a custom code is turned off: visits may name
it). Patients stay: one missing may be waiting here to go up, or have visits here. A kind
the server has none of is left as it is (a server not seeded yet empties nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from timer_app.errors import UserError
from timer_app.records import CodeSetting, Diagnosis
from timer_app.records.model import CLAIM_FIELDS, claim_text
from timer_app.server.pull import (
    MasterData,
    ServerAuthorization,
    ServerClinician,
    ServerEpisode,
    ServerPatient,
    ServerPayer,
    ServerUser,
)
from timer_app.store.audit import AuditLog
from timer_app.store.convert import Row, utc_from, utc_text
from timer_app.store.schema import (
    AUTHORIZATION,
    CLINIC,
    CLINICIAN,
    CODE_SETTING,
    EPISODE,
    EPISODE_DIAGNOSIS,
    FEE,
    PATIENT,
    PATIENT_DIAGNOSIS,
    PAYER,
    SETTING,
    USER,
    VISIT,
)

if TYPE_CHECKING:
    from timer_app.store.store import Store

PULLED_UP_TO = "server.pulled_up_to"  # the highest `changed` of the server's copied here
SERVER = "the clinic server"
_CLINIC_ROW = 1
_CLINICIAN_COLUMNS = ("uuid", "name", "credentials", "npi", "discipline", "role",
                      "favourite_codes")  # fmt: skip


class MissingCopyError(UserError):
    """The server named a record this file has no copy of: a full pull mends it."""


@dataclass(frozen=True, slots=True)
class Applied:
    """How many records of each kind were added or changed (or sent up)."""

    clinic: int = 0
    clinicians: int = 0
    payers: int = 0
    patients: int = 0
    users: int = 0
    codes: int = 0
    retired: int = 0  # gone from the server: turned inactive, removed or back to shipped
    episodes: int = 0  # episodes of care
    authorizations: int = 0

    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))


def pulled_up_to(store: Store) -> int:
    """The cursor of the last pull; 0 before the first (the next pull is then full)."""
    stored = store.settings.get(PULLED_UP_TO)
    return int(stored) if stored and stored.isdigit() else 0


def apply_master_data(store: Store, data: MasterData) -> Applied:
    """Copy what the server sent into the file in one transaction, with the cursor and one
    audit entry when anything changed; rows already as sent are left alone, so the same
    data twice changes nothing. Call it on the thread that opened the store."""
    with store.atomic():
        db = store.db
        applied = Applied(
            clinic=_clinic(db, data),
            clinicians=_clinicians(db, data.clinicians),
            payers=_payers(db, data.payers),
            patients=_patients(db, data.patients),
            users=_users(db, data.users),
            codes=_codes(db, data.codes),
            retired=_retire(db, data) if data.complete else 0,
            episodes=_episodes(db, data.episodes),
            authorizations=_authorizations(db, data.authorizations),
        )
        if data.cursor > pulled_up_to(store):
            db.table(SETTING).upsert({"key": PULLED_UP_TO, "value": str(data.cursor)}, pk="key")
        if applied.total():
            # under the server's name, whoever is signed in here: nobody here made it
            AuditLog(db, store.clock).record(
                SERVER, "master data from the clinic server",
                after={**asdict(applied), "up_to": data.cursor},
            )  # fmt: skip
    return applied


# --- one row ---------------------------------------------------------------------------------


def _save(
    db: Database, table: str, key: str, value: object, row: Row, added: Row | None = None
) -> bool:
    """Make the row whose `key` is `value` say `row` (added with `added` when missing);
    False when it already did."""
    found = list(db.query(f"SELECT * FROM {table} WHERE {key} = ?", [value]))
    if found and all(found[0][column] == wanted for column, wanted in row.items()):
        return False
    if found:
        columns = ", ".join(f"{column} = ?" for column in row)
        db.execute(f"UPDATE {table} SET {columns} WHERE {key} = ?", [*row.values(), value])
    else:
        db.table(table).insert({key: value, **row, **(added or {})})
    return True


def _ids(db: Database, table: str) -> dict[str, int]:
    """Local ids by uuid."""
    return {row["uuid"]: row["id"] for row in db.query(f"SELECT uuid, id FROM {table}")}


def _id_of(db: Database, table: str, key: str) -> int:
    return int(db.execute(f"SELECT id FROM {table} WHERE uuid = ?", [key]).fetchone()[0])


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


# --- each kind -------------------------------------------------------------------------------


def _clinic(db: Database, data: MasterData) -> int:
    if data.clinic is None:
        return 0
    return int(_save(db, CLINIC, "id", _CLINIC_ROW, asdict(data.clinic)))


def _clinicians(db: Database, clinicians: Mapping[str, ServerClinician]) -> int:
    return sum(
        _save(db, CLINICIAN, "uuid", key, _clinician_row(c)) for key, c in clinicians.items()
    )


def _clinician_row(clinician: ServerClinician) -> Row:
    return {
        "name": clinician.name, "credentials": clinician.credentials, "npi": clinician.npi,
        "discipline": clinician.discipline.value, "role": clinician.role.value,
        "favourite_codes": clinician.favourite_codes, "active": int(clinician.active),
    }  # fmt: skip


def _payers(db: Database, payers: Mapping[str, ServerPayer]) -> int:
    _make_way(db, payers)
    changed = 0
    for key, payer in payers.items():
        row = {"name": payer.name, "profile": payer.profile,
               "assistant_modifiers": _flag(payer.assistant_modifiers)}  # fmt: skip
        saved = _save(db, PAYER, "uuid", key, row)
        changed += saved | _fees(db, _id_of(db, PAYER, key), payer.fees)
    return changed


def _make_way(db: Database, payers: Mapping[str, ServerPayer]) -> None:
    """Payer names are unique here as there: two payers that swapped names on the server
    are parked under their uuids first; a payer this file had before it joined, under a
    name the server gives another, becomes that one (its visits keep it)."""
    for key, payer in payers.items():
        db.execute(f"UPDATE {PAYER} SET name = uuid WHERE uuid = ? AND name != ?",
                   [key, payer.name])  # fmt: skip
    local = _ids(db, PAYER)
    for key, payer in payers.items():
        if key not in local:
            db.execute(
                f"UPDATE {PAYER} SET uuid = ? WHERE name = ? COLLATE NOCASE AND uuid NOT IN "
                f"({', '.join('?' * len(payers))})",
                [key, payer.name, *payers],
            )


def _fees(db: Database, payer_id: int, fees: Mapping[str, int]) -> bool:
    rows = db.query(f"SELECT code, cents FROM {FEE} WHERE payer_id = ?", [payer_id])
    if {row["code"]: row["cents"] for row in rows} == dict(fees):
        return False
    db.execute(f"DELETE FROM {FEE} WHERE payer_id = ?", [payer_id])
    db.table(FEE).insert_all(
        {"payer_id": payer_id, "code": code, "cents": cents} for code, cents in fees.items()
    )
    return True


def _patients(db: Database, patients: Mapping[str, ServerPatient]) -> int:
    payers = _ids(db, PAYER)
    changed = 0
    for key, patient in patients.items():
        row = {
            "name": patient.name, "date_of_birth": patient.date_of_birth.isoformat(),
            "address": patient.address, "medical_record_number": patient.medical_record_number,
            "payer_id": _local(payers, patient.payer_uuid, f"the payer of {patient.name}"),
            "member_id": patient.member_id, "sex": patient.sex.value,
            "referring_physician": patient.referring_physician,
            "referring_npi": patient.referring_npi, "group_number": patient.group_number,
            "secondary_payer_id": _local(payers, patient.secondary_payer_uuid,
                                         f"the secondary insurance of {patient.name}"),
            "secondary_member_id": patient.secondary_member_id,
        }  # fmt: skip
        saved = _save(db, PATIENT, "uuid", key, row, {"created_at": utc_text(patient.created_at)})
        changed += saved | _diagnoses(db, _id_of(db, PATIENT, key), patient)
    return changed


def _diagnoses(db: Database, patient_id: int, patient: ServerPatient) -> bool:
    return _replace_diagnoses(db, PATIENT_DIAGNOSIS, "patient_id", patient_id, patient.diagnoses)


def _replace_diagnoses(
    db: Database, table: str, owner: str, owner_id: int, diagnoses: Sequence[Diagnosis]
) -> bool:
    """A patient's or an episode's diagnoses as the server has them; False when unchanged."""
    rows = db.query(
        f"SELECT code, description FROM {table} WHERE {owner} = ? ORDER BY position", [owner_id]
    )
    wanted = [(d.code, d.description) for d in diagnoses]
    if [(row["code"], row["description"]) for row in rows] == wanted:
        return False
    db.execute(f"DELETE FROM {table} WHERE {owner} = ?", [owner_id])
    db.table(table).insert_all(
        {owner: owner_id, "position": slot, "code": code, "description": description}
        for slot, (code, description) in enumerate(wanted, start=1)
    )
    return True


def _users(db: Database, users: Mapping[str, ServerUser]) -> int:
    clinicians = _ids(db, CLINICIAN)
    changed = 0
    for key, user in users.items():
        row = {
            "name": user.name, "access": user.access.value, "pin_hash": user.pin_hash,
            "clinician_id": _local(clinicians, user.clinician_uuid, f"{user.name}'s clinician"),
            "active": int(user.active),
        }  # fmt: skip
        changed += _save(db, USER, "uuid", key, row, {"created_at": utc_text(user.created_at)})
    return changed


def _codes(db: Database, codes: Mapping[str, CodeSetting]) -> int:
    return sum(_save(db, CODE_SETTING, "code", code, _code_row(s)) for code, s in codes.items())


def _code_row(setting: CodeSetting) -> Row:
    return {
        "enabled": int(setting.enabled), "favourite": int(setting.favourite),
        "custom": int(setting.custom), "label": setting.label, "kind": setting.kind,
    }  # fmt: skip


def _episodes(db: Database, episodes: Mapping[str, ServerEpisode]) -> int:
    """Episodes of care by uuid, with their diagnoses; one added here and not sent up yet
    stays (a full pull that lacks it removes nothing, as for patients)."""
    patients = _ids(db, PATIENT)
    changed = 0
    for key, episode in episodes.items():
        patient_id = _local(patients, episode.patient_uuid, "the patient of an episode of care")
        row = {"patient_id": patient_id, **episode.values}
        created = utc_text(episode.created_at) if episode.created_at else "1970-01-01T00:00:00Z"
        saved = _save(db, EPISODE, "uuid", key, row, {"created_at": created})
        episode_id = _id_of(db, EPISODE, key)
        changed += saved | _episode_diagnoses(db, episode_id, episode)
    return changed


def _episode_diagnoses(db: Database, episode_id: int, episode: ServerEpisode) -> bool:
    return _replace_diagnoses(db, EPISODE_DIAGNOSIS, "episode_id", episode_id, episode.diagnoses)


def _authorizations(db: Database, authorizations: Mapping[str, ServerAuthorization]) -> int:
    episodes, payers = _ids(db, EPISODE), _ids(db, PAYER)
    changed = 0
    for key, found in authorizations.items():
        row = {
            "episode_id": _local(episodes, found.episode_uuid, "the episode of an authorization"),
            "payer_id": _local(payers, found.payer_uuid, "the payer of an authorization"),
            **found.values,
        }  # fmt: skip
        created = utc_text(found.created_at) if found.created_at else "1970-01-01T00:00:00Z"
        changed += _save(db, AUTHORIZATION, "uuid", key, row, {"created_at": created})
    return changed


def _local(ids: Mapping[str, int], key: str | None, what: str) -> int | None:
    """The local id of a record the server names; it came down with it or before."""
    if key is None:
        return None
    if key not in ids:
        raise MissingCopyError(
            f"The clinic server names {what}, which this computer has no copy of: nothing "
            "was copied. Everything is copied again on the next try."
        )
    return ids[key]


# --- what the server no longer has -----------------------------------------------------------


def _retire(db: Database, data: MasterData) -> int:
    return (
        _deactivate(db, CLINICIAN, data.clinicians)
        + _deactivate(db, USER, data.users)
        + _remove_unused_payers(db, data.payers)
        + _reset_codes(db, data.codes)
    )


def _gone(db: Database, table: str, kept: Mapping[str, object], key: str = "uuid") -> list[Row]:
    if not kept:  # the server has none: not seeded yet
        return []
    return [row for row in db.query(f"SELECT * FROM {table}") if row[key] not in kept]


def _deactivate(db: Database, table: str, kept: Mapping[str, object]) -> int:
    gone = [row["id"] for row in _gone(db, table, kept) if row["active"]]
    for key in gone:
        db.execute(f"UPDATE {table} SET active = 0 WHERE id = ?", [key])
    return len(gone)


def _remove_unused_payers(db: Database, kept: Mapping[str, ServerPayer]) -> int:
    removed = 0
    for row in _gone(db, PAYER, kept):
        used = any(db.table(table).count_where(f"{column} = ?", [row["id"]])
                   for table, column in ((PATIENT, "payer_id"), (VISIT, "payer_id"),
                                         (PATIENT, "secondary_payer_id")))  # fmt: skip
        if not used:
            db.execute(f"DELETE FROM {FEE} WHERE payer_id = ?", [row["id"]])
            db.execute(f"DELETE FROM {PAYER} WHERE id = ?", [row["id"]])
            removed += 1
    return removed


def _reset_codes(db: Database, kept: Mapping[str, object]) -> int:
    changed = 0
    for row in _gone(db, CODE_SETTING, kept, key="code"):
        if not row["custom"]:
            db.execute(f"DELETE FROM {CODE_SETTING} WHERE code = ?", [row["code"]])
            changed += 1
        elif row["enabled"]:
            db.execute(f"UPDATE {CODE_SETTING} SET enabled = 0 WHERE code = ?", [row["code"]])
            changed += 1
    return changed


# --- the one-time upload ---------------------------------------------------------------------


def upload_master_data(store: Store, connection: Any) -> Applied:
    """Seed the clinic server with this file's master data, under the same uuids, when a
    clinic working on one computer makes it the server; what the server already has (the
    same uuid, or a payer of the same name) is skipped. One server transaction; recorded
    here as one audit entry (patients' details left this file). `connection` may write
    master data: the server's owner, or a front-desk workstation."""
    db = store.db
    connection.run("START TRANSACTION")
    try:
        sent = Applied(
            clinic=_send_clinic(db, connection),
            clinicians=_send_clinicians(db, connection),
            payers=_send_payers(db, connection),
            patients=_send_patients(db, connection),
            users=_send_users(db, connection),
            codes=_send_codes(db, connection),
            episodes=_send_episodes(db, connection),
            authorizations=_send_authorizations(db, connection),
        )
        connection.run("COMMIT")
    except BaseException:
        connection.run("ROLLBACK")
        raise
    with store.atomic():
        store.audit.record(
            "Therapy Timer", "master data sent to the clinic server", after=asdict(sent)
        )
    return sent


def _sent(connection: Any, sql: str, **values: Any) -> int | None:
    """Insert one row unless the server has it: its server id, or None when skipped."""
    rows = connection.run(f"{sql} ON CONFLICT DO NOTHING RETURNING id", **values)
    return int(rows[0][0]) if rows else None


def _rows(db: Database, table: str) -> list[Row]:
    return list(db.query(f"SELECT * FROM {table} ORDER BY rowid"))


def _send_clinic(db: Database, connection: Any) -> int:
    found = _rows(db, CLINIC)
    if not found:
        return 0
    clinic = {key: value for key, value in found[0].items() if key != "id"}
    sql = ("INSERT INTO clinic (id, name, address, phone, tax_id, billing_npi, "
           "place_of_service, date_style) VALUES (1, :name, :address, :phone, :tax_id, "
           ":billing_npi, :place_of_service, :date_style)")  # fmt: skip
    return int(_sent(connection, sql, **clinic) is not None)


def _send_clinicians(db: Database, connection: Any) -> int:
    sql = ("INSERT INTO clinician (uuid, name, credentials, npi, discipline, role, "
           "favourite_codes, active) VALUES (:uuid, :name, :credentials, :npi, :discipline, "
           ":role, :favourite_codes, :active)")  # fmt: skip
    count = 0
    for row in _rows(db, CLINICIAN):
        values = {column: row[column] for column in _CLINICIAN_COLUMNS}
        count += _sent(connection, sql, **values, active=bool(row["active"])) is not None
    return count


def _send_payers(db: Database, connection: Any) -> int:
    sql = ("INSERT INTO payer (uuid, name, profile, assistant_modifiers) "
           "VALUES (:uuid, :name, :profile, :assistants)")  # fmt: skip
    count = 0
    for row in _rows(db, PAYER):
        flag = row["assistant_modifiers"]
        assistants = None if flag is None else bool(flag)
        server_id = _sent(connection, sql, uuid=row["uuid"], name=row["name"],
                          profile=row["profile"], assistants=assistants)  # fmt: skip
        if server_id is not None:
            _send_fees(db, connection, row["id"], server_id)
            count += 1
    return count


def _send_fees(db: Database, connection: Any, payer_id: int, server_id: int) -> None:
    for fee in db.query(f"SELECT code, cents FROM {FEE} WHERE payer_id = ?", [payer_id]):
        connection.run(
            "INSERT INTO payer_fee (payer_id, code, cents) VALUES (:payer, :code, :cents)",
            payer=server_id, code=fee["code"], cents=fee["cents"],
        )  # fmt: skip


def _server_payers(db: Database, connection: Any) -> dict[int, int]:
    """Each local payer's id on the server: by its uuid, else (skipped) by its name."""
    found = {}
    for row in _rows(db, PAYER):
        ids = connection.run(
            "SELECT id FROM payer WHERE uuid = :uuid OR lower(name) = lower(:name) "
            "ORDER BY uuid = :uuid DESC LIMIT 1", uuid=row["uuid"], name=row["name"],
        )  # fmt: skip
        if ids:
            found[row["id"]] = int(ids[0][0])
    return found


def _send_patients(db: Database, connection: Any) -> int:
    payers = _server_payers(db, connection)
    sql = ("INSERT INTO patient (uuid, name, date_of_birth, address, medical_record_number, "
           f"payer_id, member_id, created_at, {', '.join(CLAIM_FIELDS)}) VALUES (:uuid, :name, "
           ":born, :address, :record, :payer, :member, :created, "
           f"{', '.join(':' + c for c in CLAIM_FIELDS)})")  # fmt: skip
    count = 0
    for row in _rows(db, PATIENT):
        claim = {**claim_text(row), "secondary_payer_id": payers.get(row["secondary_payer_id"])}
        server_id = _sent(
            connection, sql, uuid=row["uuid"], name=row["name"],
            born=date.fromisoformat(row["date_of_birth"]), address=row["address"],
            record=row["medical_record_number"], payer=payers.get(row["payer_id"]),
            member=row["member_id"], created=utc_from(row["created_at"]), **claim,
        )  # fmt: skip
        if server_id is not None:
            _send_diagnoses(db, connection, row["id"], server_id)
            count += 1
    return count


def _send_diagnoses(db: Database, connection: Any, patient_id: int, server_id: int) -> None:
    rows = db.query(
        f"SELECT position, code, description FROM {PATIENT_DIAGNOSIS} WHERE patient_id = ?",
        [patient_id],
    )
    for row in rows:
        connection.run(
            "INSERT INTO patient_diagnosis (patient_id, position, code, description) VALUES "
            "(:patient, :position, :code, :description)", patient=server_id,
            position=row["position"], code=row["code"], description=row["description"],
        )  # fmt: skip


def _send_users(db: Database, connection: Any) -> int:
    clinicians = {local_id: key for key, local_id in _ids(db, CLINICIAN).items()}
    sql = ("INSERT INTO app_user (uuid, name, access, clinician_id, pin_hash, active, "
           "created_at) VALUES (:uuid, :name, :access, (SELECT id FROM clinician WHERE "
           "uuid = :clinician), :pin_hash, :active, :created)")  # fmt: skip
    count = 0
    for row in _rows(db, USER):
        count += _sent(
            connection, sql, uuid=row["uuid"], name=row["name"], access=row["access"],
            clinician=clinicians.get(row["clinician_id"]), pin_hash=row["pin_hash"],
            active=bool(row["active"]), created=utc_from(row["created_at"]),
        ) is not None  # fmt: skip
    return count


def _send_codes(db: Database, connection: Any) -> int:
    sql = ("INSERT INTO code_setting (code, enabled, favourite, custom, label, kind) "
           "VALUES (:code, :enabled, :favourite, :custom, :label, :kind) "
           "ON CONFLICT DO NOTHING RETURNING code")  # fmt: skip
    count = 0
    for row in _rows(db, CODE_SETTING):
        flags = {flag: bool(row[flag]) for flag in ("enabled", "favourite", "custom")}
        count += bool(connection.run(sql, code=row["code"], label=row["label"],
                                     kind=row["kind"], **flags))  # fmt: skip
    return count


def _send_episodes(db: Database, connection: Any) -> int:
    patients = {local_id: key for key, local_id in _ids(db, PATIENT).items()}
    columns = ("discipline", "physician", "physician_npi", "frequency", "duration_weeks")
    sql = ("INSERT INTO episode (uuid, patient_id, certified_on, period_ends, "
           f"last_progress_report, discharged_on, created_at, {', '.join(columns)}) VALUES "
           "(:uuid, (SELECT id FROM patient WHERE uuid = :patient), :certified, :ends, "
           f":report, :discharged, :created, {', '.join(':' + c for c in columns)})")  # fmt: skip
    count = 0
    for row in _rows(db, EPISODE):
        server_id = _sent(
            connection, sql, uuid=row["uuid"], patient=patients[row["patient_id"]],
            certified=_date(row["certified_on"]), ends=_date(row["period_ends"]),
            report=_date(row["last_progress_report"]), discharged=_date(row["discharged_on"]),
            created=utc_from(row["created_at"]), **{c: row[c] for c in columns},
        )  # fmt: skip
        if server_id is None:
            continue
        count += 1
        for found in db.query(f"SELECT position, code, description FROM {EPISODE_DIAGNOSIS} "
                              "WHERE episode_id = ?", [row["id"]]):  # fmt: skip
            connection.run(
                "INSERT INTO episode_diagnosis (episode_id, position, code, description) "
                "VALUES (:episode, :position, :code, :description)", episode=server_id,
                position=found["position"], code=found["code"],
                description=found["description"],
            )  # fmt: skip
    return count


def _send_authorizations(db: Database, connection: Any) -> int:
    episodes = {local_id: key for key, local_id in _ids(db, EPISODE).items()}
    payers = _server_payers(db, connection)
    sql = ("INSERT INTO payer_authorization (uuid, episode_id, payer_id, starts, ends, visits, "
           "units, reference, created_at) VALUES (:uuid, (SELECT id FROM episode WHERE uuid = "
           ":episode), :payer, :starts, :ends, :visits, :units, :reference, :created)")  # fmt: skip
    count = 0
    for row in _rows(db, AUTHORIZATION):
        count += _sent(
            connection, sql, uuid=row["uuid"], episode=episodes[row["episode_id"]],
            payer=payers.get(row["payer_id"]), starts=_date(row["starts"]),
            ends=_date(row["ends"]), visits=row["visits"], units=row["units"],
            reference=row["reference"], created=utc_from(row["created_at"]),
        ) is not None  # fmt: skip
    return count


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def clinician_uuids(store: Store) -> dict[int, str]:
    """Each clinician's clinic-wide uuid by this file's id."""
    return {int(row["id"]): str(row["uuid"])
            for row in store.db.query("SELECT id, uuid FROM clinician")}  # fmt: skip
