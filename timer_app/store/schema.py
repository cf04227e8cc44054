"""The schema as ordered migrations: one function per change, never edited once shipped.

Every table is STRICT with explicit keys, NOT NULL columns and foreign keys. Times are UTC
ISO-8601 text, dates are local `YYYY-MM-DD`, money is integer cents, durations integer ms.
Each migration also sets `PRAGMA user_version` to its number, so a newer file is spotted
before anything is read.
"""

from __future__ import annotations

import uuid

from sqlite_utils import Database, Migrations

from timer_app.records.chain import GENESIS, audit_hash

MIGRATION_SET = "therapy_timer"
MIGRATIONS = Migrations(MIGRATION_SET)

# the only place table names are spelled
CLINIC = "clinic"
CLINICIAN = "clinician"
PAYER = "payer"
FEE = "payer_fee"
PATIENT = "patient"
PATIENT_DIAGNOSIS = "patient_diagnosis"
VISIT = "visit"
VISIT_DIAGNOSIS = "visit_diagnosis"
INTERVAL = "interval"
HEARTBEAT = "heartbeat"
AUDIT = "audit_log"
CODE_SETTING = "code_setting"
NCCI_EDIT = "ncci_edit"
RULES_IMPORT = "rules_import"
THERAPY_ELSEWHERE = "therapy_elsewhere"
USER = "app_user"
AUDIT_HEAD = "audit_head"
SETTING = "setting"
OUTBOX = "outbox"
PAYMENT = "payment"
EPISODE = "episode"
EPISODE_DIAGNOSIS = "episode_diagnosis"
AUTHORIZATION = "payer_authorization"

CLINIC_DATA_TABLES = (CLINIC, CLINICIAN, PAYER, PATIENT, VISIT)
# records known by the same uuid on every computer and on the clinic server
SHARED_TABLES = (CLINICIAN, PAYER, PATIENT, USER, VISIT)


def new_uuid() -> str:
    """A record's clinic-wide name, spelled as PostgreSQL prints a uuid (dashed, lowercase)."""
    return str(uuid.uuid4())


def _version(db: Database, number: int) -> None:
    db.execute(f"PRAGMA user_version = {int(number)}")


@MIGRATIONS(name="m001_clinic_and_visits")
def m001_clinic_and_visits(db: Database) -> None:
    db.table(CLINIC).create(
        {"id": int, "name": str, "address": str, "phone": str, "tax_id": str,
         "billing_npi": str, "place_of_service": str},
        pk="id",
        not_null={"name", "address", "phone", "tax_id", "billing_npi", "place_of_service"},
        defaults={"address": "", "phone": "", "tax_id": "", "billing_npi": "",
                  "place_of_service": "11"},
        strict=True,
    )  # fmt: skip
    db.table(CLINICIAN).create(
        {"id": int, "name": str, "credentials": str, "npi": str, "discipline": str,
         "role": str, "favourite_codes": str, "active": int},
        pk="id",
        not_null={"name", "credentials", "npi", "discipline", "role", "favourite_codes",
                  "active"},
        defaults={"credentials": "", "npi": "", "favourite_codes": "[]", "active": 1},
        strict=True,
    )  # fmt: skip
    db.table(PAYER).create(
        {"id": int, "name": str, "profile": str},
        pk="id",
        not_null={"name", "profile"},
        strict=True,
    )
    db.table(PAYER).create_index(["name"], unique=True)
    db.table(FEE).create(
        {"payer_id": int, "code": str, "cents": int},
        pk=("payer_id", "code"),
        not_null={"payer_id", "code", "cents"},
        foreign_keys=[("payer_id", PAYER, "id")],
        strict=True,
    )
    _patients(db)
    _visits(db)
    _interval_heartbeat_audit(db)
    _version(db, 1)


def _patients(db: Database) -> None:
    db.table(PATIENT).create(
        {"id": int, "name": str, "date_of_birth": str, "address": str,
         "medical_record_number": str, "payer_id": int, "member_id": str, "created_at": str},
        pk="id",
        not_null={"name", "date_of_birth", "address", "medical_record_number", "member_id",
                  "created_at"},
        defaults={"address": "", "medical_record_number": "", "member_id": ""},
        foreign_keys=[("payer_id", PAYER, "id")],
        strict=True,
    )  # fmt: skip
    db.table(PATIENT_DIAGNOSIS).create(
        {"patient_id": int, "position": int, "code": str, "description": str},
        pk=("patient_id", "position"),
        not_null={"patient_id", "position", "code", "description"},
        foreign_keys=[("patient_id", PATIENT, "id")],
        strict=True,
    )


