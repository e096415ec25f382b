"""Row-level access (R-ACL-1): the only way resolvers and actions reach a customer or
a record. A coach sees the customers their agency created or has an enrollment with;
hub staff see customers with an RA record at their hub that has been sent; contract
managers see all. Not found and not allowed look the same to the caller.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer
from tortoise.expressions import Q, Subquery

from models.config import get_settings
from models.customers import Customer
from models.enrollments import Enrollment
from models.rules.enums import Role
from models.staff import Staff


class AccessDenied(Exception):
    """Raised when a record is not visible to the staff member (or does not exist)."""

    def __init__(self, message: str = "You are not allowed to see this record (R-ACL-1).") -> None:
        super().__init__(message)
        self.message = message


def _agency_customer_ids(provider_id: int) -> Subquery:
    return Subquery(Enrollment.filter(provider_id=provider_id).values("customer_id"))


def visible_customers(staff: Staff) -> Q:
    """A filter on Customer for the customers this staff member sees in full."""
    if staff.role is Role.CONTRACT_MANAGER:
        return Q()
    if staff.role is Role.CAREER_COACH:
        return Q(created_by_provider_id=staff.provider_id) | Q(
            id__in=_agency_customer_ids(staff.provider_id)  # type: ignore[arg-type]
        )
    hub_customers = Enrollment.filter(
        provider_id=staff.provider_id, is_ra=True, sent_at__isnull=False
    ).values("customer_id")
    return Q(id__in=Subquery(hub_customers))


def visible_enrollments(staff: Staff) -> Q:
    """A filter on Enrollment: coaches see every record of a customer they see; hub
    staff only the sent RA records at their hub."""
    if staff.role is Role.CONTRACT_MANAGER:
        return Q()
    if staff.role is Role.CAREER_COACH:
        customers = Customer.filter(visible_customers(staff)).values("id")
        return Q(customer_id__in=Subquery(customers))
    return Q(provider_id=staff.provider_id, is_ra=True, sent_at__isnull=False)


def enrollment_visible(staff: Staff, row: Enrollment, customer_visible: bool) -> bool:
    """The same decision as visible_enrollments for a loaded row (nested fields)."""
    if staff.role is Role.CONTRACT_MANAGER:
        return True
    if staff.role is Role.CAREER_COACH:
        return customer_visible
    return row.provider_id == staff.provider_id and row.is_ra and row.sent_at is not None  # type: ignore[attr-defined]


def _parse_id(raw: str | int) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise AccessDenied() from None


async def access_customer(staff: Staff, customer_id: str | int) -> Customer:
    """The customer, if this staff member sees it in full; else AccessDenied."""
    row = await Customer.filter(visible_customers(staff), id=_parse_id(customer_id)).first()
    if row is None:
        raise AccessDenied()
    return row


async def access_enrollment(
    staff: Staff, enrollment_id: str | int, *, lock: bool = False
) -> Enrollment:
    """The record, if this staff member sees it; else AccessDenied. `lock` takes a row
    lock for the rest of the transaction (PostgreSQL)."""
    query = Enrollment.filter(visible_enrollments(staff), id=_parse_id(enrollment_id))
    if lock:
        query = query.select_for_update()
    row = await query.first()
    if row is None:
        raise AccessDenied()
    return row


async def customer_is_visible(staff: Staff, customer_id: int) -> bool:
    """Whether a customer is visible in full to this staff member."""
    return await Customer.filter(visible_customers(staff), id=customer_id).exists()


# --- selecting a customer found by an exact identifier (R-ACL-1) ----------------------
#
# A coach who finds another agency's customer by exact customer ID or job seeker ID sees
# the identity-check view, whose id is this signed selection token rather than the row's
# number; only that token (or a customer the coach already sees) opens a program record.
# Guessing row numbers therefore gives nobody access.

SELECTION_PREFIX = "sel."
SELECTION_MAX_AGE = 24 * 3600


def _selections() -> URLSafeTimedSerializer:
    from models.actions.links import ClockSigner

    return URLSafeTimedSerializer(
        get_settings().secret_key, salt="rent-assist.customer-selection", signer=ClockSigner
    )


def selection_id(customer_id: int) -> str:
    """The id an identity-only search result carries: signed, valid for a day."""
    return SELECTION_PREFIX + _selections().dumps(customer_id)


async def access_customer_to_enroll(
    staff: Staff, customer_id: int, selection: str | None = None
) -> Customer:
    """A customer a coach may open a program record for: one they see in full, or one
    they selected from an exact-identifier search, proved by the selection token of its
    identity-check view for this same customer; else AccessDenied (R-ACL-1)."""
    if await customer_is_visible(staff, customer_id):
        return await access_customer(staff, customer_id)
    if selection is None or len(selection) > 200:
        raise AccessDenied()
    try:
        selected = _selections().loads(
            selection.removeprefix(SELECTION_PREFIX), max_age=SELECTION_MAX_AGE
        )
    except BadSignature:
        raise AccessDenied() from None
    if selected != customer_id:
        raise AccessDenied()
    row = await Customer.get_or_none(id=customer_id)
    if row is None:
        raise AccessDenied()
    return row
