"""One record from a workstation's outbox, up to the clinic server in one transaction.

    outcome = push(connection, item.kind, item.payload)   # then, only then, mark it sent

Idempotent by uuid: a visit or patient the server holds already is 'already there', never
a second row; intervals and audit rows skip what the server has (an interval's id, an audit
row's origin and local id). Records are named by uuid and resolved to the server's ids
here: a patient the server lacks comes with the visit and is inserted first; a clinician
or payer it lacks is a `PushError` in words, kept in the outbox and tried again later. An
amendment of a version already amended on another computer is refused by the server
(`visit.amends_id` is unique): it is rolled back and kept in `visit_conflict`, whole, for
a person to settle, and reported as 'refused: amended elsewhere'.

The connection is a pg8000 native one as this workstation's role (`ServerLink.open`); the
server sets who inserted each row, so nothing here says which workstation this is.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

from timer_app.errors import UserError
from timer_app.records.model import CLAIM_FIELDS, claim_text

SENT = "sent"
ALREADY_THERE = "already there"
AMENDED_ELSEWHERE = "refused: amended elsewhere"

VISIT_KIND = "visit"
PATIENT_KIND = "patient"
EPISODE_KIND = "episode"
AUTHORIZATION_KIND = "authorization"

_AMENDS_ONCE = "visit_amends_id_key"  # the server's unique constraint on visit.amends_id


class PushError(UserError):
    """The server cannot take this record as it stands yet; it waits in the outbox."""


def push(connection: Any, kind: str, payload: dict[str, Any]) -> str:
    """Send one visit or patient; returns the outcome to mark it with (after the commit).
    Raises PushError (the record waits), or the driver's error when the server is away."""
    if kind == VISIT_KIND:
        return _push_visit(connection, payload)
    if kind == PATIENT_KIND:
        return _in_transaction(connection, lambda: _push_patient(connection, payload))
    if kind == EPISODE_KIND:
        return _in_transaction(connection, lambda: _push_episode(connection, payload))
    if kind == AUTHORIZATION_KIND:
        return _in_transaction(connection, lambda: _push_authorization(connection, payload))
    raise ValueError(f"nothing of kind {kind!r} goes to the clinic server")


# --- transactions ------------------------------------------------------------------------


def _in_transaction(connection: Any, work: Callable[[], str]) -> str:
    connection.run("START TRANSACTION")
    try:
        outcome = work()
    except BaseException:
        _roll_back(connection)
        raise
    connection.run("COMMIT")
    return outcome


def _roll_back(connection: Any) -> None:
    """Undo what the server holds of this push; a connection already lost has nothing."""
    import pg8000.native

    # the server drops an unfinished transaction with its connection
    with contextlib.suppress(OSError, pg8000.native.InterfaceError, pg8000.native.DatabaseError):
        connection.run("ROLLBACK")


def _push_visit(connection: Any, payload: dict[str, Any]) -> str:
    import pg8000.native

    try:
        return _in_transaction(connection, lambda: _insert_visit(connection, payload))
    except pg8000.native.DatabaseError as error:
        if _constraint(error) != _AMENDS_ONCE:
            raise
        return _in_transaction(connection, lambda: _keep_conflict(connection, payload))


def _constraint(error: Exception) -> str:
    detail = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    return str(detail.get("n", "")) if detail.get("C") == "23505" else ""


# --- a visit -----------------------------------------------------------------------------


