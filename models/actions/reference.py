"""Reference data kept by contract managers: pick lists and income limits (R-REG-3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from models.actions import audit
from models.actions.outbox import unit_of_work
from models.reference import IncomeLimit, ReferenceItem, ReferenceKind
from models.rules.enums import ErrorCode
from models.rules.errors import Violation


async def reference_lists() -> dict[ReferenceKind, list[str]]:
    """Every pick list, in order."""
    lists: dict[ReferenceKind, list[str]] = {kind: [] for kind in ReferenceKind}
    for item in await ReferenceItem.all().order_by("kind", "position", "id"):
        lists[item.kind].append(item.name)
    return lists


def reference_violations(changes: Mapping[ReferenceKind, Sequence[str] | None]) -> list[Violation]:
    """Blank or repeated names are refused, naming the list."""
    errors = []
    for kind, names in changes.items():
        if names is None:
            continue
        field = f"input.{kind.name.lower()}"
        cleaned = [n.strip() for n in names]
        if any(not n for n in cleaned):
            errors.append(Violation(ErrorCode.REQUIRED, "Names may not be blank.", field))
        if len(set(cleaned)) != len(cleaned):
            errors.append(Violation(ErrorCode.INVALID, "A name appears twice.", field))
    return errors


async def update_reference_lists(
    *, actor_id: int, changes: Mapping[ReferenceKind, Sequence[str] | None]
) -> list[Violation]:
    """Replace the given pick lists (an omitted list is left as it is)."""
    errors = reference_violations(changes)
    if errors:
        return errors
    async with unit_of_work():
        before = await reference_lists()
        for kind, names in changes.items():
            if names is None:
                continue
            await ReferenceItem.filter(kind=kind).delete()
            await ReferenceItem.bulk_create(
                [ReferenceItem(kind=kind, name=n.strip(), position=i) for i, n in enumerate(names)]
            )
            await audit.record(
                actor_id=actor_id,
                action="reference.update",
                entity="ReferenceList",
                entity_id=kind.value,
                before={"names": before[kind]},
                after={"names": [n.strip() for n in names]},
            )
    return []


async def set_income_limit(
    *, actor_id: int, effective_from: date, median_family_income: Decimal
) -> tuple[IncomeLimit | None, list[Violation]]:
    """Set the MFI in force from a date (a second figure for the same date replaces it)."""
    if median_family_income <= 0:
        return None, [
            Violation(
                ErrorCode.INVALID,
                "The median family income must be more than 0 (R-REG-3).",
                "medianFamilyIncome",
            )
        ]
    async with unit_of_work():
        row = await IncomeLimit.get_or_none(effective_from=effective_from)
        before = {"median_family_income": row.median_family_income} if row else None
        if row is None:
            row = await IncomeLimit.create(
                effective_from=effective_from, median_family_income=median_family_income
            )
        else:
            row.median_family_income = median_family_income
            await row.save(update_fields=["median_family_income"])
        await audit.record(
            actor_id=actor_id,
            action="income_limit.set",
            entity="IncomeLimit",
            entity_id=effective_from.isoformat(),
            before=before,
            after={"median_family_income": median_family_income},
        )
    return row, []
