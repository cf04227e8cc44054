"""The outbox: what this workstation still has to send up to the clinic server.

A signed visit is queued in the same transaction as its signature, and a patient added
here in the same transaction as the patient, once the workstation has joined a server
(the setting `server.joined`); the background sender (`timer_app.clinic.sync`) takes the
items with a ready-to-send payload and marks each only after the server committed it.
Payloads name records by their clinic-wide uuid, never by this file's ids.

    with store.atomic():                          # the moment the workstation joins
        store.settings.set(JOINED_SETTING, "1")
        store.outbox.queue_all_signed()
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from timer_app.records import AuditEntry, Patient, Visit, VisitChange
from timer_app.records.plan_of_care import (
    Authorization,
    Episode,
    authorization_values,
    episode_values,
)
from timer_app.session.clock import Clock
from timer_app.session.model import VisitStatus, VisitStatusChanged
from timer_app.store.audit import AuditLog
from timer_app.store.convert import (
    Row,
    json_or_none,
    pointers_text,
    signed_lines_text,
    units_text,
    utc_from,
    utc_text,
)
from timer_app.store.schema import (
    AUDIT,
    AUTHORIZATION,
    CLINICIAN,
    EPISODE,
    OUTBOX,
    PATIENT,
    PAYER,
    SETTING,
    USER,
    VISIT,
)

VISIT_ITEM = "visit"
PATIENT_ITEM = "patient"
EPISODE_ITEM = "episode"  # an episode of care added here while the server was away
AUTHORIZATION_ITEM = "authorization"  # likewise, an authorization
ITEM_KINDS = (VISIT_ITEM, PATIENT_ITEM, EPISODE_ITEM, AUTHORIZATION_ITEM)
JOINED_SETTING = "server.joined"  # '1' once this workstation joined a clinic server
SENT_STATUSES = (VisitStatus.SIGNED.value, VisitStatus.BILLED.value)  # what was signed

# the uuid of a record by its table and id in this store (None for None)
UuidOf = Callable[[str, int | None], str | None]
PayerName = Callable[[int | None], str]  # "" for none


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    kind: str  # one of ITEM_KINDS
    record_id: int  # the visit's or the patient's id in this store
    tries: int
    payload: dict[str, Any] = field(hash=False)  # plain values, ready for the server


@dataclass(frozen=True, slots=True)
class Waiting:
    """What has not reached the server yet, and how the last try went."""

    visits: int = 0
    patients: int = 0
    last_tried_at: datetime | None = None
    last_error: str = ""
    refused: int = 0  # sent, and refused by the server (an amendment made elsewhere first)
    plans: int = 0  # episodes of care and authorizations added here

    @property
    def count(self) -> int:
        return self.visits + self.patients + self.plans


def signs(changes: Sequence[VisitChange]) -> bool:
    """Does this batch sign the visit (the write that queues it)?"""
    return any(
        isinstance(change, VisitStatusChanged) and change.status is VisitStatus.SIGNED
        for change in changes
    )


# --- payloads: the same shape from every store ----------------------------------------------


def patient_payload(
    patient: Patient, uuid_of: UuidOf, created_at: str | None, payer_name: PayerName
) -> dict[str, Any]:
    """The patient with their diagnoses; the payers by uuid, and by name for words."""
    return {
        "uuid": uuid_of(PATIENT, patient.id), "name": patient.name,
        "date_of_birth": patient.date_of_birth.isoformat(), "address": patient.address,
        "medical_record_number": patient.medical_record_number,
        "payer_uuid": uuid_of(PAYER, patient.payer_id),
        "payer_name": payer_name(patient.payer_id),
        "member_id": patient.member_id, "created_at": created_at,
        "diagnoses": [{"position": slot, "code": d.code, "description": d.description}
                      for slot, d in enumerate(patient.diagnoses, start=1)],
        "sex": patient.sex.value, "referring_physician": patient.referring_physician,
        "referring_npi": patient.referring_npi, "group_number": patient.group_number,
        "secondary_payer_uuid": uuid_of(PAYER, patient.secondary_payer_id),
        "secondary_payer_name": payer_name(patient.secondary_payer_id),
        "secondary_member_id": patient.secondary_member_id,
    }  # fmt: skip


def visit_payload(
    visit: Visit, uuid_of: UuidOf, created_at: str | None, patient: dict[str, Any],
    audit: list[dict[str, Any]], names: dict[str, str],
) -> dict[str, Any]:  # fmt: skip
    """The visit as signed, with its patient (inserted on a server that lacks them), its
    intervals and its audit rows; `names` (uuid -> name) for words about a missing one."""
    row = {
        "uuid": uuid_of(VISIT, visit.id), "patient_uuid": patient["uuid"],
        "clinician_uuid": uuid_of(CLINICIAN, visit.clinician_id),
        "payer_uuid": uuid_of(PAYER, visit.payer_id),
        "signed_by_uuid": uuid_of(CLINICIAN, visit.signed_by),
        "amends_uuid": uuid_of(VISIT, visit.amends_id),
        "date": visit.date.isoformat(), "discipline": visit.discipline.value,
        "status": visit.status.value,
        "signed_at": None if visit.signed_at is None else utc_text(visit.signed_at),
        "version": visit.version, "chosen_units": units_text(visit.chosen_units),
        "diagnosis_pointers": pointers_text(visit.diagnosis_pointers),
        "amount_paid_cents": visit.amount_paid_cents, "created_at": created_at,
        "revision": visit.revision, "shared_minutes_to": _json_list(visit.shared_minutes_to),
        "signed_digest": visit.signed_digest, "signed_workstation": visit.signed_workstation,
        "signed_lines": signed_lines_text(visit.signed_lines),
        "episode_uuid": uuid_of(EPISODE, visit.episode_id),
        "place_of_service": visit.place_of_service, "audio_only": visit.audio_only,
        "progress_report": visit.progress_report,
        "billing_payer_uuid": uuid_of(PAYER, visit.billing_payer_id),
    }  # fmt: skip
    return {
        "visit": row, "patient": patient, "names": names, "audit": audit,
        "diagnoses": [{"position": slot, "code": d.code, "description": d.description}
                      for slot, d in enumerate(visit.diagnoses, start=1)],
        "intervals": [
            {"id": i.id, "code": i.code, "clinician_uuid": uuid_of(CLINICIAN, i.clinician_id),
             "start": utc_text(i.start), "end": None if i.end is None else utc_text(i.end),
             "duration_ms": i.duration_ms}
            for i in visit.intervals
        ],
    }  # fmt: skip


def episode_payload(
    episode: Episode, uuid_of: UuidOf, created_at: str | None, patient_name: str
) -> dict[str, Any]:
    """The episode with its diagnoses, its patient by uuid (and name, for words)."""
    return {
        "uuid": uuid_of(EPISODE, episode.id), "patient_uuid": uuid_of(PATIENT, episode.patient_id),
        "patient_name": patient_name, **episode_values(episode), "created_at": created_at,
        "diagnoses": [{"position": slot, "code": d.code, "description": d.description}
                      for slot, d in enumerate(episode.diagnoses, start=1)],
    }  # fmt: skip


def authorization_payload(
    authorization: Authorization, uuid_of: UuidOf, created_at: str | None, payer_name: str
) -> dict[str, Any]:
    """The authorization, its episode and payer by uuid (the payer by name too)."""
    return {
        "uuid": uuid_of(AUTHORIZATION, authorization.id),
        "episode_uuid": uuid_of(EPISODE, authorization.episode_id),
        "payer_uuid": uuid_of(PAYER, authorization.payer_id), "payer_name": payer_name,
        **authorization_values(authorization), "created_at": created_at,
    }  # fmt: skip


def audit_payload(entry: AuditEntry, uuid_of: UuidOf, chain_hash: str) -> dict[str, Any]:
    """One audit row as this workstation wrote it: its own id and hash travel with it."""
    return {
        "origin_id": entry.id, "at": utc_text(entry.at), "who": entry.who,
        "what": entry.what, "before": json_or_none(entry.before),
        "after": json_or_none(entry.after), "reason": entry.reason,
        "user_uuid": uuid_of(USER, entry.user_id), "workstation": entry.workstation,
        "hash": chain_hash,
    }  # fmt: skip


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values))


# --- the SQLite file's outbox -----------------------------------------------------------------


class OutboxRepository:
    """`visit` and `patient` read a record by id (the repositories that write here through
    `queue_if_joined`, so they are handed over as functions)."""

    def __init__(
        self, db: Database, clock: Clock, audit: AuditLog, visit: Callable[[int], Visit],
        patient: Callable[[int], Patient], episode: Callable[[int], Episode] | None = None,
        authorization: Callable[[int], Authorization] | None = None,
    ) -> None:  # fmt: skip
        self._db = db
        self._clock = clock
        self._audit = audit
        self._read_visit = visit
        self._read_patient = patient
        self._read_episode = episode
        self._read_authorization = authorization

    def joined(self) -> bool:
        found = list(self._db.query(f"SELECT value FROM {SETTING} WHERE key = ?",
                                    [JOINED_SETTING]))  # fmt: skip
        return bool(found) and found[0]["value"] == "1"

    def queue(self, kind: str, record_id: int) -> None:
        """Queue a record to send (once: queuing it again changes nothing)."""
        if kind not in ITEM_KINDS:
            raise ValueError(f"nothing of kind {kind!r} goes to the clinic server")
        self._db.execute(
            f"INSERT OR IGNORE INTO {OUTBOX} (kind, record_id, queued_at) VALUES (?, ?, ?)",
            [kind, record_id, utc_text(self._clock.now())],
        )

    def queue_if_joined(self, kind: str, record_id: int) -> None:
        """The writes' hook: queued only on a workstation that joined a server."""
        if self.joined():
            self.queue(kind, record_id)

    def queue_all_signed(self) -> int:
        """Queue every signed version not queued yet (the moment a workstation joins),
        oldest first so an amended version goes up before its amendment; returns how many."""
        marks = ", ".join("?" * len(SENT_STATUSES))
        cursor = self._db.execute(
            f"INSERT OR IGNORE INTO {OUTBOX} (kind, record_id, queued_at) "
            f"SELECT ?, id, ? FROM {VISIT} WHERE status IN ({marks}) ORDER BY id",
            [VISIT_ITEM, utc_text(self._clock.now()), *SENT_STATUSES],
        )
        return int(cursor.rowcount)

    def forget_unsent(self, kind: str, record_id: int) -> None:
        """A record removed here before it went up (a patient entered by mistake)."""
        self._db.execute(
            f"DELETE FROM {OUTBOX} WHERE kind = ? AND record_id = ? AND sent_at IS NULL",
            [kind, record_id],
        )

    def pending(self, limit: int = 50, *, after: int = 0) -> list[OutboxItem]:
        """Items not sent yet, oldest first (past item `after`), each with its payload.
        Read outside any transaction: a signed version no longer changes, and the sender
        holds no lock the timer's writes would wait for."""
        rows = list(self._db.query(
            f"SELECT * FROM {OUTBOX} WHERE sent_at IS NULL AND id > ? ORDER BY id LIMIT ?",
            [after, limit],
        ))  # fmt: skip
        return [self._item(row) for row in rows]

    def mark_sent(self, item_id: int, outcome: str, at: datetime) -> None:
        """The server committed it (or holds it already, or kept it as a conflict)."""
        self._db.execute(
            f"UPDATE {OUTBOX} SET sent_at = ?, outcome = ?, last_tried_at = ?, "
            "tries = tries + 1, last_error = '' WHERE id = ?",
            [utc_text(at), outcome, utc_text(at), item_id],
        )

    def mark_failed(self, item_id: int, error: str, at: datetime) -> None:
        self._db.execute(
            f"UPDATE {OUTBOX} SET last_tried_at = ?, last_error = ?, tries = tries + 1 "
            "WHERE id = ?",
            [utc_text(at), error, item_id],
        )

    def waiting(self) -> Waiting:
        counts = dict(self._db.execute(
            f"SELECT kind, count(*) FROM {OUTBOX} WHERE sent_at IS NULL GROUP BY kind"
        ).fetchall())  # fmt: skip
        last = self._db.execute(
            f"SELECT last_tried_at, last_error FROM {OUTBOX} WHERE sent_at IS NULL "
            "AND last_tried_at IS NOT NULL ORDER BY last_tried_at DESC, id DESC LIMIT 1"
        ).fetchone()
        refused = self._db.execute(
            f"SELECT count(*) FROM {OUTBOX} WHERE outcome LIKE 'refused%'"
        ).fetchone()[0]
        return Waiting(
            counts.get(VISIT_ITEM, 0), counts.get(PATIENT_ITEM, 0),
            utc_from(last[0]) if last else None, last[1] if last else "", int(refused),
            counts.get(EPISODE_ITEM, 0) + counts.get(AUTHORIZATION_ITEM, 0),
        )  # fmt: skip

    def _item(self, row: Row) -> OutboxItem:
        if row["kind"] == VISIT_ITEM:
            payload = self._visit(row["record_id"])
        elif row["kind"] == EPISODE_ITEM:
            payload = self._episode(row["record_id"])
        elif row["kind"] == AUTHORIZATION_ITEM:
            payload = self._authorization(row["record_id"])
        else:
            payload = self._patient(row["record_id"])
        return OutboxItem(row["id"], row["kind"], row["record_id"], row["tries"], payload)

    def _visit(self, visit_id: int) -> dict[str, Any]:
        visit = self._read_visit(visit_id)
        created = self._created(VISIT, visit_id)
        hashes = dict(self._db.execute(
            f"SELECT id, hash FROM {AUDIT} WHERE visit_id = ?", [visit_id]
        ).fetchall())  # fmt: skip
        audit = [audit_payload(e, self._uuid, hashes[e.id])
                 for e in self._audit.for_visit(visit_id)]  # fmt: skip
        return visit_payload(visit, self._uuid, created, self._patient(visit.patient_id),
                             audit, self._names(visit))  # fmt: skip

    def _patient(self, patient_id: int) -> dict[str, Any]:
        patient = self._read_patient(patient_id)
        created = self._created(PATIENT, patient_id)
        return patient_payload(patient, self._uuid, created, self._payer_name)

    def _episode(self, episode_id: int) -> dict[str, Any]:
        assert self._read_episode is not None
        episode = self._read_episode(episode_id)
        name = self._db.execute(f"SELECT name FROM {PATIENT} WHERE id = ?",
                                [episode.patient_id]).fetchone()  # fmt: skip
        return episode_payload(episode, self._uuid, self._created(EPISODE, episode_id),
                               str(name[0]) if name else "")  # fmt: skip

    def _authorization(self, authorization_id: int) -> dict[str, Any]:
        assert self._read_authorization is not None
        found = self._read_authorization(authorization_id)
        return authorization_payload(found, self._uuid,
                                     self._created(AUTHORIZATION, authorization_id),
                                     self._payer_name(found.payer_id))  # fmt: skip

    def _payer_name(self, payer_id: int | None) -> str:
        found = self._db.execute(f"SELECT name FROM {PAYER} WHERE id = ?", [payer_id]).fetchone()
        return str(found[0]) if found else ""

    def _names(self, visit: Visit) -> dict[str, str]:
        clinicians = {visit.clinician_id, *(i.clinician_id for i in visit.intervals)}
        if visit.signed_by is not None:
            clinicians.add(visit.signed_by)
        found = {(CLINICIAN, key) for key in clinicians}
        for payer_id in (visit.payer_id, visit.billing_payer_id):
            if payer_id is not None:
                found.add((PAYER, payer_id))
        names: dict[str, str] = {}
        for table, key in found:
            row = self._db.execute(f"SELECT uuid, name FROM {table} WHERE id = ?", [key]).fetchone()
            if row is not None:
                names[row[0]] = row[1]
        return names

    def _uuid(self, table: str, key: int | None) -> str | None:
        if key is None:
            return None
        row = self._db.execute(f"SELECT uuid FROM {table} WHERE id = ?", [key]).fetchone()
        return None if row is None else row[0]

    def _created(self, table: str, key: int) -> str | None:
        """As stored (an older file's may be a bare date, which the server reads too)."""
        row = self._db.execute(f"SELECT created_at FROM {table} WHERE id = ?", [key]).fetchone()
        return None if row is None else str(row[0])