def _insert_visit(connection: Any, payload: dict[str, Any]) -> str:
    visit = payload["visit"]
    if _id_of(connection, "visit", visit["uuid"]) is not None:
        return ALREADY_THERE
    ids = _Ids(connection, payload.get("names", {}))
    patient_id = _patient_id(connection, payload["patient"])
    found = connection.run(
        "INSERT INTO visit (uuid, patient_id, clinician_id, date, payer_id, discipline, "
        "status, signed_by, signed_at, version, amends_id, chosen_units, diagnosis_pointers, "
        "amount_paid_cents, created_at, revision, shared_minutes_to, signed_digest, "
        "signed_workstation, signed_lines, episode_id, place_of_service, audio_only, "
        "progress_report, billing_payer_id) VALUES (:uuid, :patient, :clinician, :date, "
        ":payer, :discipline, :status, :signer, :signed_at, :version, :amends, :chosen, "
        ":pointers, :paid, COALESCE(CAST(:created AS timestamptz), now()), :revision, "
        ":shared, :digest, :workstation, :lines, :episode, COALESCE(:place, (SELECT "
        "place_of_service FROM clinic WHERE id = 1), '11'), :audio, :report, :billing) "
        "ON CONFLICT (uuid) DO NOTHING RETURNING id",
        uuid=visit["uuid"], patient=patient_id, clinician=ids.clinician(visit["clinician_uuid"]),
        date=visit["date"], payer=ids.payer(visit["payer_uuid"]),
        discipline=visit["discipline"], status=visit["status"],
        signer=ids.clinician(visit["signed_by_uuid"]), signed_at=visit["signed_at"],
        version=visit["version"], amends=_amended_id(connection, visit["amends_uuid"]),
        chosen=visit["chosen_units"], pointers=visit["diagnosis_pointers"],
        paid=visit["amount_paid_cents"], created=visit["created_at"],
        revision=visit["revision"], shared=visit["shared_minutes_to"],
        digest=visit["signed_digest"], workstation=visit["signed_workstation"],
        lines=visit["signed_lines"], episode=_episode_id(connection, visit.get("episode_uuid")),
        # a payload from before the plan of care: the clinic's place, no telehealth, no report
        place=visit.get("place_of_service"), audio=bool(visit.get("audio_only")),
        report=bool(visit.get("progress_report")),
        billing=ids.payer(visit.get("billing_payer_uuid")),  # none in an older payload
    )  # fmt: skip
    if not found:  # another connection sent it meanwhile
        return ALREADY_THERE
    visit_id = found[0][0]
    _diagnoses(connection, "visit_diagnosis", "visit_id", visit_id, payload["diagnoses"])
    _intervals(connection, visit_id, payload["intervals"], ids)
    _audit(connection, visit_id, patient_id, payload["audit"])
    return SENT


def _amended_id(connection: Any, amends_uuid: str | None) -> int | None:
    if amends_uuid is None:
        return None
    found = _id_of(connection, "visit", amends_uuid)
    if found is None:
        raise PushError(
            "The version this visit amends has not reached the clinic server yet; "
            "it goes up first, then this one."
        )
    return found


def _intervals(connection: Any, visit_id: int, rows: list[dict[str, Any]], ids: _Ids) -> None:
    ready = [{**row, "clinician_id": ids.clinician(row["clinician_uuid"])} for row in rows]
    connection.run(
        'INSERT INTO interval (id, visit_id, code, clinician_id, start, "end", duration_ms) '
        'SELECT r.id, :visit, r.code, r.clinician_id, r.start, r."end", r.duration_ms '
        "FROM json_to_recordset(CAST(:rows AS json)) AS r(id text, code text, "
        'clinician_id bigint, start timestamptz, "end" timestamptz, duration_ms bigint) '
        "ON CONFLICT (id) DO NOTHING",
        visit=visit_id, rows=json.dumps(ready),
    )  # fmt: skip


def _audit(connection: Any, visit_id: int, patient_id: int, rows: list[dict[str, Any]]) -> None:
    """The visit's audit rows with this workstation's ids and hashes (origin is the role)."""
    connection.run(
        "INSERT INTO audit_log (at, who, what, visit_id, before, after, reason, user_id, "
        "workstation, patient_id, origin_id, origin_hash) "
        "SELECT r.at, r.who, r.what, :visit, r.before, r.after, r.reason, u.id, "
        "r.workstation, :patient, r.origin_id, r.hash "
        "FROM json_to_recordset(CAST(:rows AS json)) AS r(origin_id bigint, at timestamptz, "
        "who text, what text, before text, after text, reason text, user_uuid uuid, "
        "workstation text, hash text) LEFT JOIN app_user u ON u.uuid = r.user_uuid "
        "ON CONFLICT (origin, origin_id) DO NOTHING",
        visit=visit_id, patient=patient_id, rows=json.dumps(rows),
    )  # fmt: skip


