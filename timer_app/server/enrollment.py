"""Joining a workstation to the clinic server with a one-time code.

On the server: `add_workstation(owner, "Room 2")` makes the workstation's own database role
(member of `workstation`, and of `front_desk` for a desk computer) with a random password,
and returns the code the owner reads out:

    room-2.K7QF-3XPM-2D4H-QQ6Z-ABCD-EFGH-JK
    ^name  ^password (16)      ^the clinic authority's fingerprint (10)

On the workstation: `join(host, code, data_dir)` logs in once with that password (TLS,
SCRAM: the password itself never crosses the network), reads the clinic's authority from
the server and keeps it only if its fingerprint is the one in the code (a machine
answering in the server's place cannot forge it), reconnects checking the server's
certificate against it (verify-full), and replaces the password with a new one only this
workstation knows: the code is then worth nothing.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timer_app import file_modes
from timer_app.errors import UserError
from timer_app.server.connection import CA_FILE, DATABASE, ServerLink, unreachable

PASSWORD_LENGTH = 16  # base32: 80 bits
FINGERPRINT_LENGTH = 10  # base32: 50 bits of the authority's SHA-256
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,39}")


@dataclass(frozen=True)
class Enrolment:
    workstation: str
    role: str
    password: str
    code: str


def publish_authority(owner: Any, certificate_pem: bytes) -> None:
    """Keep the clinic's authority where a joining workstation can read it."""
    owner.run(
        "INSERT INTO clinic_authority (id, certificate) VALUES (1, :pem) "
        "ON CONFLICT (id) DO UPDATE SET certificate = excluded.certificate",
        pem=certificate_pem.decode("ascii"),
    )


def add_workstation(owner: Any, name: str, *, desk: bool = False) -> Enrolment:
    """A new workstation role and its one-time code (refused: a bad or taken name)."""
    name = name.strip()
    if not NAME_PATTERN.fullmatch(name):
        raise UserError(
            f"'{name[:40]}' cannot name a workstation: use 1 to 40 letters, digits, spaces, "
            "'-' or '_', starting with a letter or digit (e.g. 'Room 2', 'front-desk')."
        )
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    role = "ws_" + slug.replace("-", "_")
    if owner.run("SELECT 1 FROM workstation_login WHERE lower(name) = lower(:n) OR "
                 "role_name = :r", n=name, r=role):  # fmt: skip
        raise UserError(
            f"The clinic already has a workstation named '{name}': choose another name, or "
            f"remove it first ('timer-app server remove-workstation \"{name}\"')."
        )
    certificate = owner.run("SELECT certificate FROM clinic_authority WHERE id = 1")
    if not certificate:
        raise UserError("The clinic server has no certificate authority yet: run "
                        "'timer-app server init' on it first.")  # fmt: skip
    password = _random_base32(PASSWORD_LENGTH)
    groups = "workstation, front_desk" if desk else "workstation"
    owner.run("START TRANSACTION")
    try:
        exists = owner.run("SELECT 1 FROM pg_roles WHERE rolname = :r", r=role)
        verb = "ALTER" if exists else "CREATE"
        owner.run(f"{verb} ROLE {role} LOGIN PASSWORD {_literal(password)}")
        owner.run(f"GRANT {groups} TO {role}")
        owner.run(f'GRANT CONNECT ON DATABASE "{_database(owner)}" TO {role}')
        owner.run("INSERT INTO workstation_login (role_name, name, desk) VALUES (:r, :n, :d)",
                  r=role, n=name, d=desk)  # fmt: skip
        owner.run("COMMIT")
    except Exception:
        owner.run("ROLLBACK")
        raise
    fingerprint = authority_code(certificate[0][0].encode("ascii"))
    return Enrolment(name, role, password, _code(slug, password + fingerprint))


def remove_workstation(owner: Any, name: str) -> None:
    """The workstation may no longer log in; what it sent stays."""
    found = owner.run("SELECT role_name FROM workstation_login WHERE lower(name) = lower(:n) "
                      "AND removed_at IS NULL", n=name)  # fmt: skip
    if not found:
        raise UserError(f"No workstation named '{name}' is joined to this clinic server.")
    owner.run(f"ALTER ROLE {found[0][0]} NOLOGIN")
    owner.run("UPDATE workstation_login SET removed_at = now() WHERE role_name = :r",
              r=found[0][0])  # fmt: skip


