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


def row_id(raw: object) -> int | None:
    """A row id from a client's id: None for a malformed or out-of-range one, which is
    then answered like an unknown one (never an overflow in the database)."""
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value < 2**31 else None


def _parse_id(raw: str | int) -> int:
    """A row id; a malformed or out-of-range one is refused like an unknown one."""
    value = row_id(raw)
    if value is None:
        raise AccessDenied()
    return value


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
# Guessing row numbers therefore gives nobody access. The token names the coach it was
# given to and lasts SELECTION_MINUTES (issue 10 §2): anyone else, or later, is refused.

SELECTION_PREFIX = "sel."


def _selections() -> URLSafeTimedSerializer:
    from models.actions.links import ClockSigner

    return URLSafeTimedSerializer(
        get_settings().secret_key, salt="rent-assist.customer-selection", signer=ClockSigner
    )


def selection_id(customer_id: int, staff: Staff) -> str:
    """The id an identity-only search result carries: signed, for this staff member
    only, valid for SELECTION_MINUTES."""
    return SELECTION_PREFIX + _selections().dumps([customer_id, staff.id])


async def access_customer_to_enroll(
    staff: Staff, customer_id: int, selection: str | None = None
) -> Customer:
    """A customer a coach may open a program record for: one they see in full, or one
    they selected from an exact-identifier search themselves within the last
    SELECTION_MINUTES, proved by the selection token of its identity-check view for this
    same customer and this staff member; else AccessDenied (R-ACL-1)."""
    if await customer_is_visible(staff, customer_id):
        return await access_customer(staff, customer_id)
    if selection is None or len(selection) > 200:
        raise AccessDenied()
    max_age = get_settings().selection_minutes * 60
    try:
        selected = _selections().loads(selection.removeprefix(SELECTION_PREFIX), max_age=max_age)
    except BadSignature:
        raise AccessDenied() from None
    if selected != [customer_id, staff.id]:
        raise AccessDenied()
    row = await Customer.get_or_none(id=customer_id)
    if row is None:
        raise AccessDenied()
    return row
