"""Enrollments: program records and RA records, with the referral checklist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import clock
from models import enrollments as m
from models.actions.facts import referral_facts
from models.config import get_settings
from models.rules import enums
from models.rules.errors import Violation
from models.rules.referral import referral_checklist, referral_stage
from schema.context import Info
from schema.enums import HousingType, ProgramStatus, RecordKind, RecordKindValue, ReferralStage
from schema.errors import MutationError, mutation_errors
from schema.ids import Node, global_id
from schema.pagination import PageInfo
from schema.staff.types import Provider, Staff, load_provider, load_staff

if TYPE_CHECKING:
    from schema.customers.types import Customer
    from schema.documents.types import Document
    from schema.outcomes.types import Outcome
    from schema.payments.types import Payment, PaymentPlan
    from schema.registration.types import Registration
    from schema.services.types import CaseNote, HousingStatusEntry, Service

CustomerT = Annotated["Customer", strawberry.lazy("schema.customers.types")]
RegistrationT = Annotated["Registration", strawberry.lazy("schema.registration.types")]
ServiceT = Annotated["Service", strawberry.lazy("schema.services.types")]
HousingT = Annotated["HousingStatusEntry", strawberry.lazy("schema.services.types")]
CaseNoteT = Annotated["CaseNote", strawberry.lazy("schema.services.types")]
PlanT = Annotated["PaymentPlan", strawberry.lazy("schema.payments.types")]
PaymentT = Annotated["Payment", strawberry.lazy("schema.payments.types")]
OutcomeT = Annotated["Outcome", strawberry.lazy("schema.outcomes.types")]
DocumentT = Annotated["Document", strawberry.lazy("schema.documents.types")]


@strawberry.type(description="R-REF-1 evaluated today, with what has to happen next.")
class ReferralChecklist:
    registration_signed: bool
    application_signed: bool
    career_plan_current: bool
    budget_current: bool
    sent_at: dt.datetime | None
    review_deadline: dt.date | None = strawberry.field(description="Application date + 45 days.")
    next_step: str = strawberry.field(description="What the coach or hub has to do next.")


@strawberry.type(description="An enrollment: a program record or a Rent Assistance (RA) record.")
class Enrollment(Node):
    row: strawberry.Private[m.Enrollment]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("Enrollment", self.row.id)

    @strawberry.field(description="A program record or an RA record (R-ENR-1).")
    def kind(self) -> RecordKind:  # type: ignore[valid-type]
        return RecordKindValue.RA_RECORD if self.row.is_ra else RecordKindValue.PROGRAM_RECORD

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        from schema.customers.types import customer_for

        return await customer_for(info, self.row.customer_id)  # type: ignore[attr-defined]

    @strawberry.field
    async def provider(self, info: Info) -> Provider:
        return await load_provider(info, self.row.provider_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Customer Of (R-ENR-2).")
    async def customer_of(self, info: Info) -> Staff:
        staff = await load_staff(info, self.row.customer_of_id)  # type: ignore[attr-defined]
        assert staff is not None
        return staff

    @strawberry.field(description="RA records: the referring coach, for good (R-ENR-1).")
    async def referred_by(self, info: Info) -> Staff | None:
        return await load_staff(info, self.row.referred_by_id)  # type: ignore[attr-defined]

    @strawberry.field
    def application_date(self) -> dt.date:
        return self.row.application_date

    @strawberry.field(description="= registration.registeredOn.")
    async def registration_date(self, info: Info) -> dt.date | None:
        reg = await info.context.loaders.registration.load(self.row.id)
        return reg.registered_on if reg else None

    @strawberry.field
    def participation_date(self) -> dt.date | None:
        return self.row.participation_date

    @strawberry.field
    def exit_date(self) -> dt.date | None:
        return self.row.exit_date

    @strawberry.field(description="R-SVC-3.")
    def lq_fund_service_date(self) -> dt.date | None:
        return self.row.lq_fund_service_date

    @strawberry.field
    def program_status(self) -> ProgramStatus:  # type: ignore[valid-type]
        return self.row.program_status

    @strawberry.field(description="RA records only: where the referral stands.")
    async def stage(self, info: Info) -> ReferralStage | None:  # type: ignore[valid-type]
        if not self.row.is_ra:
            return None
        return referral_stage(await self._facts(info), clock.today())

    @strawberry.field(description="R-SVC-4.")
    def fully_enrolled(self) -> bool:
        return self.row.fully_enrolled

    @strawberry.field
    def housing_type_received(self) -> HousingType | None:  # type: ignore[valid-type]
        return self.row.housing_type_received

    @strawberry.field(description="Every record; Rent Assistance fields null on program records.")
    async def registration(self, info: Info) -> RegistrationT | None:
        from schema.registration.types import Registration

        reg = await info.context.loaders.registration.load(self.row.id)
        return Registration(enrollment=self.row, row=reg)

    @strawberry.field(description="RA records only: R-REF-1 evaluated today.")
    async def referral_checklist(self, info: Info) -> ReferralChecklist | None:
        if not self.row.is_ra:
            return None
        c = referral_checklist(await self._facts(info), clock.today())
        return ReferralChecklist(
            registration_signed=c.registration_signed,
            application_signed=c.application_signed,
            career_plan_current=c.career_plan_current,
            budget_current=c.budget_current,
            sent_at=self.row.sent_at,
            review_deadline=c.review_deadline,
            next_step=c.next_step,
        )

    @strawberry.field(description="RA records: the Rent Assistance Application to print (R-DOC-3).")
    def application_pdf_url(self) -> str | None:
        if not self.row.is_ra:
            return None
        base = get_settings().public_base_url.rstrip("/")
        return f"{base}/enrollments/{self.row.id}/application.pdf"

    @strawberry.field(
        description="The record's services in date order: start date, then the order entered."
    )
    async def services(self, info: Info) -> list[ServiceT]:
        from schema.services.types import Service

        return [Service(row=r) for r in await info.context.loaders.services.load(self.row.id)]

    @strawberry.field(
        description="Current Housing Status entries (R-SVC-6), newest start date first."
    )
    async def housing_statuses(self, info: Info) -> list[HousingT]:
        from schema.services.types import HousingStatusEntry

        rows = await info.context.loaders.housing_statuses.load(self.row.id)
        return [HousingStatusEntry(row=r) for r in rows]

    @strawberry.field(description="R-PAY-1.")
    def service_point_id(self) -> str | None:
        return self.row.service_point_id

    @strawberry.field(
        description="Payment and Services Plans (R-PAY-2) by start date, then the order entered."
    )
    async def payment_plans(self, info: Info) -> list[PlanT]:
        from schema.payments.types import PaymentPlan

        rows = await info.context.loaders.payment_plans.load(self.row.id)
        return [PaymentPlan(row=r) for r in rows]

    @strawberry.field(description="Payments (R-PAY-3) by payment date, then the order entered.")
    async def payments(self, info: Info) -> list[PaymentT]:
        from schema.payments.types import Payment

        return [Payment(row=r) for r in await info.context.loaders.payments.load(self.row.id)]

    @strawberry.field(description="The sum of the record's payments.")
    async def total_paid(self, info: Info) -> Decimal:
        return await self._paid(info)

    @strawberry.field(
        description="RA records: the Registration tab's total amount requested; null until entered."
    )
    async def amount_requested(self, info: Info) -> Decimal | None:
        return await self._requested(info)

    @strawberry.field(
        description="RA records: amount requested minus total paid; negative when payments went "
        "above the request (R-PAY-4); null until an amount is requested."
    )
    async def amount_remaining(self, info: Info) -> Decimal | None:
        requested = await self._requested(info)
        if requested is None:
            return None
        return requested - await self._paid(info)

    async def _paid(self, info: Info) -> Decimal:
        rows = await info.context.loaders.payments.load(self.row.id)
        return sum((p.amount for p in rows), Decimal("0.00"))

    async def _requested(self, info: Info) -> Decimal | None:
        reg = await info.context.loaders.registration.load(self.row.id)
        return reg.total_amount_requested if reg and self.row.is_ra else None

    @strawberry.field(
        description="Outcomes (R-OUT-7) in type order: At Exit, 6 Month, 12 Month Retention."
    )
    async def outcomes(self, info: Info) -> list[OutcomeT]:
        from schema.outcomes.types import Outcome

        return [Outcome(row=r) for r in await info.context.loaders.outcomes.load(self.row.id)]

    @strawberry.field(description="Case notes (R-OUT-9), newest first.")
    async def case_notes(self, info: Info) -> list[CaseNoteT]:
        from schema.services.types import CaseNote

        return [CaseNote(row=r) for r in await info.context.loaders.case_notes.load(self.row.id)]

    @strawberry.field(
        description="Documents requested or signed for this record (a signed Rent Assistance "
        "Application names its RA record, R-DOC-5), newest first."
    )
    async def documents(self, info: Info) -> list[DocumentT]:
        from schema.documents.types import Document

        rows = await info.context.loaders.documents_by_enrollment.load(self.row.id)
        return [Document(row=r) for r in rows]

    @strawberry.field(
        description="Program records: the guide's Copy To list, the customer's other open "
        "records (that you see) a coaching service can be copied into (R-SVC-1), by "
        "application date; empty on RA records."
    )
    async def copy_to(self, info: Info) -> list[Enrollment]:
        from models.actions.access import enrollment_visible

        if self.row.is_ra or self.row.program_status is not enums.ProgramStatus.OPEN:
            return []
        viewer = info.context.staff
        assert viewer is not None
        customer_id = self.row.customer_id  # type: ignore[attr-defined]
        rows = await info.context.loaders.enrollments_by_customer.load(customer_id)
        seen = await info.context.loaders.visible_customer.load(customer_id)
        return [
            Enrollment(row=r)
            for r in rows
            if r.id != self.row.id
            and r.program_status is enums.ProgramStatus.OPEN
            and enrollment_visible(viewer, r, seen)
        ]

    async def _facts(self, info: Info):  # type: ignore[no-untyped-def]
        loaders = info.context.loaders
        customer_id = self.row.customer_id  # type: ignore[attr-defined]
        return referral_facts(
            self.row,
            await loaders.registration.load(self.row.id),
            await loaders.documents.load(customer_id),
            await loaders.budgets.load(customer_id),
        )


@strawberry.type(description="A record in a list, with its cursor.")
class EnrollmentEdge:
    cursor: str = strawberry.field(description="Opaque; pass as `after` to continue after it.")
    node: Enrollment = strawberry.field(description="The record.")


@strawberry.type(description="A page of records.")
class EnrollmentConnection:
    edges: list[EnrollmentEdge] = strawberry.field(description="This page, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many records the whole list holds (every page).")
    async def total_count(self) -> int:
        return await self.count()


@strawberry.type(description="The answer to a mutation on a record.")
class EnrollmentPayload:
    enrollment: Enrollment | None = strawberry.field(description="The record; null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")

    @classmethod
    def of(cls, row: m.Enrollment | None, violations: Sequence[Violation]) -> EnrollmentPayload:
        """The changed record, or the rules it broke."""
        return cls(
            enrollment=Enrollment(row=row) if row else None, errors=mutation_errors(violations)
        )
