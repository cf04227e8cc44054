"""The clinic's own certificate authority and the server's certificate (`cryptography`).

make_authority(folder, clinic)          ca.crt + ca.key: the clinic CA, ten years
make_server_certificate(folder, hosts)  server.crt + server.key, signed by the CA
authority_fingerprint(pem)              SHA-256 of a CA certificate, for people to compare

Workstations trust only this CA (verify-full: the certificate must be the CA's and name
the host they dial), so a machine on the LAN that answers in the server's place is refused.
Keys are written owner-only: PostgreSQL refuses a key others may read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from timer_app import file_modes
from timer_app.errors import UserError

if TYPE_CHECKING:
    from cryptography import x509

CA_CERT = "ca.crt"
CA_KEY = "ca.key"
SERVER_CERT = "server.crt"
SERVER_KEY = "server.key"
AUTHORITY_YEARS = 10
SERVER_YEARS = 5


def require_library() -> None:
    """Setting a server up needs `cryptography`; the bundled workstation program leaves it
    out (it only connects, which the standard library's ssl does)."""
    try:
        import cryptography  # noqa: F401
    except ImportError as error:
        raise UserError(
            "This copy of Therapy Timer runs workstations but cannot set up a clinic server "
            "(its certificate library is not included). On the server computer, install the "
            "program with Python as the README's 'A clinic with several computers' says, and "
            "run 'timer-app server init' there."
        ) from error


@dataclass(frozen=True)
class Authority:
    certificate_pem: bytes
    key_pem: bytes


def make_authority(folder: Path, clinic: str, *, now: dt.datetime | None = None) -> Authority:
    """A new CA for the clinic in `folder` (ca.crt, ca.key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = now or dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, clinic[:64] or "Clinic"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Therapy Timer clinic authority"),
    ])  # fmt: skip
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * AUTHORITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_authority_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    authority = Authority(_certificate_pem(certificate), _key_pem(key))
    _write(folder / CA_CERT, authority.certificate_pem)
    _write(folder / CA_KEY, authority.key_pem)
    return authority


def make_server_certificate(
    folder: Path, hosts: Sequence[str], *, now: dt.datetime | None = None
) -> None:
    """server.crt + server.key in `folder`, for every name and address in `hosts`,
    signed by the CA kept there."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = now or dt.datetime.now(dt.UTC)
    ca_cert = x509.load_pem_x509_certificate((folder / CA_CERT).read_bytes())
    ca_key = serialization.load_pem_private_key((folder / CA_KEY).read_bytes(), password=None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    names = _alt_names(hosts)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0][:64])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * SERVER_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(folder / SERVER_CERT, _certificate_pem(certificate))
    _write(folder / SERVER_KEY, _key_pem(key))


def _authority_key_usage() -> x509.KeyUsage:
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def authority_fingerprint(certificate_pem: bytes) -> str:
    """The SHA-256 of the CA's DER form as grouped hex, for a person to compare by eye."""
    import ssl

    der = ssl.PEM_cert_to_DER_cert(certificate_pem.decode("ascii"))
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 4] for i in range(0, 32, 4))


def _alt_names(hosts: Sequence[str]) -> list:  # type: ignore[type-arg]
    from cryptography import x509

    names: list = []  # type: ignore[type-arg]
    for host in dict.fromkeys(hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def _certificate_pem(certificate: object) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return certificate.public_bytes(serialization.Encoding.PEM)  # type: ignore[attr-defined, no-any-return]


def _key_pem(key: object) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(  # type: ignore[attr-defined, no-any-return]
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes) -> None:
    file_modes.create_private(path)
    path.write_bytes(data)
    file_modes.private_file(path)
