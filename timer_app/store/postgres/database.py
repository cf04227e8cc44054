"""One connection to the clinic server as the store's modules use it: rows by column name,
units of work that nest (savepoints, as the SQLite store's do), and what the server
refuses said in words.

Every statement goes through here with its values as parameters, never in the text. Every
write a repository offers is a unit of work of its own, as in the SQLite store: inside a
caller's unit it is a savepoint, so a refused write takes back only itself (PostgreSQL
would otherwise refuse everything after it in the transaction).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pg8000.native

from timer_app.errors import UserError

Row = dict[str, Any]

# a lock another computer holds this long (the audit chain's head, a visit being written)
# ends in words rather than a frozen screen
LOCK_WAIT = "10s"

# unique constraints a person can trip, and what it means for them
_CONSTRAINT_WORDS = {
    "payer_name": "a payer of that name already exists; pick another name",
    "visit_amends_id_key": (
        "this visit version was already amended (perhaps on another computer); change its "
        "latest version instead"
    ),
}


class Database:
    """The store's connection: `rows`, `one`, `run`, and `atomic` for a unit of work."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._depth = 0  # units of work open: the first is the transaction, others savepoints

    def rows(self, sql: str, **params: Any) -> list[Row]:
        with server_trouble():
            found = self._connection.run(sql, **params)
            columns = self._connection.columns
        if not columns:
            return []
        names = [column["name"] for column in columns]
        return [dict(zip(names, row, strict=True)) for row in found or ()]

    def one(self, sql: str, **params: Any) -> Row | None:
        found = self.rows(sql, **params)
        return found[0] if found else None

    def new_id(self, sql: str, **params: Any) -> int:
        """An INSERT ... RETURNING id: the new row's id."""
        row = self.one(sql, **params)
        if row is None:
            raise RuntimeError(f"nothing was inserted by {sql[:60]}")
        return int(row["id"])

    def run(self, sql: str, **params: Any) -> int:
        """A statement for its effect; how many rows it touched."""
        with server_trouble():
            self._connection.run(sql, **params)
            return int(self._connection.row_count or 0)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Everything inside is kept together or not at all; an inner unit that fails
        takes back only its own part (a savepoint)."""
        savepoint = f"unit_{self._depth}" if self._depth else None
        self.run(f"SAVEPOINT {savepoint}" if savepoint else "START TRANSACTION")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._take_back(savepoint)
            raise
        self._depth -= 1
        if savepoint:
            self.run(f"RELEASE SAVEPOINT {savepoint}")
            return
        try:
            self.run("COMMIT")
        except BaseException:
            self._take_back(None)
            raise

    def close(self) -> None:
        # a connection the server already dropped has nothing left to close
        with suppress(pg8000.native.InterfaceError, OSError):
            self._connection.close()

    def _take_back(self, savepoint: str | None) -> None:
        # A lost connection has rolled the transaction back on the server already; the
        # error being raised says what went wrong, so this one is not raised over it.
        with suppress(pg8000.native.Error, OSError):
            if savepoint:
                self._connection.run(f"ROLLBACK TO SAVEPOINT {savepoint}")
                self._connection.run(f"RELEASE SAVEPOINT {savepoint}")
            else:
                self._connection.run("ROLLBACK")


@contextmanager
def server_trouble() -> Iterator[None]:
    """What the server refused, or a connection lost, in words; a mistake in a statement
    (this program's own) goes on as it is."""
    try:
        yield
    except pg8000.native.DatabaseError as error:
        words = refusal_words(error)
        if words is None:
            raise
        raise UserError(words) from error
    except (pg8000.native.InterfaceError, OSError) as error:
        raise UserError(
            f"The connection to the clinic server was lost ({str(error)[:120]}), so what was "
            "being saved may not have been kept: look at it again once the server is back."
        ) from error


def refusal_words(error: pg8000.native.DatabaseError) -> str | None:
    """The words for a refusal a person can meet (None: a program error, not theirs)."""
    detail = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    code = str(detail.get("C", ""))
    if code == "42501":
        return (
            "The clinic server does not let this computer make that change (only the front "
            "desk or the owner may), so nothing was changed."
        )
    if code == "23505" and detail.get("n") in _CONSTRAINT_WORDS:
        return _CONSTRAINT_WORDS[str(detail["n"])]
    if code.startswith("23"):
        return (
            f"The clinic server refused the change ({detail.get('M', code)}); nothing was changed."
        )
    if code == "25P02":  # a caller went on after a refusal inside its unit of work
        return "An earlier change of this unit of work was refused, so none of it was kept."
    if code in ("40001", "40P01", "55P03"):
        return (
            "Another computer was saving the same records at the same moment, so nothing was "
            "changed: try again."
        )
    if code.startswith(("08", "53", "57")):
        return (
            f"The clinic server cannot take the change now ({detail.get('M', code)}), so "
            "nothing was changed: try again in a moment, or ask the owner to look at the server."
        )
    return None
