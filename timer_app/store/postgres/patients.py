"""Patients and their ordered diagnoses: recent ones first, found by name or date of birth;
and the therapy other providers billed them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from timer_app.errors import UserError
from timer_app.records import Diagnosis, Patient, Sex
from timer_app.records.elsewhere import check_elsewhere, elsewhere_note
from timer_app.records.model import (
    CLAIM_FIELDS,
    claim_values,
    parse_birth_date,
    refuse_patient_delete,
)
from timer_app.session.clock import Clock
from timer_app.store.postgres.audit import AuditLog
from timer_app.store.postgres.database import Database
from timer_app.store.postgres.values import patient_from, utc

# a patient with their diagnoses in slot order, in one row
_PATIENT = (
    "SELECT p.*, (SELECT coalesce(json_agg(json_build_array(d.code, d.description) "
    "ORDER BY d.position), '[]') FROM patient_diagnosis d WHERE d.patient_id = p.id) "
    "AS diagnosis_list FROM patient p"
)
# the most recent visit first, then the newest patients
_RECENT_ORDER = (
    "(SELECT max(v.date) FROM visit v WHERE v.patient_id = p.id) DESC NULLS LAST, "
    "p.created_at DESC, p.id DESC"
)
_COLUMNS = ("name", "date_of_birth", "address", "medical_record_number", "payer_id",
            "member_id", *CLAIM_FIELDS)  # fmt: skip


class Patients:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

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
        typed = Patient(
            0, name.strip(), date_of_birth, address, medical_record_number, payer_id, member_id,
            sex=sex, referring_physician=referring_physician, referring_npi=referring_npi,
            group_number=group_number, secondary_payer_id=secondary_payer_id,
            secondary_member_id=secondary_member_id,
        )  # fmt: skip
        with self._db.atomic():
            new_id = self._db.new_id(
                f"INSERT INTO patient ({', '.join(_COLUMNS)}, created_at) "
                f"VALUES ({', '.join(':' + c for c in _COLUMNS)}, :created_at) RETURNING id",
                **_fields(typed), created_at=utc(self._clock.now()),
            )  # fmt: skip
            self._write_diagnoses(new_id, diagnoses)
        return self.get(new_id)

    def update(self, patient: Patient) -> Patient:
        """Every field, diagnoses included (their order is their slot A-L)."""
        self.get(patient.id)
        with self._db.atomic():
            self._db.run(
                f"UPDATE patient SET {', '.join(f'{c} = :{c}' for c in _COLUMNS)} WHERE id = :id",
                id=patient.id, **_fields(replace(patient, name=patient.name.strip())),
            )  # fmt: skip
            self._write_diagnoses(patient.id, patient.diagnoses)
        return self.get(patient.id)

    def delete(self, patient_id: int) -> None:
        """Refused for a patient with visits: their records are kept."""
        self.get(patient_id)
        with self._db.atomic():
            found = self._db.one(
                "SELECT (SELECT count(*) FROM visit WHERE patient_id = :id) AS visits, "
                "(SELECT count(*) FROM episode WHERE patient_id = :id) AS plans",
                id=patient_id,
            )
            if found:
                refuse_patient_delete(patient_id, found["visits"], found["plans"])
            self._db.run("DELETE FROM patient WHERE id = :id", id=patient_id)  # diagnoses too

    def set_diagnoses(self, patient_id: int, diagnoses: Sequence[Diagnosis]) -> Patient:
        self.get(patient_id)
        with self._db.atomic():
            self._write_diagnoses(patient_id, diagnoses)
        return self.get(patient_id)

    def get(self, patient_id: int) -> Patient:
        row = self._db.one(f"{_PATIENT} WHERE p.id = :id", id=patient_id)
        if row is None:
            raise UserError(f"no patient with id {patient_id}")
        return patient_from(row)

    def therapy_elsewhere(self, patient_id: int, year: int) -> dict[str, int]:
        """Therapy other providers billed the patient that year: cents by KX bucket."""
        rows = self._db.rows(
            "SELECT bucket, cents FROM therapy_elsewhere WHERE patient_id = :id "
            "AND year = :year ORDER BY bucket",
            id=patient_id, year=year,
        )  # fmt: skip
        return {row["bucket"]: int(row["cents"]) for row in rows}

    def set_therapy_elsewhere(
        self, patient_id: int, year: int, amounts: Mapping[str, int], who: str
    ) -> dict[str, int]:
        """Set those buckets (0 forgets one), audited; returns the year's amounts."""
        patient = self.get(patient_id)
        check_elsewhere(year, amounts)
        with self._db.atomic():
            before = self.therapy_elsewhere(patient_id, year)
            for bucket, cents in amounts.items():
                self._set_elsewhere(patient_id, year, bucket, cents)
            after = self.therapy_elsewhere(patient_id, year)
            note = elsewhere_note(patient.name, year, before, after)
            self._audit.notes(who, [note])
        return after

    def recent(self, limit: int = 20) -> list[Patient]:
        """The most recently seen first, then the newest."""
        return self._select("true", {}, limit)

    def search(self, text: str, limit: int = 50) -> list[Patient]:
        """By date of birth when `text` is a date, else by every word of the name."""
        text = text.strip()
        if not text:
            return self.recent(limit)
        born = parse_birth_date(text)
        if born is not None:
            return self._select("p.date_of_birth = :born", {"born": born}, limit)
        words = {f"word{n}": f"%{_escape_like(w)}%" for n, w in enumerate(text.split())}
        where = " AND ".join(f"p.name ILIKE :{key} ESCAPE '\\'" for key in words)
        return self._select(where, words, limit)

    def _select(self, where: str, params: Mapping[str, Any], limit: int) -> list[Patient]:
        sql = f"{_PATIENT} WHERE {where} ORDER BY {_RECENT_ORDER} LIMIT :limit"
        return [patient_from(row) for row in self._db.rows(sql, **params, limit=limit)]

    def _set_elsewhere(self, patient_id: int, year: int, bucket: str, cents: int) -> None:
        if not cents:
            self._db.run(
                "DELETE FROM therapy_elsewhere WHERE patient_id = :id AND year = :year "
                "AND bucket = :bucket",
                id=patient_id, year=year, bucket=bucket,
            )  # fmt: skip
            return
        self._db.run(
            "INSERT INTO therapy_elsewhere (patient_id, year, bucket, cents) "
            "VALUES (:id, :year, :bucket, :cents) "
            "ON CONFLICT (patient_id, year, bucket) DO UPDATE SET cents = excluded.cents",
            id=patient_id, year=year, bucket=bucket, cents=cents,
        )  # fmt: skip

    def _write_diagnoses(self, patient_id: int, diagnoses: Sequence[Diagnosis]) -> None:
        self._db.run("DELETE FROM patient_diagnosis WHERE patient_id = :id", id=patient_id)
        if not diagnoses:
            return
        self._db.run(
            "INSERT INTO patient_diagnosis (patient_id, position, code, description) "
            "SELECT :id, slot, code, description FROM unnest(CAST(:codes AS text[]), "
            "CAST(:descriptions AS text[])) WITH ORDINALITY AS d (code, description, slot)",
            id=patient_id, codes=[d.code for d in diagnoses],
            descriptions=[d.description for d in diagnoses],
        )  # fmt: skip


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fields(patient: Patient) -> dict[str, Any]:
    return {"name": patient.name, "date_of_birth": patient.date_of_birth,
            "address": patient.address, "medical_record_number": patient.medical_record_number,
            "payer_id": patient.payer_id, "member_id": patient.member_id,
            **claim_values(patient)}  # fmt: skip