def workstations(owner: Any) -> list[tuple[str, bool, str]]:
    """(name, desk, state in words) of every workstation, by name."""
    rows = owner.run("SELECT name, desk, enrolled_at, removed_at FROM workstation_login "
                     "ORDER BY lower(name)")  # fmt: skip
    listed = []
    for name, desk, enrolled, removed in rows:
        state = "removed" if removed else "joined" if enrolled else "code not used yet"
        listed.append((name, bool(desk), state))
    return listed


def join(host: str, code: str, data_dir: Path, *, port: int = 5432,
         database: str = DATABASE) -> ServerLink:  # fmt: skip
    """Join this workstation to the clinic server at `host` with the owner's code."""
    slug, password, fingerprint = parse_code(code)
    role = "ws_" + slug.replace("-", "_")
    pem = _read_authority(host, port, role, password, database)
    if authority_code(pem) != fingerprint:
        raise UserError(
            f"The computer answering at {host} is not the clinic server that made this code "
            "(its certificate authority does not match). Nothing was stored; check the "
            "server's name and ask the owner."
        )
    ca_path = data_dir / CA_FILE
    file_modes.create_private(ca_path)
    ca_path.write_bytes(pem)
    link = ServerLink(host, port, role, password, slug, ca_path, database)
    new_password = _random_base32(32)
    with link.connect() as connection:  # verify-full from here on
        connection.run(f"ALTER ROLE CURRENT_USER PASSWORD {_literal(new_password)}")
        connection.run("SELECT note_enrolled()")
        found = connection.run("SELECT name, desk FROM workstation_login WHERE role_name = "
                               "session_user")  # fmt: skip
    name, desk = (str(found[0][0]), bool(found[0][1])) if found else (slug, False)
    joined = ServerLink(host, port, role, new_password, name, ca_path, database, desk)
    joined.save(data_dir)
    return joined


def authority_code(certificate_pem: bytes) -> str:
    der = ssl.PEM_cert_to_DER_cert(certificate_pem.decode("ascii"))
    return base64.b32encode(hashlib.sha256(der).digest()).decode()[:FINGERPRINT_LENGTH]


def parse_code(code: str) -> tuple[str, str, str]:
    """(workstation slug, password, fingerprint) from a code as a person typed it."""
    slug, dot, rest = code.strip().rpartition(".")
    secret = re.sub(r"[\s-]", "", rest).upper().replace("0", "O").replace("1", "I")
    if not dot or not slug or len(secret) != PASSWORD_LENGTH + FINGERPRINT_LENGTH or (
        not re.fullmatch(r"[A-Z2-7]+", secret)
    ):
        raise UserError(
            "That is not a workstation code: it looks like 'room-2.K7QF-9XPM-2D4H-QQ8Z-"
            "ABCD-EFGH-JK', as 'timer-app server add-workstation' printed it on the server."
        )
    return slug.lower(), secret[:PASSWORD_LENGTH], secret[PASSWORD_LENGTH:]


def _read_authority(host: str, port: int, role: str, password: str, database: str) -> bytes:
    import pg8000.native

    unverified = ssl.create_default_context()  # only for this one read; checked by fingerprint
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE
    try:
        connection = pg8000.native.Connection(
            role, password=password, host=host, port=port, database=database,
            ssl_context=unverified, timeout=10,
        )  # fmt: skip
    except (OSError, pg8000.native.InterfaceError, pg8000.native.DatabaseError) as error:
        if "28P01" in str(error) or "password" in str(error).lower():
            raise UserError(
                "The clinic server does not accept this code: it was mistyped, already "
                "used, or the workstation was removed. Ask the owner for a new one."
            ) from error
        raise UserError(unreachable(host, port, error)) from error
    try:
        return str(connection.run("SELECT certificate FROM clinic_authority")[0][0]).encode()
    finally:
        connection.close()


def _code(slug: str, secret: str) -> str:
    return slug + "." + "-".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _random_base32(length: int) -> str:
    return base64.b32encode(secrets.token_bytes(length)).decode()[:length]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _database(owner: Any) -> str:
    return str(owner.run("SELECT current_database()")[0][0])
