"""node(id:): any object by its global id (Relay), through the same access functions as
every other way to it: unknown, malformed, of another type or not visible all answer
FORBIDDEN alike (R-ACL-1)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from tortoise.models import Model

from models import customers as cm
from models import payments as pm
from models import services as sm
from models import staff as stm
from models.actions.access import AccessDenied, access_customer, access_enrollment
from models.rules.enums import Role
from models.staff import Staff as StaffRow
from schema.context import Info
from schema.ids import NODE_TYPES, Node, parse_typed
from schema.permissions import Cap, require

Resolve = Callable[[StaffRow, int], Awaitable[Any]]


async def _row(model: type[Model], key: int) -> Any:
    row = await model.get_or_none(pk=key)
    if row is None:
        raise AccessDenied()
    return row


def _in_record(model: type[Model], wrap: Callable[[Any], Any]) -> Resolve:
    """An object of a record: visible when its record is (R-ACL-1)."""

    async def resolve(staff: StaffRow, key: int) -> Any:
        row = await _row(model, key)
        await access_enrollment(staff, row.enrollment_id)
        return wrap(row)

    return resolve


def _of_customer(model: type[Model], wrap: Callable[[Any], Any]) -> Resolve:
    """An object of a customer: visible when the customer is, in full (R-ACL-1)."""

    async def resolve(staff: StaffRow, key: int) -> Any:
        row = await _row(model, key)
        await access_customer(staff, row.customer_id)
        return wrap(row)

    return resolve


async def _customer(staff: StaffRow, key: int) -> Any:
    from schema.customers.types import Customer

    return Customer(row=await access_customer(staff, key), identity_only=False)


async def _enrollment(staff: StaffRow, key: int) -> Any:
    from schema.enrollments.types import Enrollment

    return Enrollment(row=await access_enrollment(staff, key))


async def _staff(staff: StaffRow, key: int) -> Any:
    """A staff member: yourself, your colleagues, or anyone for a contract manager."""
    from schema.staff.types import Staff

    row = await _row(stm.Staff, key)
    same_provider = staff.provider_id is not None and row.provider_id == staff.provider_id  # type: ignore[attr-defined]
    if staff.role is not Role.CONTRACT_MANAGER and row.id != staff.id and not same_provider:
        raise AccessDenied()
    return Staff.from_row(row)


async def _provider(staff: StaffRow, key: int) -> Any:
    from schema.staff.types import Provider

    return Provider.from_row(await _row(stm.Provider, key))


def _resolvers() -> dict[str, Resolve]:
    from schema.documents.types import Document, ParticipantLink, ProsperityBudget
    from schema.outcomes.types import Outcome
    from schema.payments.types import Payment, PaymentPlan
    from schema.services.types import CaseNote, HousingStatusEntry, Service

    return {
        "Customer": _customer,
        "Enrollment": _enrollment,
        "Service": _in_record(sm.Service, lambda r: Service(row=r)),
        "HousingStatusEntry": _in_record(
            sm.HousingStatusEntry, lambda r: HousingStatusEntry(row=r)
        ),
        "CaseNote": _in_record(sm.CaseNote, lambda r: CaseNote(row=r)),
        "PaymentPlan": _in_record(pm.PaymentPlan, lambda r: PaymentPlan(row=r)),
        "Payment": _in_record(pm.Payment, lambda r: Payment(row=r)),
        "Outcome": _in_record(pm.Outcome, lambda r: Outcome(row=r)),
        "Document": _of_customer(cm.Document, lambda r: Document(row=r)),
        "ParticipantLink": _of_customer(cm.ParticipantLink, lambda r: ParticipantLink(row=r)),
        "ProsperityBudget": _of_customer(cm.ProsperityBudget, lambda r: ProsperityBudget(row=r)),
        "Staff": _staff,
        "Provider": _provider,
    }


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="Any object by its global id, if you may see it (R-ACL-1): a customer "
        "you see in full, a record you see and what belongs to it, a provider, yourself or "
        "a colleague. FORBIDDEN otherwise, and for an id that names nothing."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id (Node.id).")],
    ) -> Node:
        staff = require(info, Cap.READ_RECORDS)
        type_name, key = parse_typed(id, NODE_TYPES)
        return await _resolvers()[type_name](staff, key)
