"""Reading the shipped JSON data files, with errors that name the file and the entry."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, TypeVar

from timer_app.errors import UserError

Choice = TypeVar("Choice", bound=StrEnum)


class CatalogError(UserError):
    """A shipped or custom data file is malformed."""


def entries(text: str, file_name: str, key: str) -> list[Any]:
    """The non-empty list under `key` of a JSON document."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogError(f"{file_name} is not valid JSON: {error}") from None
    found = document.get(key) if isinstance(document, dict) else None
    if not isinstance(found, list) or not found:
        raise CatalogError(f"{file_name} must hold a non-empty list under '{key}'")
    return found


def choice(cls: type[Choice], value: object, where: str) -> Choice:
    """`value` as one of the enum's values, or an error that lists them."""
    try:
        return cls(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in cls)
        raise CatalogError(f"{where}: '{value}' is not one of {allowed}") from None