def _visits(db: Database) -> None:
    db.table(VISIT).create(
        {"id": int, "patient_id": int, "clinician_id": int, "date": str, "payer_id": int,
         "discipline": str, "status": str, "signed_by": int, "signed_at": str, "version": int,
         "amends_id": int, "chosen_units": str, "diagnosis_pointers": str,
         "amount_paid_cents": int, "created_at": str},
        pk="id",
        not_null={"patient_id", "clinician_id", "date", "discipline", "status", "version",
                  "diagnosis_pointers", "amount_paid_cents", "created_at"},
        defaults={"version": 1, "diagnosis_pointers": "{}", "amount_paid_cents": 0},
        foreign_keys=[("patient_id", PATIENT, "id"), ("clinician_id", CLINICIAN, "id"),
                      ("payer_id", PAYER, "id"), ("signed_by", CLINICIAN, "id"),
                      ("amends_id", VISIT, "id")],
        strict=True,
    )  # fmt: skip
    db.table(VISIT_DIAGNOSIS).create(
        {"visit_id": int, "position": int, "code": str, "description": str},
        pk=("visit_id", "position"),
        not_null={"visit_id", "position", "code", "description"},
        foreign_keys=[("visit_id", VISIT, "id")],
        strict=True,
    )


def _interval_heartbeat_audit(db: Database) -> None:
    db.table(INTERVAL).create(
        {"id": str, "visit_id": int, "code": str, "clinician_id": int, "start": str,
         "end": str, "duration_ms": int},
        pk="id",
        not_null={"visit_id", "code", "clinician_id", "start", "duration_ms"},
        defaults={"duration_ms": 0},
        foreign_keys=[("visit_id", VISIT, "id"), ("clinician_id", CLINICIAN, "id")],
        strict=True,
    )  # fmt: skip
    db.table(HEARTBEAT).create({"id": int, "at": str}, pk="id", not_null={"at"}, strict=True)
    db.table(AUDIT).create(
        {"id": int, "at": str, "who": str, "what": str, "visit_id": int, "before": str,
         "after": str, "reason": str},
        pk="id",
        not_null={"at", "who", "what", "reason"},
        defaults={"reason": ""},
        strict=True,
    )  # fmt: skip


@MIGRATIONS(name="m002_code_settings_and_indexes")
def m002_code_settings_and_indexes(db: Database) -> None:
    """Code settings, and the indexes the day list, the search and crash recovery use."""
    db.table(CODE_SETTING).create(
        {"code": str, "enabled": int, "favourite": int, "custom": int, "label": str,
         "kind": str},
        pk="code",
        not_null={"code", "enabled", "favourite", "custom", "label", "kind"},
        defaults={"enabled": 1, "favourite": 0, "custom": 0, "label": "", "kind": ""},
        strict=True,
    )  # fmt: skip
    db.table(VISIT).create_index(["date", "clinician_id"])
    db.table(VISIT).create_index(["clinician_id", "date"])
    db.table(VISIT).create_index(["patient_id", "date"])
    db.table(VISIT).create_index(["status", "date"])
    db.table(VISIT).create_index(["amends_id"])
    db.table(INTERVAL).create_index(["visit_id", "start"])
    db.table(INTERVAL).create_index(["end"])  # finds what was running on open
    db.table(PATIENT).create_index(["name"])
    db.table(PATIENT).create_index(["date_of_birth"])
    db.table(AUDIT).create_index(["visit_id"])
    _version(db, 2)


