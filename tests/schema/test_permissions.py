"""Every role meets a mutation it may not call: FORBIDDEN, and nothing is written
(no row, no audit entry, no notification)."""

from __future__ import annotations

import pytest

from models.customers import Customer
from models.reference import IncomeLimit, ReferenceItem
from models.system import AuditEntry, Notification
from schema.permissions import CAPABILITIES, Cap
from tests.conftest import COACH, HUB, MANAGER, Api

INCOME_LIMIT_SET = """
mutation { incomeLimitSet(effectiveFrom: "2026-04-01", medianFamilyIncome: "130000.00")
  { effectiveFrom errors { code } } }
"""
REFERENCE_UPDATE = """
mutation { referenceDataUpdate(input: {paymentTypes: ["Rent"]}) { errors { code } } }
"""
CUSTOMER_CREATE = """
mutation { customerCreate(input: {legalFirstName: "Ana", legalLastName: "Pérez",
  dateOfBirth: "1990-04-05"}) { customer { id } errors { code } } }
"""

CASES = [
    (COACH, INCOME_LIMIT_SET),
    (COACH, REFERENCE_UPDATE),
    (HUB, INCOME_LIMIT_SET),
    (HUB, REFERENCE_UPDATE),
    (HUB, CUSTOMER_CREATE),
    (MANAGER, CUSTOMER_CREATE),
]


async def _counts() -> tuple[int, ...]:
    return (
        await IncomeLimit.all().count(),
        await ReferenceItem.all().count(),
        await Customer.all().count(),
        await AuditEntry.all().count(),
        await Notification.all().count(),
    )


@pytest.mark.parametrize(("email", "document"), CASES)
async def test_forbidden_call_changes_nothing(api: Api, email: str, document: str) -> None:
    before = await _counts()
    body = await api.post(document, as_=email)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await _counts() == before


def test_every_capability_belongs_to_some_role() -> None:
    granted = set().union(*CAPABILITIES.values())
    assert granted == set(Cap)


def test_reference_data_and_audit_are_the_contract_managers_alone() -> None:
    for cap in (Cap.REFERENCE_WRITE, Cap.AUDIT_READ, Cap.EXIT_REMOVE, Cap.SWEEP_RUN):
        holders = [role for role, caps in CAPABILITIES.items() if cap in caps]
        assert [r.value for r in holders] == ["CONTRACT_MANAGER"]


async def test_allowed_call_writes_a_row_and_an_audit_entry(api: Api) -> None:
    body = await api.ok(INCOME_LIMIT_SET, as_=MANAGER)
    assert body["incomeLimitSet"]["errors"] == []
    entry = await AuditEntry.get(action="income_limit.set")
    assert entry.changes == {"median_family_income": [None, "130000.00"]}