def _keep_conflict(connection: Any, payload: dict[str, Any]) -> str:
    """Both amendments kept: the server's, and this one beside it for a person to settle."""
    visit = payload["visit"]
    connection.run(
        "INSERT INTO visit_conflict (visit_uuid, amends_uuid, payload) "
        "VALUES (:uuid, :amends, :payload) ON CONFLICT (visit_uuid) DO NOTHING",
        uuid=visit["uuid"], amends=visit["amends_uuid"],
        payload=json.dumps(payload, sort_keys=True),
    )  # fmt: skip
    return AMENDED_ELSEWHERE


# --- a patient ---------------------------------------------------------------------------


def _push_patient(connection: Any, patient: dict[str, Any]) -> str:
    if _id_of(connection, "patient", patient["uuid"]) is not None:
        return ALREADY_THERE
    _patient_id(connection, patient)
    return SENT


def _patient_id(connection: Any, patient: dict[str, Any]) -> int:
    """The server's id of the patient, inserted with their diagnoses when it lacks them."""
    found = _id_of(connection, "patient", patient["uuid"])
    if found is not None:
        return found
    names = {patient["payer_uuid"]: patient.get("payer_name", ""),
             patient.get("secondary_payer_uuid") or "": patient.get("secondary_payer_name", "")}
    ids = _Ids(connection, names)
    claim = claim_text(patient)  # none in a payload from before them: empty
    claim["secondary_payer_id"] = ids.payer(patient.get("secondary_payer_uuid"))
    inserted = connection.run(
        "INSERT INTO patient (uuid, name, date_of_birth, address, medical_record_number, "
        f"payer_id, member_id, created_at, {', '.join(CLAIM_FIELDS)}) VALUES (:uuid, :name, "
        ":born, :address, :mrn, :payer, :member, COALESCE(CAST(:created AS timestamptz), now()), "
        f"{', '.join(':' + c for c in CLAIM_FIELDS)}) ON CONFLICT (uuid) DO NOTHING RETURNING id",
        uuid=patient["uuid"], name=patient["name"], born=patient["date_of_birth"],
        address=patient["address"], mrn=patient["medical_record_number"],
        payer=ids.payer(patient["payer_uuid"]),
        member=patient["member_id"], created=patient["created_at"], **claim,
    )  # fmt: skip
    if not inserted:  # another workstation sent them meanwhile
        again = _id_of(connection, "patient", patient["uuid"])
        assert again is not None
        return again
    patient_id = int(inserted[0][0])
    _diagnoses(connection, "patient_diagnosis", "patient_id", patient_id, patient["diagnoses"])
    return patient_id


# --- episodes of care and authorizations added on a workstation --------------------------


def _episode_id(connection: Any, episode_uuid: str | None) -> int | None:
    """The server's id of a visit's episode: it went up before the visit (queued first)."""
    if episode_uuid is None:
        return None
    found = _id_of(connection, "episode", episode_uuid)
    if found is None:
        raise PushError(
            "The episode of care this visit belongs to has not reached the clinic server "
            "yet; it goes up first, then this visit."
        )
    return found


