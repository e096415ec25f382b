"""Cursor pagination: opaque, stable keyset cursors (the sort key and the id)."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import strawberry

from schema.errors import BadInput

MAX_PAGE = 200


@strawberry.type(description="Where a page ends.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


def encode_cursor(values: list[Any]) -> str:
    """An opaque cursor for a row's sort key."""
    return base64.urlsafe_b64encode(orjson.dumps(values, default=str)).decode()


def decode_cursor(
    cursor: str | None, length: int, kinds: tuple[type, ...] | None = None
) -> list[Any] | None:
    """The sort key a cursor names, each value of its kind (`kinds`; ints are row ids);
    BAD_USER_INPUT for a malformed one."""
    if cursor is None:
        return None
    refused = BadInput("The cursor `after` is not one this API gave out.", field="after")
    try:
        values = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, orjson.JSONDecodeError):
        raise refused from None
    if not isinstance(values, list) or len(values) != length:
        raise refused
    for value, kind in zip(values, kinds or (), strict=False):
        if type(value) is not kind or (isinstance(value, int) and not 0 <= value < 2**31):
            raise refused
    return values


def page_size(first: int) -> int:
    """`first` bounded to 1..MAX_PAGE."""
    if first < 1 or first > MAX_PAGE:
        raise BadInput(f"`first` must be between 1 and {MAX_PAGE}.")
    return first
