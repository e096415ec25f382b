"""The audit trail (R-ACL-3): every write through an action records who, when, what
entity, and the changed fields (old → new), with personal fields masked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from models import clock
from models.system import AuditEntry

MASK = "***"

# Fields whose values are personal data: their change is recorded, their values are not.
PERSONAL_FIELDS = frozenset(
    {
        "legal_first_name",
        "legal_last_name",
        "preferred_name",
        "date_of_birth",
        "ssn_last4",
        "email",
        "phone",
        "phones",
        "address_street",
        "address_unit",
        "address_city",
        "address_state",
        "address_zip",
        "sex",
        "gender",
        "pronouns",
        "ethnicity",
        "race",
        "other_demographics",
        "household_income",
        "past_property_debt_details",
        "credit_debt_details",
        "eviction_history_details",
        "criminal_history_details",
        "sent_to",
        "text",
        "signature_evidence",
        "search_name",
        "password_hash",
    }
)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Field → [old, new] for every field whose value differs; personal values masked."""
    result: dict[str, list[Any]] = {}
    for name, new in after.items():
        old = None if before is None else before.get(name)
        if _plain(old) == _plain(new):
            continue
        if name in PERSONAL_FIELDS:
            result[name] = [None if old is None else MASK, None if new is None else MASK]
        else:
            result[name] = [_plain(old), _plain(new)]
    return result


def _entry(
    actor_id: int | None, action: str, entity: str, entity_id: Any, changed: dict[str, list[Any]]
) -> AuditEntry:
    return AuditEntry(
        at=clock.now(),
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        changes=changed,
    )


async def record(
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: Any,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Write one audit entry for a change made by an action."""
    await _entry(actor_id, action, entity, entity_id, changes(before, after or {})).save()


async def record_many(
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    rows: Iterable[tuple[Any, Mapping[str, Any] | None, Mapping[str, Any]]],
    batch_size: int | None = 1000,
) -> int:
    """Write audit entries in bulk (sweeps): rows of (entity_id, before, after);
    batch_size=None writes them with one statement whatever their number."""
    entries = [
        _entry(actor_id, action, entity, entity_id, changes(before, after))
        for entity_id, before, after in rows
    ]
    if entries:
        await AuditEntry.bulk_create(entries, batch_size=batch_size)
    return len(entries)
