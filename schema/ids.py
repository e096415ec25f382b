"""Opaque, stable global ids (Relay's `Node`) and the one function that parses them.

A global id is the unpadded URL-safe base64 of "<GraphQL type>:<key>", e.g. the customer
row 12 is `Q3VzdG9tZXI6MTI`. It is the same in every view that returns the object (the
identity-check view of a customer carries the same id as the full view: its selection
token is a separate field), it never changes, and it holds no personal data.

Every id argument goes through `parse_id` (objects behind the access functions: a
malformed id, an id of another type and an unknown id all raise AccessDenied, so they
answer exactly like a forbidden one, R-ACL-1) or `parse_ref` (reference rows such as a
hub or a staff member: None, which the action answers like an unknown row). Only the
canonical spelling of an id is accepted, so one object has exactly one id.
"""

from __future__ import annotations

import base64
import binascii
import re

import strawberry

from models.actions.access import AccessDenied

# the types `node(id:)` resolves, and the other audit-trail entities whose ids are shown
NODE_TYPES = frozenset(
    {
        "Customer",
        "Enrollment",
        "Service",
        "HousingStatusEntry",
        "CaseNote",
        "PaymentPlan",
        "Payment",
        "Outcome",
        "Document",
        "ParticipantLink",
        "ProsperityBudget",
        "Staff",
        "Provider",
    }
)
AUDIT_ONLY_TYPES = frozenset({"Registration", "IncomeLimit", "ReferenceList"})

MAX_ID_LENGTH = 80
MAX_ROW_ID = 2**31 - 1  # the id columns are 32-bit integers
_ENCODED = re.compile(r"[A-Za-z0-9_-]{4,80}")
_DECODED = re.compile(r"([A-Z][A-Za-z]{1,39}):([A-Za-z0-9_.-]{1,40})")
_ROW_KEY = re.compile(r"[1-9][0-9]{0,9}")


def global_id(type_name: str, key: int | str) -> strawberry.ID:
    """The global id of an object: its GraphQL type name and its row key."""
    raw = f"{type_name}:{key}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).rstrip(b"=").decode())


def decode_id(raw: object) -> tuple[str, str] | None:
    """(type name, key) of a global id in its canonical spelling, else None."""
    if not isinstance(raw, str) or not _ENCODED.fullmatch(raw):
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    match = _DECODED.fullmatch(text)
    if match is None or global_id(match[1], match[2]) != raw:
        return None
    return match[1], match[2]


def _row_key(raw: object, types: tuple[str, ...]) -> int | None:
    decoded = decode_id(raw)
    if decoded is None or decoded[0] not in types or not _ROW_KEY.fullmatch(decoded[1]):
        return None
    key = int(decoded[1])
    return key if key <= MAX_ROW_ID else None


def parse_id(raw: object, *types: str) -> int:
    """The row key of a global id of one of `types`; AccessDenied (the answer to an
    unknown or forbidden object, R-ACL-1) for anything else."""
    key = _row_key(raw, types)
    if key is None:
        raise AccessDenied()
    return key


def parse_ref(raw: object, *types: str) -> int | None:
    """The row key of a global id of one of `types`, or None (answered like an unknown
    row) for a malformed id or one of another type."""
    return _row_key(raw, types)


def parse_typed(raw: object, types: frozenset[str]) -> tuple[str, int]:
    """(type, row key) of a global id of any of `types` (node(id:)); else AccessDenied."""
    decoded = decode_id(raw)
    if decoded is None or decoded[0] not in types:
        raise AccessDenied()
    return decoded[0], parse_id(raw, decoded[0])


@strawberry.interface(
    description="An object with an opaque, stable global id (Relay): the same object has "
    "the same id in every view that returns it; `node(id:)` fetches it again."
)
class Node:
    @strawberry.field(description="Opaque global id.")
    def id(self) -> strawberry.ID:  # every implementing type answers its own
        raise NotImplementedError
