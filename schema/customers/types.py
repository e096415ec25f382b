"""Customers (R-ACL-2: birth month/day and SSN last 4 only, never the full values)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import customers as m
from schema.context import Info
from schema.enums import Language
from schema.errors import MutationError
from schema.ids import Node, global_id
from schema.lazy import lazy_class
from schema.pagination import PageInfo

if TYPE_CHECKING:
    from schema.documents.types import Document, ParticipantLink, ProsperityBudget
    from schema.enrollments.types import Enrollment

EnrollmentT = Annotated["Enrollment", strawberry.lazy("schema.enrollments.types")]
DocumentT = Annotated["Document", strawberry.lazy("schema.documents.types")]
BudgetT = Annotated["ProsperityBudget", strawberry.lazy("schema.documents.types")]
LinkT = Annotated["ParticipantLink", strawberry.lazy("schema.documents.types")]


@strawberry.type(
    description="A participant. Found by an exact identifier outside the staff member's "
    "records (R-ACL-1), only the identity-check view is filled in (identityOnly)."
)
class Customer(Node):
    row: strawberry.Private[m.Customer]
    identity_only: bool = strawberry.field(
        description="True when only the identity-check view (R-ACL-2) is shown."
    )
    viewer_id: strawberry.Private[int | None] = None

    @strawberry.field(
        description="Opaque, stable global id (Node): the same in the full and in the "
        "identity-check view."
    )
    def id(self) -> strawberry.ID:
        return global_id("Customer", self.row.id)

    @strawberry.field(
        description="Identity-check view only: a signed, short-lived token proving that you "
        "selected this customer from an exact-identifier search; pass it with the id to "
        "enrollmentCreate within SELECTION_MINUTES (10) to open a program record for them; "
        "it works for you only (R-ACL-1). Null when you see the customer in full."
    )
    def selection_token(self, info: Info) -> str | None:
        if not self.identity_only:
            return None
        from models.actions.access import selection_id

        viewer = info.context.staff
        assert viewer is not None
        return selection_id(self.row.id, viewer)

    @strawberry.field(description="The number staff quote, e.g. in referral emails.")
    def customer_id(self) -> str:
        return self.row.customer_id or ""

    @strawberry.field
    def job_seeker_id(self) -> str | None:
        return None if self.identity_only else self.row.job_seeker_id

    @strawberry.field
    def legal_first_name(self) -> str:
        return self.row.legal_first_name

    @strawberry.field
    def legal_last_name(self) -> str:
        return self.row.legal_last_name

    @strawberry.field
    def preferred_name(self) -> str | None:
        return self.row.preferred_name

    @strawberry.field
    def pronouns(self) -> str | None:
        return None if self.identity_only else self.row.pronouns

    @strawberry.field(description='"MM/DD" (R-ACL-2).')
    def birth_month_day(self) -> str:
        return self.row.date_of_birth.strftime("%m/%d")

    @strawberry.field(description="Last 4 of the SSN (R-ACL-2).")
    def ssn_last4(self) -> str | None:
        return self.row.ssn_last4

    @strawberry.field
    def sex(self) -> str | None:
        return None if self.identity_only else self.row.sex

    @strawberry.field
    def gender(self) -> str | None:
        return None if self.identity_only else self.row.gender

    @strawberry.field
    def email(self) -> str | None:
        return None if self.identity_only else self.row.email

    @strawberry.field
    def phone(self) -> str | None:
        return None if self.identity_only else self.row.phone

    @strawberry.field(
        description="The language of the participant's emails, pages and application, "
        "set by the coach; used once its translation is complete (English until then). "
        "Null on an identity-only result."
    )
    def preferred_language(self) -> Language | None:  # type: ignore[valid-type]
        return None if self.identity_only else self.row.preferred_language

    @strawberry.field(
        description="The customer's records that you see, by application date, then id."
    )
    async def enrollments(self, info: Info) -> list[EnrollmentT]:
        from models.actions.access import enrollment_visible

        Enrollment = lazy_class(EnrollmentT)

        if self.identity_only:
            return []
        viewer = info.context.staff
        assert viewer is not None
        rows = await info.context.loaders.enrollments_by_customer.load(self.row.id)
        return [Enrollment(row=r) for r in rows if enrollment_visible(viewer, r, True)]

    @strawberry.field(description="The customer's documents, newest first.")
    async def documents(self, info: Info) -> list[DocumentT]:
        from schema.documents.types import Document

        if self.identity_only:
            return []
        rows = await info.context.loaders.documents.load(self.row.id)
        return [Document(row=r) for r in rows]

    @strawberry.field(description="Prosperity budgets, newest first.")
    async def budgets(self, info: Info) -> list[BudgetT]:
        from schema.documents.types import ProsperityBudget

        if self.identity_only:
            return []
        rows = await info.context.loaders.budgets.load(self.row.id)
        return [ProsperityBudget(row=r) for r in rows]

    @strawberry.field(
        description="Participant links sent or created for this customer, newest first."
    )
    async def links(self, info: Info) -> list[LinkT]:
        from schema.documents.types import ParticipantLink

        if self.identity_only:
            return []
        rows = await info.context.loaders.links.load(self.row.id)
        return [ParticipantLink(row=r) for r in rows]


@strawberry.type(description="A customer in a list, with its cursor.")
class CustomerEdge:
    cursor: str = strawberry.field(description="Opaque; pass as `after` to continue after it.")
    node: Customer = strawberry.field(description="The customer.")


@strawberry.type(description="A page of customers.")
class CustomerConnection:
    edges: list[CustomerEdge] = strawberry.field(description="This page, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many customers the whole list holds (every page).")
    async def total_count(self) -> int:
        return await self.count()


async def customer_for(info: Info, customer_id: int) -> Customer:
    """A customer row as the viewer may see it: full or identity-only (R-ACL-1/2)."""
    row = await info.context.loaders.customer.load(customer_id)
    assert row is not None
    visible = await info.context.loaders.visible_customer.load(customer_id)
    return Customer(row=row, identity_only=not visible)


@strawberry.type(description="The answer to customerCreate and customerUpdate.")
class CustomerPayload:
    customer: Customer | None = strawberry.field(description="The customer; null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")
