"""Patients and their ordered diagnoses: recent ones first, found by name or date of birth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from timer_app.errors import UserError
from timer_app.records import Diagnosis, Patient, Sex
from timer_app.records.elsewhere import check_elsewhere, elsewhere_note
from timer_app.records.model import (
    claim_fields,
    claim_values,
    parse_birth_date,
    refuse_patient_delete,
)
from timer_app.session.clock import Clock
from timer_app.store.audit import AuditLog
from timer_app.store.convert import Row, inserted_id, reading, utc_text
from timer_app.store.outbox import PATIENT_ITEM, OutboxRepository
from timer_app.store.schema import (
    EPISODE,
    PATIENT,
    PATIENT_DIAGNOSIS,
    THERAPY_ELSEWHERE,
    VISIT,
    new_uuid,
)

NO_ID = 0  # a patient not stored yet
# the most recent visit first, then the newest patients
_RECENT_ORDER = (
    f"(SELECT max(v.date) FROM {VISIT} v WHERE v.patient_id = p.id) DESC NULLS LAST, "
    "p.created_at DESC, p.id DESC"
)


class PatientRepository:
    def __init__(
        self, db: Database, clock: Clock, audit: AuditLog, outbox: OutboxRepository
    ) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self._outbox = outbox

    def add(
        self,
        name: str,
        date_of_birth: date,
        *,
        address: str = "",
        medical_record_number: str = "",
        payer_id: int | None = None,
        member_id: str = "",
        diagnoses: Sequence[Diagnosis] = (),
        sex: Sex = Sex.UNKNOWN,
        referring_physician: str = "",
        referring_npi: str = "",
        group_number: str = "",
        secondary_payer_id: int | None = None,
        secondary_member_id: str = "",
    ) -> Patient:
        """Create a patient (also inline, from the visit screen) with their diagnoses."""
        typed = Patient(
            NO_ID, name.strip(), date_of_birth, address, medical_record_number, payer_id,
            member_id, sex=sex, referring_physician=referring_physician,
            referring_npi=referring_npi, group_number=group_number,
            secondary_payer_id=secondary_payer_id, secondary_member_id=secondary_member_id,
        )  # fmt: skip
        row = {"uuid": new_uuid(), **_row(typed), "created_at": utc_text(self._clock.now())}
        with self._db.atomic():
            new_id = inserted_id(self._db.table(PATIENT).insert(row))
            self._write_diagnoses(new_id, diagnoses)
            self._outbox.queue_if_joined(PATIENT_ITEM, new_id)  # the server hears of them
        return self.get(new_id)

    def update(self, patient: Patient) -> Patient:
        """Save every field, diagnoses included (their order is their slot A-L)."""
        self.get(patient.id)
        row = _row(replace(patient, name=patient.name.strip()))
        with self._db.atomic():
            self._db.table(PATIENT).update(patient.id, row)
            self._write_diagnoses(patient.id, patient.diagnoses)
        return self.get(patient.id)

    def delete(self, patient_id: int) -> None:
        """Remove a patient entered by mistake; one with visits is kept with their records."""
        self.get(patient_id)
        visits = self._db.table(VISIT).count_where("patient_id = ?", [patient_id])
        plans = self._db.table(EPISODE).count_where("patient_id = ?", [patient_id])
        refuse_patient_delete(patient_id, visits, plans)
        with self._db.atomic():
            self._db.execute(f"DELETE FROM {PATIENT_DIAGNOSIS} WHERE patient_id = ?", [patient_id])
            self._db.table(PATIENT).delete(patient_id)
            self._outbox.forget_unsent(PATIENT_ITEM, patient_id)

    def set_diagnoses(self, patient_id: int, diagnoses: Sequence[Diagnosis]) -> Patient:
        self.get(patient_id)
        with self._db.atomic():
            self._write_diagnoses(patient_id, diagnoses)
        return self.get(patient_id)

    def therapy_elsewhere(self, patient_id: int, year: int) -> dict[str, int]:
        """Therapy other providers billed the patient that year, cents by KX bucket."""
        rows = self._db.query(
            f"SELECT bucket, cents FROM {THERAPY_ELSEWHERE} WHERE patient_id = ? AND year = ? "
            "ORDER BY bucket",
            [patient_id, year],
        )
        return {row["bucket"]: row["cents"] for row in rows}

    def set_therapy_elsewhere(
        self, patient_id: int, year: int, amounts: Mapping[str, int], who: str
    ) -> dict[str, int]:
        """Set those buckets' amounts (0 forgets one); audited with the amounts before."""
        patient = self.get(patient_id)
        check_elsewhere(year, amounts)
        before = self.therapy_elsewhere(patient_id, year)
        with self._db.atomic():
            for bucket, cents in amounts.items():
                self._db.execute(
                    f"DELETE FROM {THERAPY_ELSEWHERE} WHERE patient_id = ? AND year = ? "
                    "AND bucket = ?",
                    [patient_id, year, bucket],
                )
                if cents:
                    row = {"patient_id": patient_id, "year": year, "bucket": bucket,
                           "cents": cents}  # fmt: skip
                    self._db.table(THERAPY_ELSEWHERE).insert(row)
            after = self.therapy_elsewhere(patient_id, year)
            note = elsewhere_note(patient.name, year, before, after)
            self._audit.record(who, note.what, before=note.before, after=note.after)
        return after

    def get(self, patient_id: int) -> Patient:
        try:
            row = self._db.table(PATIENT).get(patient_id)
        except NotFoundError:
            raise UserError(f"no patient with id {patient_id}") from None
        return _patient(row, self.diagnoses(patient_id))

    def diagnoses(self, patient_id: int) -> tuple[Diagnosis, ...]:
        rows = self._db.query(
            f"SELECT code, description FROM {PATIENT_DIAGNOSIS} WHERE patient_id = ? "
            "ORDER BY position",
            [patient_id],
        )
        return tuple(Diagnosis(row["code"], row["description"]) for row in rows)

    def recent(self, limit: int = 20) -> list[Patient]:
        """Patients seen most recently first: the first screen of the patient picker."""
        return self._select("1", [], limit)

    def search(self, text: str, limit: int = 50) -> list[Patient]:
        """By date of birth when the text is a date (2001-04-30 or 04/30/2001), else by name."""
        text = text.strip()
        if not text:
            return self.recent(limit)
        born = parse_birth_date(text)
        if born is not None:
            return self._select("p.date_of_birth = ?", [born.isoformat()], limit)
        words = text.split()
        where = " AND ".join("p.name LIKE ? ESCAPE '\\'" for _ in words)
        return self._select(where, [f"%{_escape_like(w)}%" for w in words], limit)

    def _select(self, where: str, params: list[str], limit: int) -> list[Patient]:
        sql = f"SELECT p.* FROM {PATIENT} p WHERE {where} ORDER BY {_RECENT_ORDER} LIMIT ?"
        rows = list(self._db.query(sql, [*params, limit]))
        return [_patient(row, self.diagnoses(row["id"])) for row in rows]

    def _write_diagnoses(self, patient_id: int, diagnoses: Sequence[Diagnosis]) -> None:
        self._db.execute(f"DELETE FROM {PATIENT_DIAGNOSIS} WHERE patient_id = ?", [patient_id])
        self._db.table(PATIENT_DIAGNOSIS).insert_all(
            {
                "patient_id": patient_id,
                "position": slot,
                "code": d.code,
                "description": d.description,
            }
            for slot, d in enumerate(diagnoses, start=1)
        )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _row(patient: Patient) -> Row:
    return {
        "name": patient.name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "address": patient.address,
        "medical_record_number": patient.medical_record_number,
        "payer_id": patient.payer_id,
        "member_id": patient.member_id,
        **claim_values(patient),
    }


def _patient(row: Row, diagnoses: tuple[Diagnosis, ...]) -> Patient:
    with reading("patient", row):
        return _patient_from(row, diagnoses)


def _patient_from(row: Row, diagnoses: tuple[Diagnosis, ...]) -> Patient:
    return Patient(
        id=row["id"],
        name=row["name"],
        date_of_birth=date.fromisoformat(row["date_of_birth"]),
        address=row["address"],
        medical_record_number=row["medical_record_number"],
        payer_id=row["payer_id"],
        member_id=row["member_id"],
        diagnoses=diagnoses,
        **claim_fields(row),
    )
