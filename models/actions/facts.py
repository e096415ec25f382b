"""Facts for the pure rules, built from rows: the one place that turns database rows
into the frozen dataclasses models/rules decides on. The GraphQL surface passes rows
it got from DataLoaders; actions use the `load_*` functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from models import clock
from models.customers import Document, ProsperityBudget
from models.enrollments import Enrollment, FundingSourceEntry, Registration
from models.reference import IncomeLimit
from models.rules.enums import DocumentType, EmploymentCharacteristic
from models.rules.income import IncomeLimit as IncomeLimitFact
from models.rules.income import mfi_in_force
from models.rules.referral import ReferralFacts
from models.rules.registration import RegistrationFacts


def mfi_for(limits: Iterable[IncomeLimit], on: date) -> Decimal | None:
    """The MFI in force on a date (R-REG-3)."""
    return mfi_in_force(
        (IncomeLimitFact(r.effective_from, r.median_family_income) for r in limits), on
    )


def registration_facts(
    enrollment: Enrollment,
    registration: Registration | None,
    funding_sources: Sequence[FundingSourceEntry],
    limits: Iterable[IncomeLimit],
) -> RegistrationFacts:
    """The Registration tab as the rules see it."""
    r = registration
    return RegistrationFacts(
        resides_in_service_area=r.resides_in_service_area if r else None,
        other_funding_source_count=len(funding_sources),
        household_size=r.household_size if r else None,
        household_income=r.household_income if r else None,
        income_documentation=r.income_documentation if r else None,
        adults_in_household=r.adults_in_household if r else None,
        children_in_household=r.children_in_household if r else None,
        total_amount_requested=r.total_amount_requested if r else None,
        months_needed=r.months_needed if r else None,
        housing_type=r.housing_type if r else None,
        plan_to_pay_rent=r.plan_to_pay_rent if r else None,
        source_of_income=r.source_of_income if r else None,
        past_property_debt=r.past_property_debt if r else None,
        past_property_debt_details=r.past_property_debt_details if r else None,
        credit_debt=r.credit_debt if r else None,
        credit_debt_details=r.credit_debt_details if r else None,
        eviction_history=r.eviction_history if r else None,
        eviction_history_details=r.eviction_history_details if r else None,
        criminal_history=r.criminal_history if r else None,
        criminal_history_details=r.criminal_history_details if r else None,
        documentation_of_need=r.documentation_of_need if r else None,
        employment_characteristics=frozenset(
            EmploymentCharacteristic(c) for c in (r.employment_characteristics if r else [])
        ),
        mfi=mfi_for(limits, enrollment.application_date),
    )


def referral_facts(
    enrollment: Enrollment,
    registration: Registration | None,
    documents: Iterable[Document],
    budgets: Iterable[ProsperityBudget],
) -> ReferralFacts:
    """An RA record as R-REF-1/2 and the stage see it."""
    docs = list(documents)
    signed = [
        clock.local_date(d.uploaded_at)
        for d in docs
        if d.type is DocumentType.RENT_ASSISTANCE_APPLICATION and d.enrollment_id == enrollment.id  # type: ignore[attr-defined]
    ]
    return ReferralFacts(
        application_date=enrollment.application_date,
        registered_on=registration.registered_on if registration else None,
        application_signed_on=min(signed) if signed else None,
        career_plan_dates=tuple(
            clock.local_date(d.uploaded_at) for d in docs if d.type is DocumentType.INDIVIDUAL_PLAN
        ),
        budget_dates=tuple(b.saved_on for b in budgets),
        sent_at=enrollment.sent_at,
        review_date=enrollment.review_date,
        program_status=enrollment.program_status,
        fully_enrolled=enrollment.fully_enrolled,
        participation_date=enrollment.participation_date,
    )


async def load_registration_facts(enrollment: Enrollment) -> RegistrationFacts:
    """registration_facts, read from the database (actions)."""
    registration = await Registration.get_or_none(enrollment_id=enrollment.id)
    sources = await FundingSourceEntry.filter(enrollment_id=enrollment.id)
    return registration_facts(enrollment, registration, sources, await IncomeLimit.all())


async def load_referral_facts(enrollment: Enrollment) -> ReferralFacts:
    """referral_facts, read from the database (actions)."""
    customer_id = enrollment.customer_id  # type: ignore[attr-defined]
    return referral_facts(
        enrollment,
        await Registration.get_or_none(enrollment_id=enrollment.id),
        await Document.filter(customer_id=customer_id),
        await ProsperityBudget.filter(customer_id=customer_id),
    )
