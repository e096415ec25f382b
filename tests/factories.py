"""Rows for tests, written straight through the ORM so that a test of one capability
does not depend on another's mutations. States follow the rules: a `complete`
registration passes R-REG-1, a `sent` record meets R-REF-1, and so on."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from models.customers import BudgetLine, Customer, Document, ProsperityBudget
from models.enrollments import Enrollment, FundingSourceEntry, Registration
from models.rules.customers import search_name
from models.rules.enums import (
    DocumentationOfNeed,
    DocumentType,
    EmploymentCharacteristic,
    HousingType,
    ServiceType,
)
from models.services import Service
from models.staff import Provider, Staff


async def staff(email: str) -> Staff:
    return await Staff.get(email=email)


async def customer(
    coach: Staff, *, first: str = "Ana", last: str = "Pérez", **kw: object
) -> Customer:
    row = await Customer.create(
        legal_first_name=first,
        legal_last_name=last,
        date_of_birth=kw.pop("date_of_birth", date(1990, 4, 5)),
        ssn_last4=kw.pop("ssn_last4", "1234"),
        email=kw.pop("email", f"{first.lower()}.{secrets.token_hex(3)}@example.org"),
        search_name=search_name(first, last),
        created_by_provider_id=coach.provider_id,  # type: ignore[attr-defined]
        **kw,
    )
    row.customer_id = str(2_000_000 + row.id)
    await row.save(update_fields=["customer_id"])
    return row


async def program_record(cust: Customer, coach: Staff, *, application_date: date) -> Enrollment:
    row = await Enrollment.create(
        customer=cust,
        provider_id=coach.provider_id,  # type: ignore[attr-defined]
        is_ra=False,
        customer_of=coach,
        application_date=application_date,
        created_by=coach,
    )
    await Registration.create(
        enrollment=row,
        employment_characteristics=[EmploymentCharacteristic.HOMELESS.value],
        phones=["503-555-0100"],
    )
    return row


async def coaching(
    enrollment: Enrollment, coach: Staff, on: date, type: ServiceType = ServiceType.CAREER_COACHING
) -> Service:
    return await Service.create(
        enrollment=enrollment, type=type, start_date=on, end_date=on, entered_by=coach
    )


async def hub_of(coach: Staff) -> Provider:
    from models.staff import ReferralRoute

    route = await ReferralRoute.filter(agency_id=coach.provider_id).first()  # type: ignore[attr-defined]
    assert route is not None
    return await Provider.get(id=route.hub_id)  # type: ignore[attr-defined]


async def ra_record(
    cust: Customer,
    coach: Staff,
    *,
    application_date: date,
    complete: bool = True,
    hub: Provider | None = None,
) -> Enrollment:
    """An RA record; with `complete`, a registration that passes R-REG-1 and is signed."""
    hub = hub or await hub_of(coach)
    row = await Enrollment.create(
        customer=cust,
        provider=hub,
        is_ra=True,
        customer_of=coach,
        referred_by=coach,
        application_date=application_date,
        created_by=coach,
    )
    fields: dict[str, object] = {
        "employment_characteristics": [EmploymentCharacteristic.HOUSING_INSECURE.value],
    }
    if complete:
        fields.update(
            resides_in_service_area=True,
            household_size=3,
            household_income=Decimal("9000.00"),
            income_documentation="Customer Attestation",
            adults_in_household=1,
            children_in_household=2,
            total_amount_requested=Decimal("3200.00"),
            months_needed=3,
            housing_type=HousingType.HOMELESS_PREVENTION,
            plan_to_pay_rent="Earned income",
            source_of_income="Work",
            past_property_debt=False,
            credit_debt=False,
            eviction_history=False,
            criminal_history=False,
            documentation_of_need=DocumentationOfNeed.PROSPERITY_BUDGET,
            registered_by=coach,
            registered_on=application_date,
        )
        await FundingSourceEntry.create(
            enrollment=row, position=0, date=application_date, funding_source="EOP Portland"
        )
    await Registration.create(enrollment=row, **fields)
    return row


def _at(day: date) -> datetime:
    return datetime.combine(day, time(18, 0), tzinfo=UTC)


async def document(
    cust: Customer,
    type: DocumentType,
    on: date,
    *,
    enrollment: Enrollment | None = None,
    by: Staff | None = None,
) -> Document:
    key = secrets.token_hex(16)
    return await Document.create(
        customer=cust,
        enrollment=enrollment,
        type=type,
        file_name=f"{type.value.lower()}.pdf",
        content_type="application/pdf",
        storage_key=key,
        size=100,
        sha256=hashlib.sha256(key.encode()).hexdigest(),
        uploaded_at=_at(on),
        uploaded_by=by,
    )


async def budget(cust: Customer, coach: Staff, on: date) -> ProsperityBudget:
    row = await ProsperityBudget.create(customer=cust, saved_on=on, saved_by=coach)
    await BudgetLine.create(
        budget=row, position=0, label="Wages", amount=Decimal("1500.00"), is_income=True
    )
    await BudgetLine.create(
        budget=row, position=1, label="Rent", amount=Decimal("1100.00"), is_income=False
    )
    return row


async def ready_referral(
    coach: Staff, *, application_date: date, cust: Customer | None = None
) -> Enrollment:
    """A customer with a program record, coaching, and an RA record meeting R-REF-1."""
    cust = cust or await customer(coach)
    program = await program_record(cust, coach, application_date=application_date - timedelta(30))
    await coaching(program, coach, application_date - timedelta(10))
    ra = await ra_record(cust, coach, application_date=application_date)
    await document(cust, DocumentType.INDIVIDUAL_PLAN, application_date, by=coach)
    await document(
        cust, DocumentType.RENT_ASSISTANCE_APPLICATION, application_date, enrollment=ra, by=coach
    )
    await budget(cust, coach, application_date)
    return ra


async def sent_referral(
    coach: Staff, *, application_date: date, cust: Customer | None = None
) -> Enrollment:
    ra = await ready_referral(coach, application_date=application_date, cust=cust)
    ra.sent_at = _at(application_date)
    await ra.save(update_fields=["sent_at"])
    return ra


async def accepted_referral(
    coach: Staff, hub_staff: Staff, *, application_date: date, review_date: date | None = None
) -> Enrollment:
    ra = await sent_referral(coach, application_date=application_date)
    ra.review_date = review_date or application_date + timedelta(days=3)
    ra.reviewed_by = hub_staff
    await ra.save(update_fields=["review_date", "reviewed_by_id"])
    return ra


async def enrolled_record(
    coach: Staff, hub_staff: Staff, *, application_date: date, participation: date | None = None
) -> Enrollment:
    """Accepted, a Homeless Prevention service, and a coaching service copied in (R-SVC-4)."""
    ra = await accepted_referral(coach, hub_staff, application_date=application_date)
    start = participation or ra.review_date
    assert start is not None
    await Service.create(
        enrollment=ra,
        type=ServiceType.HOMELESS_PREVENTION,
        start_date=start,
        end_date=start,
        entered_by=hub_staff,
    )
    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    original = await coaching(program, coach, start)
    await Service.create(
        enrollment=ra,
        type=original.type,
        start_date=start,
        end_date=start,
        copied_from=original,
        entered_by=coach,
    )
    ra.participation_date = start
    ra.lq_fund_service_date = start
    ra.housing_type_received = HousingType.HOMELESS_PREVENTION
    ra.fully_enrolled = True
    await ra.save(
        update_fields=[
            "participation_date",
            "lq_fund_service_date",
            "housing_type_received",
            "fully_enrolled",
        ]
    )
    return ra
