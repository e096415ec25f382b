"""Per-request DataLoaders: every relation resolves through one of these, so a list
query issues the same number of SQL statements whatever its length (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from models.actions.access import visible_customers
from models.customers import BudgetLine, Customer, Document, ParticipantLink, ProsperityBudget
from models.enrollments import Enrollment, FundingSourceEntry, Registration
from models.payments import Outcome, Payment, PaymentPlan
from models.reference import IncomeLimit
from models.services import CaseNote, HousingStatusEntry, Service
from models.staff import Provider, Staff

M = TypeVar("M", bound=Model)


def by_id(model: type[M]) -> DataLoader[int, M | None]:
    """Rows by primary key (None for a missing one)."""

    async def load(keys: Sequence[int]) -> list[M | None]:
        rows = {row.pk: row for row in await model.filter(pk__in=list(set(keys)))}
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


def by_fk(model: type[M], fk: str, *order: str) -> DataLoader[int, list[M]]:
    """Rows grouped by a foreign key column (e.g. services by enrollment_id)."""

    async def load(keys: Sequence[int]) -> list[list[M]]:
        grouped: dict[Any, list[M]] = defaultdict(list)
        query = model.filter(**{f"{fk}__in": list(set(keys))})
        for row in await query.order_by(*(order or ("pk",))):
            grouped[getattr(row, fk)].append(row)
        return [grouped.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def one_by_fk(model: type[M], fk: str) -> DataLoader[int, M | None]:
    """The one row per foreign key (one-to-one)."""

    async def load(keys: Sequence[int]) -> list[M | None]:
        rows = {getattr(r, fk): r for r in await model.filter(**{f"{fk}__in": list(set(keys))})}
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """Created lazily, one set per request, for the signed-in staff member."""

    def __init__(self, staff: Staff | None = None) -> None:
        self.viewer = staff
        self._income_limits: list[IncomeLimit] | None = None

    @cached_property
    def provider(self) -> DataLoader[int, Provider | None]:
        return by_id(Provider)

    @cached_property
    def staff(self) -> DataLoader[int, Staff | None]:
        return by_id(Staff)

    @cached_property
    def customer(self) -> DataLoader[int, Customer | None]:
        return by_id(Customer)

    @cached_property
    def enrollment(self) -> DataLoader[int, Enrollment | None]:
        return by_id(Enrollment)

    @cached_property
    def service(self) -> DataLoader[int, Service | None]:
        return by_id(Service)

    @cached_property
    def enrollments_by_customer(self) -> DataLoader[int, list[Enrollment]]:
        return by_fk(Enrollment, "customer_id", "application_date", "id")

    @cached_property
    def registration(self) -> DataLoader[int, Registration | None]:
        return one_by_fk(Registration, "enrollment_id")

    @cached_property
    def funding_sources(self) -> DataLoader[int, list[FundingSourceEntry]]:
        return by_fk(FundingSourceEntry, "enrollment_id", "position")

    @cached_property
    def services(self) -> DataLoader[int, list[Service]]:
        return by_fk(Service, "enrollment_id", "start_date", "id")

    @cached_property
    def copies(self) -> DataLoader[int, list[Service]]:
        return by_fk(Service, "copied_from_id", "id")

    @cached_property
    def housing_statuses(self) -> DataLoader[int, list[HousingStatusEntry]]:
        return by_fk(HousingStatusEntry, "enrollment_id", "-start_date", "-id")

    @cached_property
    def case_notes(self) -> DataLoader[int, list[CaseNote]]:
        return by_fk(CaseNote, "enrollment_id", "-written_at", "-id")

    @cached_property
    def payment_plans(self) -> DataLoader[int, list[PaymentPlan]]:
        return by_fk(PaymentPlan, "enrollment_id", "start_date", "id")

    @cached_property
    def payments(self) -> DataLoader[int, list[Payment]]:
        return by_fk(Payment, "enrollment_id", "paid_on", "id")

    @cached_property
    def outcomes(self) -> DataLoader[int, list[Outcome]]:
        return by_fk(Outcome, "enrollment_id", "type")

    @cached_property
    def documents(self) -> DataLoader[int, list[Document]]:
        return by_fk(Document, "customer_id", "-uploaded_at", "-id")

    @cached_property
    def documents_by_enrollment(self) -> DataLoader[int, list[Document]]:
        return by_fk(Document, "enrollment_id", "-uploaded_at", "-id")

    @cached_property
    def links(self) -> DataLoader[int, list[ParticipantLink]]:
        return by_fk(ParticipantLink, "customer_id", "-created_at", "-id")

    @cached_property
    def budgets(self) -> DataLoader[int, list[ProsperityBudget]]:
        return by_fk(ProsperityBudget, "customer_id", "-saved_on", "-id")

    @cached_property
    def budget_lines(self) -> DataLoader[int, list[BudgetLine]]:
        return by_fk(BudgetLine, "budget_id", "position")

    @cached_property
    def visible_customer(self) -> DataLoader[int, bool]:
        """Whether the signed-in staff member sees a customer in full (R-ACL-1)."""
        viewer = self.viewer

        async def load(keys: Sequence[int]) -> list[bool]:
            if viewer is None:
                return [False for _ in keys]
            seen = set(
                await Customer.filter(
                    visible_customers(viewer), id__in=list(set(keys))
                ).values_list("id", flat=True)
            )
            return [k in seen for k in keys]

        return DataLoader(load_fn=load)

    async def income_limits(self) -> list[IncomeLimit]:
        """Every income limit, read once per request."""
        if self._income_limits is None:
            self._income_limits = list(await IncomeLimit.all().order_by("effective_from"))
        return self._income_limits
