"""Documents, participant links and Prosperity budgets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import customers as m
from models.config import get_settings
from schema.context import Info
from schema.enums import DocumentType, LinkPurpose
from schema.errors import MutationError
from schema.ids import Node, global_id
from schema.lazy import lazy_class
from schema.staff.types import Staff, load_staff
from schema.stamps import Stamped, Stamps

if TYPE_CHECKING:
    from schema.enrollments.types import Enrollment

EnrollmentT = Annotated["Enrollment", strawberry.lazy("schema.enrollments.types")]


async def record_for(info: Info, enrollment_id: int | None) -> EnrollmentT | None:
    """A customer's document's or link's record, if the viewer sees it (R-ACL-1)."""
    from models.actions.access import enrollment_visible

    if enrollment_id is None:
        return None
    row = await info.context.loaders.enrollment.load(enrollment_id)
    viewer = info.context.staff
    if row is None or viewer is None or not enrollment_visible(viewer, row, True):
        return None
    return lazy_class(EnrollmentT)(row=row)


@strawberry.type(description="An uploaded document (R-DOC-1).")
class Document(Node, Stamped):
    row: strawberry.Private[m.Document]

    def stamps(self) -> Stamps:
        r = self.row
        return Stamps(r.uploaded_at, r.uploaded_by_id, r.modified_at, r.modified_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("Document", self.row.id)

    @strawberry.field
    def type(self) -> DocumentType:  # type: ignore[valid-type]
        return self.row.type

    @strawberry.field
    def file_name(self) -> str:
        return self.row.file_name

    @strawberry.field(description="application/pdf, image/jpeg or image/png.")
    def content_type(self) -> str:
        return self.row.content_type

    @strawberry.field
    def uploaded_at(self) -> dt.datetime:
        return self.row.uploaded_at

    @strawberry.field(description="Null when the participant uploaded it through a link.")
    async def uploaded_by(self, info: Info) -> Staff | None:
        return await load_staff(info, self.row.uploaded_by_id)  # type: ignore[attr-defined]

    @strawberry.field(
        description="The record it was requested or signed for (a signed application names "
        "its RA record, R-DOC-5); null when it belongs to the customer only or you do not "
        "see that record (R-ACL-1)."
    )
    async def enrollment(self, info: Info) -> EnrollmentT | None:
        return await record_for(info, self.row.enrollment_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Served only to staff allowed to see the customer.")
    def download_url(self) -> str:
        base = get_settings().public_base_url.rstrip("/")
        return f"{base}/documents/{self.row.id}"


@strawberry.type(description="A signed, expiring, single-use link (R-DOC-2, R-DOC-4).")
class ParticipantLink(Node):
    row: strawberry.Private[m.ParticipantLink]
    url: str | None = strawberry.field(
        default=None,
        description="Returned only for DEVICE_UPLOAD, once, when created; never for links "
        "sent to participants.",
    )

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("ParticipantLink", self.row.id)

    @strawberry.field
    def purpose(self) -> LinkPurpose:  # type: ignore[valid-type]
        return self.row.purpose

    @strawberry.field
    def document_type(self) -> DocumentType:  # type: ignore[valid-type]
        return self.row.document_type

    @strawberry.field(description="The participant's email; null for DEVICE_UPLOAD.")
    def sent_to(self) -> str | None:
        return self.row.sent_to

    @strawberry.field(
        description="The record the link was sent for (a signature request names its RA "
        "record, R-DOC-4); null for a customer's document request or a record you do not see."
    )
    async def enrollment(self, info: Info) -> EnrollmentT | None:
        return await record_for(info, self.row.enrollment_id)  # type: ignore[attr-defined]

    @strawberry.field
    def expires_at(self) -> dt.datetime:
        return self.row.expires_at

    @strawberry.field
    def used_at(self) -> dt.datetime | None:
        return self.row.used_at


@strawberry.type
class BudgetLine:
    label: str
    amount: Decimal
    is_income: bool


@strawberry.type(description="A Prosperity budget (R-DOC-5).")
class ProsperityBudget(Node):
    row: strawberry.Private[m.ProsperityBudget]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("ProsperityBudget", self.row.id)

    @strawberry.field
    def saved_on(self) -> dt.date:
        return self.row.saved_on

    @strawberry.field
    async def monthly_income(self, info: Info) -> Decimal:
        lines = await info.context.loaders.budget_lines.load(self.row.id)
        return sum((line.amount for line in lines if line.is_income), Decimal("0.00"))

    @strawberry.field
    async def monthly_expenses(self, info: Info) -> Decimal:
        lines = await info.context.loaders.budget_lines.load(self.row.id)
        return sum((line.amount for line in lines if not line.is_income), Decimal("0.00"))

    @strawberry.field
    async def lines(self, info: Info) -> list[BudgetLine]:
        rows = await info.context.loaders.budget_lines.load(self.row.id)
        return [BudgetLine(label=r.label, amount=r.amount, is_income=r.is_income) for r in rows]


@strawberry.type(description="The answer to budgetSave.")
class BudgetPayload:
    budget: ProsperityBudget | None = strawberry.field(description="The budget; null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")
