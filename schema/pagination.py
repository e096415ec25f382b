"""Cursor pagination: opaque, signed keyset cursors and page sizes.

A cursor names the last row of a page by its sort key, made only of non-personal values
(row ids, dates, ranks; never a name), and is signed for the list it belongs to: a
cursor that was altered, or that comes from another list, is BAD_USER_INPUT. Every list
is ordered by a documented key that ends with the row id, so the order is total and
pages never overlap or skip a row.
"""

from __future__ import annotations

from typing import Any

import strawberry
from itsdangerous import BadData, URLSafeSerializer

from models.config import get_settings
from schema.errors import BadInput

MAX_PAGE = 200
MAX_CURSOR_LENGTH = 200
_BAD_CURSOR = "The cursor `after` is not one this API gave out for this list."


@strawberry.type(description="Where a page ends.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


def _serializer(kind: str) -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt=f"rent-assist.cursor.{kind}")


def encode_cursor(kind: str, values: list[Any]) -> str:
    """An opaque cursor for a row's sort key in the list `kind`."""
    return _serializer(kind).dumps([str(v) for v in values])


def decode_cursor(kind: str, cursor: str | None, length: int) -> list[str] | None:
    """The sort key a cursor of the list `kind` names; BAD_USER_INPUT for any other."""
    if cursor is None:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadInput(_BAD_CURSOR)
    try:
        values = _serializer(kind).loads(cursor)
    except BadData:
        raise BadInput(_BAD_CURSOR) from None
    if (
        not isinstance(values, list)
        or len(values) != length
        or not all(isinstance(v, str) for v in values)
    ):
        raise BadInput(_BAD_CURSOR)
    return values


def cursor_int(value: str) -> int:
    """An integer part of a decoded cursor (it was signed by us, so this only guards)."""
    if not value.isdigit() or len(value) > 10:
        raise BadInput(_BAD_CURSOR)
    return int(value)


def page_size(first: int | None, default: int) -> int:
    """`first` (null: the default) bounded to 1..MAX_PAGE."""
    size = default if first is None else first
    if size < 1 or size > MAX_PAGE:
        raise BadInput(f"`first` must be between 1 and {MAX_PAGE}.")
    return size
