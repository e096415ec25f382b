"""The Registration tab: partial updates and Registered By (R-REG-1..6, R-ENR-5).

An omitted field is left as it is; an explicit null clears it (R-REG-5). Changing a
required field clears Registered By and sends a sent referral back to draft; after
acceptance only the notes may change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from models import clock
from models.actions import audit
from models.actions.facts import load_registration_facts
from models.actions.outbox import unit_of_work
from models.actions.reference import reference_lists
from models.enrollments import Enrollment, FundingSourceEntry, Registration
from models.reference import ReferenceKind
from models.rules.dates import not_in_future
from models.rules.enums import ErrorCode
from models.rules.errors import Violation
from models.rules.reference import choice_violation
from models.rules.registration import (
    clears_registered_by,
    evaluate_registration,
    input_path,
    registration_update_violations,
    sign_violations,
)
from models.staff import Staff

ADDRESS_COLUMNS = ("street", "unit", "city", "state", "zip")
ON_EVERY_RECORD = frozenset(
    {
        "address",
        "phones",
        "email",
        "ethnicity",
        "race",
        "other_demographics",
        "employment_status",
        "public_assistance",
        "employment_characteristics",
        "notes",
    }
)
"""RegistrationInput fields every record carries; the others exist on RA records only."""


class FundingSource(NamedTuple):
    """A row of Other Funding Source as entered."""

    date: date
    funding_source: str
    notes: str | None


def _address(reg: Registration) -> dict[str, Any] | None:
    if reg.address_street is None:
        return None
    return {name: getattr(reg, f"address_{name}") for name in ADDRESS_COLUMNS}


async def _current(reg: Registration, enrollment_id: int, names: set[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        if name == "address":
            values[name] = _address(reg)
        elif name == "other_funding_sources":
            rows = await FundingSourceEntry.filter(enrollment_id=enrollment_id).order_by("position")
            values[name] = [FundingSource(r.date, r.funding_source, r.notes) for r in rows]
        else:
            values[name] = getattr(reg, name)
    return values


def _input_violations(enrollment: Enrollment, changes: Mapping[str, Any]) -> list[Violation]:
    violations = []
    if not enrollment.is_ra:
        violations += [
            Violation(
                ErrorCode.INVALID,
                "This field exists on RA records only, not on a program record (R-ENR-5)",
                input_path(name),
            )
            for name in sorted(set(changes) - ON_EVERY_RECORD)
        ]
    today = clock.today()
    for i, source in enumerate(changes.get("other_funding_sources") or []):
        field = f"input.otherFundingSources.{i}"
        future = not_in_future(source.date, today, f"{field}.date", what="The funding source date")
        if future is not None:
            violations.append(future)
        if not source.funding_source.strip():
            violations.append(
                Violation(
                    ErrorCode.REQUIRED,
                    "Name the other funding source (R-REG-1)",
                    f"{field}.fundingSource",
                )
            )
    return violations


def _reference_violations(
    changes: Mapping[str, Any], saved: Mapping[str, Any], lists: dict[ReferenceKind, list[str]]
) -> list[Violation]:
    """The dropdowns take values of the reference lists in force; a value this record
    already holds stays acceptable after it was retired (R-REG-0)."""
    found = []
    sources = changes.get("other_funding_sources") or []
    kept = [s.funding_source for s in saved.get("other_funding_sources") or []]
    for i, source in enumerate(sources):
        found.append(
            choice_violation(
                source.funding_source,
                lists[ReferenceKind.OTHER_FUNDING_SOURCE],
                field=f"input.otherFundingSources.{i}.fundingSource",
                label="The Other Funding Source",
                saved=kept,
            )
        )
    if "income_documentation" in changes:
        found.append(
            choice_violation(
                changes["income_documentation"],
                lists[ReferenceKind.INCOME_DOCUMENTATION],
                field="input.incomeDocumentation",
                label="The income documentation",
                saved=[saved["income_documentation"] or ""],
            )
        )
    return [v for v in found if v is not None]


LIST_FIELDS = frozenset(
    {"phones", "race", "other_demographics", "public_assistance", "employment_characteristics"}
)


def _columns(name: str, value: Any) -> dict[str, Any]:
    if name == "address":
        return {f"address_{c}": (value or {}).get(c) for c in ADDRESS_COLUMNS}
    if name in LIST_FIELDS and value is None:
        return {name: []}  # a cleared list is empty
    if isinstance(value, list):
        return {name: [getattr(v, "value", v) for v in value]}
    return {name: value}


async def update_registration(
    *, staff: Staff, enrollment: Enrollment, changes: Mapping[str, Any]
) -> list[Violation]:
    """Apply a partial update of the Registration tab (R-REG-5); `changes` holds only the
    fields given, None clearing one."""
    async with unit_of_work():
        row = await Enrollment.filter(id=enrollment.id).select_for_update().first()
        assert row is not None
        reg = await Registration.get_or_none(enrollment_id=row.id)
        if reg is None:  # saved only if the update is accepted
            reg = Registration(enrollment_id=row.id)
        current = await _current(reg, row.id, set(changes))
        changed = {
            name: value
            for name, value in changes.items()
            if _columns(name, value) != _columns(name, current[name])
        }
        violations = _input_violations(row, changed)
        if row.is_ra and {"other_funding_sources", "income_documentation"} & set(changed):
            violations += _reference_violations(changed, current, await reference_lists())
        violations += registration_update_violations(
            changed, program_status=row.program_status, review_date=row.review_date
        )
        if violations or not changed:
            return violations
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for name, value in changed.items():
            if name == "other_funding_sources":
                continue
            for column, new in _columns(name, value).items():
                before[column] = getattr(reg, column)
                after[column] = new
                setattr(reg, column, new)
        if clears_registered_by(changed) and reg.registered_by_id is not None:  # type: ignore[attr-defined]
            before.update(registered_by_id=reg.registered_by_id, registered_on=reg.registered_on)  # type: ignore[attr-defined]
            after.update(registered_by_id=None, registered_on=None)
            reg.registered_by_id = None  # type: ignore[attr-defined]
            reg.registered_on = None
        if reg.id is None:
            await reg.save()
        if after:
            await reg.save(update_fields=[*after.keys(), "updated_at"])
            await audit.record(
                actor_id=staff.id,
                action="registration.update",
                entity="Registration",
                entity_id=reg.id,
                before=before,
                after=after,
            )
        if "other_funding_sources" in changed:
            await _replace_funding_sources(staff, row.id, changed["other_funding_sources"] or [])
        if clears_registered_by(changed) and row.sent_at is not None:
            await Enrollment.filter(id=row.id).update(sent_at=None)
            await audit.record(
                actor_id=staff.id,
                action="referral.back_to_draft",
                entity="Enrollment",
                entity_id=row.id,
                before={"sent_at": row.sent_at},
                after={"sent_at": None},
            )
    return []


async def _replace_funding_sources(staff: Staff, enrollment_id: int, sources: list[Any]) -> None:
    """Replace the Other Funding Source rows in two statements, audited as one change of
    the record's list."""
    old = await FundingSourceEntry.filter(enrollment_id=enrollment_id).order_by("position")
    new = [
        FundingSourceEntry(
            enrollment_id=enrollment_id,
            position=i,
            date=s.date,
            funding_source=s.funding_source.strip(),
            notes=s.notes,
        )
        for i, s in enumerate(sources)
    ]
    await FundingSourceEntry.filter(enrollment_id=enrollment_id).delete()
    if new:
        await FundingSourceEntry.bulk_create(new)

    def listed(rows: list[FundingSourceEntry]) -> list[str]:
        return [f"{r.date.isoformat()} {r.funding_source} {r.notes or ''}".strip() for r in rows]

    await audit.record(
        actor_id=staff.id,
        action="registration.funding_sources",
        entity="Enrollment",
        entity_id=enrollment_id,
        before={"other_funding_sources": listed(list(old))},
        after={"other_funding_sources": listed(new)},
    )


