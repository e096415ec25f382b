"""Shared assertions of the API tests: what a refused call must leave unchanged."""

from __future__ import annotations

from models.customers import BudgetLine, Customer, Document, ProsperityBudget
from models.enrollments import Enrollment, FundingSourceEntry, Registration
from models.services import CaseNote, Service
from models.system import AuditEntry, Notification

MODELS = (
    Customer,
    Enrollment,
    Registration,
    FundingSourceEntry,
    Service,
    CaseNote,
    ProsperityBudget,
    BudgetLine,
    Document,
    AuditEntry,
    Notification,
)


async def snapshot() -> dict[str, object]:
    """Row counts of every table a coach's mutation writes, and the rows' contents of
    the records (so an UPDATE that was refused is noticed too)."""
    counts: dict[str, object] = {m.__name__: await m.all().count() for m in MODELS}
    counts["enrollments"] = sorted(
        tuple(sorted((k, str(v)) for k, v in row.items()))
        for row in await Enrollment.all().values()
    )
    counts["registrations"] = sorted(
        tuple(sorted((k, str(v)) for k, v in row.items() if k != "updated_at"))
        for row in await Registration.all().values()
    )
    counts["customers"] = sorted(
        tuple(sorted((k, str(v)) for k, v in row.items())) for row in await Customer.all().values()
    )
    return counts


def codes(payload: dict) -> list[tuple[str, str | None]]:
    """(code, field) of a payload's errors."""
    return [(e["code"], e["field"]) for e in payload["errors"]]
