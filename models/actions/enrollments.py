"""Program records and RA records (R-ENR-1..6): creating them, with the Registration
controls imported from the customer's most recent active enrollment (R-ENR-5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from models import clock
from models.actions import audit
from models.actions.outbox import unit_of_work
from models.customers import Customer
from models.enrollments import Enrollment, Registration
from models.rules.dates import not_in_future
from models.rules.enums import ErrorCode, ProgramStatus, ProviderKind
from models.rules.errors import Violation
from models.rules.referral import referral_create_violations
from models.staff import Provider, ReferralRoute, Staff

IMPORTED_CONTROLS = (
    "address_street",
    "address_unit",
    "address_city",
    "address_state",
    "address_zip",
    "phones",
    "email",
    "ethnicity",
    "race",
    "other_demographics",
    "employment_characteristics",
    "employment_status",
    "public_assistance",
)
"""The Registration controls R-ENR-5 copies; never Other Funding Source, Six Month Income
or Other Rent Assistance Information."""


async def imported_controls(customer: Customer) -> dict[str, Any]:
    """The controls of the customer's most recent active enrollment (R-ENR-5); with none,
    the customer's own email and phone."""
    latest = (
        await Enrollment.filter(customer_id=customer.id, program_status=ProgramStatus.OPEN)
        .order_by("-application_date", "-id")
        .first()
    )
    source = None if latest is None else await Registration.get_or_none(enrollment_id=latest.id)
    if source is None:
        return {"email": customer.email, "phones": [customer.phone] if customer.phone else []}
    return {name: getattr(source, name) for name in IMPORTED_CONTROLS}


async def _create_with_registration(
    *, staff: Staff, customer: Customer, provider: Provider, application_date: date, is_ra: bool
) -> Enrollment:
    controls = await imported_controls(customer)
    row = await Enrollment.create(
        customer=customer,
        provider=provider,
        is_ra=is_ra,
        customer_of=staff,
        referred_by=staff if is_ra else None,
        application_date=application_date,
        created_by=staff,
    )
    registration = await Registration.create(enrollment=row, **controls)
    kind = "RA record" if is_ra else "program record"
    await audit.record(
        actor_id=staff.id,
        action="referral.create" if is_ra else "enrollment.create",
        entity="Enrollment",
        entity_id=row.id,
        after={
            "kind": kind,
            "customer_id": customer.id,
            "provider_id": provider.id,
            "customer_of_id": staff.id,
            "referred_by_id": staff.id if is_ra else None,
            "application_date": application_date,
        },
    )
    await audit.record(
        actor_id=staff.id,
        action="registration.import",
        entity="Registration",
        entity_id=registration.id,
        after=controls,
    )
    return row


async def create_program_record(
    *, staff: Staff, customer: Customer, provider_id: int | None, application_date: date
) -> tuple[Enrollment | None, list[Violation]]:
    """Open a program record for a customer at the coach's own agency (R-ENR-1, R-GEN-1)."""
    violations = []
    provider = None if provider_id is None else await Provider.get_or_none(id=provider_id)
    if (
        provider is None
        or provider.id != staff.provider_id  # type: ignore[attr-defined]
        or provider.kind is not ProviderKind.PROGRAM
    ):
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "A coach opens program records only at their own agency; RA records are "
                "created with referralCreate (R-ENR-1)",
                "input.providerId",
            )
        )
    future = not_in_future(
        application_date, clock.today(), "input.applicationDate", what="The application date"
    )
    if future is not None:
        violations.append(future)
    if violations or provider is None:
        return None, violations
    async with unit_of_work():
        row = await _create_with_registration(
            staff=staff,
            customer=customer,
            provider=provider,
            application_date=application_date,
            is_ra=False,
        )
    return row, []


async def _last_ra_exit(customer_id: int) -> tuple[ProgramStatus, date] | None:
    last = (
        await Enrollment.filter(
            customer_id=customer_id,
            is_ra=True,
            program_status__in=[ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT],
            exit_date__isnull=False,
        )
        .order_by("-exit_date", "-id")
        .first()
    )
    if last is None or last.exit_date is None:
        return None
    return last.program_status, last.exit_date


async def create_referral(
    *, staff: Staff, customer: Customer, hub_id: int | None, application_date: date
) -> tuple[Enrollment | None, list[Violation]]:
    """Create the RA record: Customer Of and Referred By are the coach, the hub routed for
    the coach's agency, one open RA record per customer, the 90-day rule, and the
    R-ENR-5 import (R-ENR-1..6)."""
    agency_id = staff.provider_id  # type: ignore[attr-defined]
    async with unit_of_work():
        # serialises concurrent referrals of one customer (PostgreSQL)
        await Customer.filter(id=customer.id).select_for_update().first()
        hub = (
            None
            if hub_id is None
            else await Provider.get_or_none(id=hub_id, kind=ProviderKind.RENT_ASSISTANCE_HUB)
        )
        routed = (
            hub is not None
            and await ReferralRoute.filter(agency_id=agency_id, hub_id=hub.id).exists()
        )
        open_records = Enrollment.filter(customer_id=customer.id, program_status=ProgramStatus.OPEN)
        violations = referral_create_violations(
            has_open_program_record_at_agency=await open_records.filter(
                is_ra=False, provider_id=agency_id
            ).exists(),
            hub_routed=routed,
            application_date=application_date,
            today=clock.today(),
            has_open_ra_record=await open_records.filter(is_ra=True).exists(),
            last_ra_exit=await _last_ra_exit(customer.id),
        )
        if violations or hub is None:
            return None, violations
        row = await _create_with_registration(
            staff=staff,
            customer=customer,
            provider=hub,
            application_date=application_date,
            is_ra=True,
        )
    return row, []