@MIGRATIONS(name="m003_visit_revision")
def m003_visit_revision(db: Database) -> None:
    """A visit's revision: a write decided on an older one (another screen or computer
    changed the visit meanwhile) is refused instead of overwriting what it did."""
    db.execute(f"ALTER TABLE {VISIT} ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
    _version(db, 3)


@MIGRATIONS(name="m004_imported_ncci_edits")
def m004_imported_ncci_edits(db: Database) -> None:
    """CMS's practitioner PTP edits as the clinic imported them, and where they came from."""
    db.table(NCCI_EDIT).create(
        {"id": int, "column1": str, "column2": str, "effective": str, "deleted": str,
         "indicator": int, "source": str},
        pk="id",
        not_null={"column1", "column2", "effective", "indicator", "source"},
        strict=True,
    )  # fmt: skip
    db.table(RULES_IMPORT).create(
        {"kind": str, "source": str, "quarter": str, "imported_at": str, "count": int},
        pk="kind",
        not_null={"source", "quarter", "imported_at", "count"},
        strict=True,
    )
    _version(db, 4)


@MIGRATIONS(name="m005_defensible_billing_choices")
def m005_defensible_billing_choices(db: Database) -> None:
    """The owner's CQ/CO choice per payer (NULL: as its profile), the codes a clinician chose
    to keep co-treatment minutes, and therapy other providers billed a patient this year."""
    db.execute(f"ALTER TABLE {PAYER} ADD COLUMN assistant_modifiers INTEGER")
    db.execute(f"ALTER TABLE {VISIT} ADD COLUMN shared_minutes_to TEXT NOT NULL DEFAULT '[]'")
    db.table(THERAPY_ELSEWHERE).create(
        {"patient_id": int, "year": int, "bucket": str, "cents": int},
        pk=("patient_id", "year", "bucket"),
        not_null={"patient_id", "year", "bucket", "cents"},
        foreign_keys=[("patient_id", PATIENT, "id")],
        strict=True,
    )
    _version(db, 5)


@MIGRATIONS(name="m006_measured_heartbeat")
def m006_measured_heartbeat(db: Database) -> None:
    """The sign of life on the monotonic clock too, with its boot, and how long each
    running interval had been seen: a wall clock moved either way then cannot change what
    a recovery bills."""
    for column in ("mono_ms INTEGER", "boot TEXT", "seen TEXT NOT NULL DEFAULT '{}'",
                   "seen_mono_ms INTEGER", "held TEXT NOT NULL DEFAULT '{}'"):  # fmt: skip
        db.execute(f"ALTER TABLE {HEARTBEAT} ADD COLUMN {column}")
    _version(db, 6)


@MIGRATIONS(name="m007_people_and_evidence")
def m007_people_and_evidence(db: Database) -> None:
    """Users with PINs; the audit log names the user, the workstation and the patient and
    becomes a hash chain (earlier rows chained in order); a signed visit keeps the digest
    of what was signed, where it was signed and its lines; owner's settings."""
    db.table(USER).create(
        {"id": int, "name": str, "access": str, "clinician_id": int, "pin_hash": str,
         "active": int, "failed": int, "blocked_until": str, "created_at": str},
        pk="id",
        not_null={"name", "access", "pin_hash", "active", "failed", "created_at"},
        defaults={"active": 1, "failed": 0},
        foreign_keys=[("clinician_id", CLINICIAN, "id")],
        strict=True,
    )  # fmt: skip
    for column in ("user_id INTEGER", "workstation TEXT NOT NULL DEFAULT ''",
                   "patient_id INTEGER", "hash TEXT NOT NULL DEFAULT ''"):  # fmt: skip
        db.execute(f"ALTER TABLE {AUDIT} ADD COLUMN {column}")
    for column in ("signed_digest TEXT", "signed_workstation TEXT", "signed_lines TEXT"):
        db.execute(f"ALTER TABLE {VISIT} ADD COLUMN {column}")
    db.table(AUDIT_HEAD).create(
        {"id": int, "count": int, "hash": str}, pk="id", not_null={"count", "hash"}, strict=True
    )
    db.table(SETTING).create({"key": str, "value": str}, pk="key", not_null={"value"},
                             strict=True)  # fmt: skip
    _chain_existing_audit(db)
    _version(db, 7)


def _chain_existing_audit(db: Database) -> None:
    previous, count = GENESIS, 0
    for row in list(db.query(f"SELECT * FROM {AUDIT} ORDER BY id")):
        row["hash"] = audit_hash(previous, row)
        db.execute(f"UPDATE {AUDIT} SET hash = ? WHERE id = ?", [row["hash"], row["id"]])
        previous, count = row["hash"], count + 1
    db.table(AUDIT_HEAD).upsert({"id": 1, "count": count, "hash": previous}, pk="id")


@MIGRATIONS(name="m008_server_identity_and_outbox")
def m008_server_identity_and_outbox(db: Database) -> None:
    """A uuid on every clinician, payer, patient, user and visit (the name a record has on
    every computer and on the clinic server), and the outbox: what waits to go up to the
    server, written with the signature it carries so the two are kept together."""
    for table in SHARED_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN uuid TEXT")
        ids = [row[0] for row in db.execute(f"SELECT id FROM {table}").fetchall()]
        db.conn.executemany(
            f"UPDATE {table} SET uuid = ? WHERE id = ?", [(new_uuid(), key) for key in ids]
        )
        db.table(table).create_index(["uuid"], unique=True)
    db.table(OUTBOX).create(
        {"id": int, "kind": str, "record_id": int, "queued_at": str, "tries": int,
         "last_tried_at": str, "last_error": str, "sent_at": str, "outcome": str},
        pk="id",
        not_null={"kind", "record_id", "queued_at", "tries", "last_error", "outcome"},
        defaults={"tries": 0, "last_error": "", "outcome": ""},
        strict=True,
    )  # fmt: skip
    db.table(OUTBOX).create_index(["kind", "record_id"], unique=True)
    db.table(OUTBOX).create_index(["sent_at"])  # what still waits
    _version(db, 8)


@MIGRATIONS(name="m009_patient_claim_fields")
def m009_patient_claim_fields(db: Database) -> None:
    """What the claim form asks of a patient besides: sex (item 3; U when unknown), the
    referring or certifying physician and their NPI (17/17b), the group number (11) and a
    secondary insurance (9): a payer of the clinic's and the member ID on that card."""
    for column in ("sex TEXT NOT NULL DEFAULT 'U' CHECK (sex IN ('F', 'M', 'U'))",
                   "referring_physician TEXT NOT NULL DEFAULT ''",
                   "referring_npi TEXT NOT NULL DEFAULT ''",
                   "group_number TEXT NOT NULL DEFAULT ''",
                   f"secondary_payer_id INTEGER REFERENCES {PAYER}(id)",
                   "secondary_member_id TEXT NOT NULL DEFAULT ''"):  # fmt: skip
        db.execute(f"ALTER TABLE {PATIENT} ADD COLUMN {column}")
    _version(db, 9)


@MIGRATIONS(name="m010_payment_ledger")
def m010_payment_ledger(db: Database) -> None:
    """Payments as a ledger: several per visit, each with the day paid, the amount, how and
    by whom, a reference, who recorded it and when; a voided one is kept with its reason.
    The visit's amount paid stays, as their running total. A file's earlier amount paid
    becomes one payment (cash, by the patient, on the day of service), so totals agree."""
    db.execute(
        f"CREATE TABLE [{PAYMENT}] ("
        " id INTEGER PRIMARY KEY,"
        f" visit_id INTEGER NOT NULL REFERENCES [{VISIT}](id),"
        " paid_on TEXT NOT NULL,"
        " cents INTEGER NOT NULL CHECK (cents > 0),"
        " method TEXT NOT NULL CHECK (method IN ('cash', 'check', 'card', 'insurer', 'other')),"
        " paid_by TEXT NOT NULL CHECK (paid_by IN ('patient', 'insurer')),"
        " reference TEXT NOT NULL DEFAULT '',"
        " recorded_by TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " voided_at TEXT,"
        " voided_by TEXT NOT NULL DEFAULT '',"
        " void_reason TEXT NOT NULL DEFAULT ''"
        ") STRICT"
    )
    db.table(PAYMENT).create_index(["visit_id"])
    db.execute(
        f"INSERT INTO [{PAYMENT}] (visit_id, paid_on, cents, method, paid_by, recorded_by, "
        f"recorded_at) SELECT id, date, amount_paid_cents, 'cash', 'patient', "
        f"'Therapy Timer (before the payment ledger)', created_at FROM [{VISIT}] v "
        f"WHERE amount_paid_cents > 0 AND NOT EXISTS "
        f"(SELECT 1 FROM [{VISIT}] newer WHERE newer.amends_id = v.id)"
    )
    _version(db, 10)


@MIGRATIONS(name="m011_plan_of_care")
def m011_plan_of_care(db: Database) -> None:
    """Episodes of care (a patient's plan of care in one discipline: the certifying
    physician, the period certified, frequency and duration, diagnoses, the last progress
    report, discharge) and the payers' authorizations under them, both known by uuid on
    every computer; a visit's episode, place of service (a file's earlier visits: the
    clinic's, which their superbills printed), telehealth by telephone, progress report."""
    db.execute(
        f"CREATE TABLE [{EPISODE}] ("
        " id INTEGER PRIMARY KEY,"
        " uuid TEXT NOT NULL UNIQUE,"
        f" patient_id INTEGER NOT NULL REFERENCES [{PATIENT}](id),"
        " discipline TEXT NOT NULL CHECK (discipline IN ('PT', 'OT', 'SLP')),"
        " certified_on TEXT NOT NULL,"
        " period_ends TEXT NOT NULL,"
        " physician TEXT NOT NULL DEFAULT '',"
        " physician_npi TEXT NOT NULL DEFAULT '',"
        " frequency TEXT NOT NULL DEFAULT '',"
        " duration_weeks INTEGER,"
        " last_progress_report TEXT,"
        " discharged_on TEXT,"
        " created_at TEXT NOT NULL"
        ") STRICT"
    )
    db.table(EPISODE).create_index(["patient_id", "discipline"])
    db.table(EPISODE_DIAGNOSIS).create(
        {"episode_id": int, "position": int, "code": str, "description": str},
        pk=("episode_id", "position"),
        not_null={"episode_id", "position", "code", "description"},
        foreign_keys=[("episode_id", EPISODE, "id")],
        strict=True,
    )
    db.execute(
        f"CREATE TABLE [{AUTHORIZATION}] ("
        " id INTEGER PRIMARY KEY,"
        " uuid TEXT NOT NULL UNIQUE,"
        f" episode_id INTEGER NOT NULL REFERENCES [{EPISODE}](id),"
        f" payer_id INTEGER NOT NULL REFERENCES [{PAYER}](id),"
        " starts TEXT NOT NULL,"
        " ends TEXT NOT NULL,"
        " visits INTEGER CHECK (visits > 0),"
        " units INTEGER CHECK (units > 0),"
        " reference TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL"
        ") STRICT"
    )
    db.table(AUTHORIZATION).create_index(["episode_id"])
    for column in (f"episode_id INTEGER REFERENCES [{EPISODE}](id)",
                   "place_of_service TEXT NOT NULL DEFAULT '11'",
                   "audio_only INTEGER NOT NULL DEFAULT 0",
                   "progress_report INTEGER NOT NULL DEFAULT 0"):  # fmt: skip
        db.execute(f"ALTER TABLE {VISIT} ADD COLUMN {column}")
    db.execute(
        f"UPDATE {VISIT} SET place_of_service = (SELECT place_of_service FROM {CLINIC} "
        f"WHERE id = 1) WHERE EXISTS (SELECT 1 FROM {CLINIC} WHERE id = 1)"
    )
    db.table(VISIT).create_index(["episode_id"])
    _version(db, 11)


@MIGRATIONS(name="m012_billing_payer_and_date_style")
def m012_billing_payer_and_date_style(db: Database) -> None:
    """The payer the front desk bills a signed visit to when it is not the one signed (none
    on a file's earlier visits: they bill as they did), and the clinic's way of writing a
    date (MM/DD/YYYY, what the program wrote before)."""
    db.execute(f"ALTER TABLE {VISIT} ADD COLUMN billing_payer_id INTEGER "
               f"REFERENCES [{PAYER}](id)")  # fmt: skip
    db.execute(f"ALTER TABLE {CLINIC} ADD COLUMN date_style TEXT NOT NULL DEFAULT 'MM/DD/YYYY'")
    _version(db, 12)


SCHEMA_VERSION = 12  # the number of the last migration above


def known_migrations() -> frozenset[str]:
    """The names this program can apply; an applied name outside it means a newer file."""
    return frozenset(m.name for m in MIGRATIONS.pending(Database(memory=True)))
