"""PINs: at least 4 digits, kept only as a salted, deliberately slow scrypt hash.

scrypt (standard library, `hashlib.scrypt`) with a 16-byte random salt per PIN; comparing
in constant time. After a few wrong tries in a row the next one must wait, longer each time
(`wait_after`): a 4-digit PIN cannot be guessed by trying them all at the keyboard.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from timer_app.errors import UserError

MIN_DIGITS, MAX_DIGITS = 4, 12
FREE_TRIES = 3  # wrong PINs before waiting starts
_N, _R, _P = 2**14, 8, 1  # ~16 MB, tens of milliseconds per try


def check_pin_shape(pin: str) -> None:
    """A new PIN: 4 to 12 digits (0-9)."""
    if not (MIN_DIGITS <= len(pin) <= MAX_DIGITS and pin.isascii() and pin.isdigit()):
        raise UserError(
            f"A PIN is {MIN_DIGITS} to {MAX_DIGITS} digits (0-9), nothing else; choose another."
        )


def hash_pin(pin: str) -> str:
    check_pin_shape(pin)
    salt = secrets.token_bytes(16)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${_scrypt(pin, salt, _N, _R, _P).hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, expected = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    found = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
    return hmac.compare_digest(found, bytes.fromhex(expected))


def wait_after(failed: int) -> timedelta:
    """How long the next try waits after `failed` wrong PINs in a row (0 for the first
    few; then 5 s, 10 s, 20 s, ... up to 5 minutes)."""
    if failed < FREE_TRIES:
        return timedelta(0)
    return timedelta(seconds=min(5 * 2 ** (failed - FREE_TRIES), 300))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024,
                          dklen=32)  # fmt: skip
