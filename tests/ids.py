"""Global ids of rows, as the API shows them (schema/ids.py)."""

from __future__ import annotations

from tortoise.models import Model

from schema.ids import global_id


def gid(row: Model) -> str:
    """The global id of a row: its model's name is its GraphQL type's name."""
    return str(global_id(type(row).__name__, row.pk))


def gid_of(type_name: str, key: int | str) -> str:
    """The global id of a type and row key (e.g. an id read back from the database)."""
    return str(global_id(type_name, key))


def row_id(global_id_: str) -> int:
    """The row key of a global id the API returned."""
    from schema.ids import decode_id

    decoded = decode_id(global_id_)
    assert decoded is not None, global_id_
    return int(decoded[1])


def ref(type_name: str, value: object) -> str:
    """An id argument: a row key becomes its global id, any other value is sent as is (to
    try malformed ids)."""
    return gid_of(type_name, value) if isinstance(value, int) else str(value)