def _push_episode(connection: Any, episode: dict[str, Any]) -> str:
    if _id_of(connection, "episode", episode["uuid"]) is not None:
        return ALREADY_THERE
    patient_id = _id_of(connection, "patient", episode["patient_uuid"])
    if patient_id is None:
        raise PushError(
            f"The clinic server has no patient {episode.get('patient_name') or ''} yet, so "
            "their episode of care waits on this computer; it goes up after them."
        )
    inserted = connection.run(
        "INSERT INTO episode (uuid, patient_id, discipline, certified_on, period_ends, "
        "physician, physician_npi, frequency, duration_weeks, last_progress_report, "
        "discharged_on, created_at) VALUES (:uuid, :patient, :discipline, "
        "CAST(:certified AS date), CAST(:ends AS date), :physician, :npi, :frequency, :weeks, "
        "CAST(:report AS date), CAST(:discharged AS date), "
        "COALESCE(CAST(:created AS timestamptz), now())) "
        "ON CONFLICT (uuid) DO NOTHING RETURNING id",
        uuid=episode["uuid"], patient=patient_id, discipline=episode["discipline"],
        certified=episode["certified_on"], ends=episode["period_ends"],
        physician=episode.get("physician") or "", npi=episode.get("physician_npi") or "",
        frequency=episode.get("frequency") or "", weeks=episode.get("duration_weeks"),
        report=episode.get("last_progress_report"), discharged=episode.get("discharged_on"),
        created=episode.get("created_at"),
    )  # fmt: skip
    if not inserted:  # another workstation sent it meanwhile
        return ALREADY_THERE
    _diagnoses(connection, "episode_diagnosis", "episode_id", int(inserted[0][0]),
               episode.get("diagnoses") or [])  # fmt: skip
    return SENT


def _push_authorization(connection: Any, found: dict[str, Any]) -> str:
    if _id_of(connection, "payer_authorization", found["uuid"]) is not None:
        return ALREADY_THERE
    episode_id = _id_of(connection, "episode", found["episode_uuid"])
    if episode_id is None:
        raise PushError(
            "The episode of care this authorization is under has not reached the clinic "
            "server yet; it goes up first, then the authorization."
        )
    payer_id = _Ids(connection, {found["payer_uuid"]: found.get("payer_name", "")}).payer(
        found["payer_uuid"]
    )
    connection.run(
        "INSERT INTO payer_authorization (uuid, episode_id, payer_id, starts, ends, visits, "
        "units, reference, created_at) VALUES (:uuid, :episode, :payer, CAST(:starts AS date), "
        "CAST(:ends AS date), :visits, :units, :reference, "
        "COALESCE(CAST(:created AS timestamptz), now())) ON CONFLICT (uuid) DO NOTHING",
        uuid=found["uuid"], episode=episode_id, payer=payer_id, starts=found["starts"],
        ends=found["ends"], visits=found.get("visits"), units=found.get("units"),
        reference=found.get("reference") or "", created=found.get("created_at"),
    )  # fmt: skip
    return SENT


# --- shared --------------------------------------------------------------------------------


def _diagnoses(
    connection: Any, table: str, key: str, owner: int, rows: list[dict[str, Any]]
) -> None:
    connection.run(
        f"INSERT INTO {table} ({key}, position, code, description) "
        "SELECT :owner, r.position, r.code, r.description "
        "FROM json_to_recordset(CAST(:rows AS json)) "
        "AS r(position integer, code text, description text)",
        owner=owner, rows=json.dumps(rows),
    )  # fmt: skip


def _id_of(connection: Any, table: str, uuid: str | None) -> int | None:
    if uuid is None:
        return None
    found = connection.run(f"SELECT id FROM {table} WHERE uuid = CAST(:uuid AS uuid)", uuid=uuid)
    return int(found[0][0]) if found else None


class _Ids:
    """Clinicians and payers by uuid: the server must have them (set-up comes from it)."""

    def __init__(self, connection: Any, names: dict[str, str]) -> None:
        self._connection = connection
        self._names = names
        self._known: dict[str, int] = {}

    def clinician(self, uuid: str | None) -> int | None:
        return self._required("clinician", uuid)

    def payer(self, uuid: str | None) -> int | None:
        return self._required("payer", uuid)

    def _required(self, table: str, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        if uuid not in self._known:
            found = _id_of(self._connection, table, uuid)
            if found is None:
                raise PushError(self._missing(table, uuid))
            self._known[uuid] = found
        return self._known[uuid]

    def _missing(self, table: str, uuid: str) -> str:
        name = self._names.get(uuid) or f"({uuid})"
        return (
            f"The clinic server has no {table} {name} yet, so what names them waits on this "
            "computer. Add them in the clinic's set-up on the server; it goes up by itself."
        )