async def sign_registration(
    *, staff: Staff, enrollment: Enrollment, signed_on: date
) -> list[Violation]:
    """Sign Registered By on signed_on (the Registration Date) when Missing Information
    and Ineligible Reasons are both empty (R-REG-5)."""
    async with unit_of_work():
        row = await Enrollment.filter(id=enrollment.id).select_for_update().first()
        assert row is not None
        result = evaluate_registration(await load_registration_facts(row))
        violations = sign_violations(
            result,
            signed_on=signed_on,
            application_date=row.application_date,
            today=clock.today(),
            program_status=row.program_status,
            review_date=row.review_date,
        )
        if violations:
            return violations
        reg, _ = await Registration.get_or_create(enrollment_id=row.id)
        before = {"registered_by_id": reg.registered_by_id, "registered_on": reg.registered_on}  # type: ignore[attr-defined]
        reg.registered_by_id = staff.id  # type: ignore[attr-defined]
        reg.registered_on = signed_on
        await reg.save(update_fields=["registered_by_id", "registered_on", "updated_at"])
        await audit.record(
            actor_id=staff.id,
            action="registration.sign",
            entity="Registration",
            entity_id=reg.id,
            before=before,
            after={"registered_by_id": staff.id, "registered_on": signed_on},
        )
    return []
