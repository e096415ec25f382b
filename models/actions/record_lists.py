"""The filters of the lists that screens are built on: a coach's caseload and referrals
and the hub's queue (issue 12 §3). Each is the SQL form of a rule that lives in
models/rules, fed with the same cut-off dates, so that a list and a record's own
`stage` or deadline never disagree: the stage (R-REF-1, R-REF-2, R-SVC-4, R-OUT-1), the
45-day review window (R-REF-2), the currency of plans and budgets (R-DOC-5).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from tortoise.expressions import Q, Subquery

from models import clock
from models.customers import Customer, Document, ProsperityBudget
from models.enrollments import Enrollment, Registration
from models.rules.customers import identifier_search, search_terms
from models.rules.enums import DocumentType, ProgramStatus, ReferralStage
from models.rules.hub import queue_stage_condition
from models.rules.referral import current_window, latest_application_due_by
from models.staff import Staff

MAX_DUE_WITHIN_DAYS = 366


class CustomerOfFilter(StrEnum):
    """Whose records a hub staff member lists (R-ENR-2)."""

    ME = "ME"  # Customer Of is the signed-in staff member
    UNASSIGNED = "UNASSIGNED"  # Customer Of is nobody of the hub yet (still the coach)


def _ready(today: date) -> Q:
    """R-REF-1 holds on `today`: Registered By signed, the application signed for this
    record, a current Career Plan and a current budget (the facts of referral_stage)."""
    tomorrow = clock.start_of_day(today + timedelta(days=1))
    since, until = current_window(today)
    signed = Registration.filter(registered_on__lte=today).values("enrollment_id")
    applications = Document.filter(
        type=DocumentType.RENT_ASSISTANCE_APPLICATION,
        enrollment_id__isnull=False,
        uploaded_at__lt=tomorrow,
    ).values("enrollment_id")
    plans = Document.filter(
        type=DocumentType.INDIVIDUAL_PLAN,
        uploaded_at__gte=clock.start_of_day(since),
        uploaded_at__lt=tomorrow,
    ).values("customer_id")
    budgets = ProsperityBudget.filter(saved_on__gte=since, saved_on__lte=until).values(
        "customer_id"
    )
    return Q(
        Q(id__in=Subquery(signed)),
        Q(id__in=Subquery(applications)),
        Q(customer_id__in=Subquery(plans)),
        Q(customer_id__in=Subquery(budgets)),
        join_type="AND",
    )


def _stage(stage: ReferralStage, today: date) -> Q:
    """One RA record stage as a filter on Enrollment (referral_stage, in SQL)."""
    cond = queue_stage_condition(stage)
    if cond is not None:  # SENT and later: stored columns decide
        q = Q(is_ra=True)
        if cond.open is not None:
            status = Q(program_status=ProgramStatus.OPEN)
            q &= status if cond.open else ~status
        if cond.accepted is not None:
            q &= Q(review_date__isnull=not cond.accepted)
        if cond.fully_enrolled is not None:
            q &= Q(fully_enrolled=cond.fully_enrolled)
        if stage is ReferralStage.SENT:
            q &= Q(sent_at__isnull=False)
        return q
    unsent = Q(
        is_ra=True,
        program_status=ProgramStatus.OPEN,
        fully_enrolled=False,
        review_date__isnull=True,
        sent_at__isnull=True,
    )
    ready = _ready(today)
    return Q(unsent, ready) if stage is ReferralStage.READY else Q(unsent, ~ready)


def stage_filter(stages: Iterable[ReferralStage], today: date) -> Q:
    """RA records at any of `stages` on `today`."""
    wanted = list(dict.fromkeys(stages))
    if not wanted:
        return Q(id__in=[])
    return Q(*(_stage(s, today) for s in wanted), join_type="OR")


def due_within(days: int, today: date) -> Q:
    """Open RA records not yet accepted whose 45-day review deadline (R-REF-2) falls
    within `days` days of today, or has passed (still awaiting the 45-day sweep)."""
    return Q(
        is_ra=True,
        program_status=ProgramStatus.OPEN,
        review_date__isnull=True,
        application_date__lte=latest_application_due_by(today + timedelta(days=days)),
    )


def referred_by_agency(agency_id: int | None) -> Q:
    """RA records referred by a coach of the agency (R-ENR-1, R-SVC-8)."""
    coaches = Staff.filter(provider_id=agency_id).values("id")
    return Q(is_ra=True, referred_by_id__in=Subquery(coaches))


def customer_of(which: CustomerOfFilter, staff: Staff) -> Q:
    """Records whose Customer Of is the staff member, or nobody of their hub (R-ENR-2)."""
    if which is CustomerOfFilter.ME:
        return Q(customer_of_id=staff.id)
    colleagues = Staff.filter(provider_id=staff.provider_id).values("id")  # type: ignore[attr-defined]
    return ~Q(customer_of_id__in=Subquery(colleagues))


def customers_matching(search: str) -> Q:
    """Customers whose customer ID is the text (when it has that form) or whose name
    holds every word of it (no identity-only results: a filter within visible rows)."""
    terms = search_terms(search)
    if not terms:
        return Q()
    by_name = Q(*(Q(search_name__contains=t) for t in terms), join_type="AND")
    exact = identifier_search(search).customer_id
    return by_name | Q(customer_id=exact) if exact is not None else by_name


def record_of_customers(search: str) -> Q:
    """Records whose customer matches a search by customer ID or name."""
    return Q(customer_id__in=Subquery(Customer.filter(customers_matching(search)).values("id")))


def customers_with_records(records: Q) -> Q:
    """Customers with at least one record matching `records`."""
    return Q(id__in=Subquery(Enrollment.filter(records).values("customer_id")))
