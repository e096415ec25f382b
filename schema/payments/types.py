"""Payment plans and payments (R-PAY)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from models import payments as m
from schema.enums import OutcomeHousingStatus
from schema.ids import Node, global_id
from schema.stamps import Stamped, Stamps


@strawberry.type(description="A Payment and Services Plan for one funding source (R-PAY-2).")
class PaymentPlan(Node, Stamped):
    row: strawberry.Private[m.PaymentPlan]

    def stamps(self) -> Stamps:
        r = self.row
        return Stamps(r.created_at, r.created_by_id, r.modified_at, r.modified_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("PaymentPlan", self.row.id)

    @strawberry.field
    def funding_source(self) -> str:
        return self.row.funding_source

    @strawberry.field
    def payment_types(self) -> list[str]:
        return list(self.row.payment_types or [])

    @strawberry.field
    def start_date(self) -> dt.date:
        return self.row.start_date

    @strawberry.field
    def target_end_date(self) -> dt.date:
        return self.row.target_end_date

    @strawberry.field
    def end_date(self) -> dt.date | None:
        return self.row.end_date

    @strawberry.field(description="Never RECEIVED_RA_AGAIN.")
    def housing_status_at_funding_end(self) -> OutcomeHousingStatus | None:  # type: ignore[valid-type]
        return self.row.housing_status_at_funding_end


@strawberry.type(description="A rent payment (R-PAY-3).")
class Payment(Node, Stamped):
    row: strawberry.Private[m.Payment]

    def stamps(self) -> Stamps:
        r = self.row
        return Stamps(r.created_at, r.entered_by_id, r.modified_at, r.modified_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("Payment", self.row.id)

    @strawberry.field
    def paid_on(self) -> dt.date:
        return self.row.paid_on

    @strawberry.field
    def amount(self) -> Decimal:
        return self.row.amount

    @strawberry.field(description='"YYYY-MM".')
    def for_month(self) -> str:
        return self.row.for_month

    @strawberry.field
    def funding_source(self) -> str:
        return self.row.funding_source

    @strawberry.field
    def payment_type(self) -> str:
        return self.row.payment_type

    @strawberry.field(description="Total paid went above the amount requested (R-PAY-4).")
    def over_requested(self) -> bool:
        return self.row.over_requested
