"""The emails between hub and coach (R-REF-3, R-REF-5), written to the outbox inside the
caller's unit of work. Bodies name the customer ID, staff names and a link to the record,
never the participant's personal data; notes are never emailed (R-OUT-9)."""

from __future__ import annotations

from models.actions.outbox import notify
from models.config import get_settings
from models.customers import Customer
from models.enrollments import Enrollment
from models.rules.hub import copy_notice_to_hub_staff
from models.services import Service
from models.staff import Provider, Staff


def record_link(enrollment_id: int) -> str:
    """The link to a record in the staff application."""
    return f"{get_settings().public_base_url.rstrip('/')}/enrollments/{enrollment_id}"


async def _about(enrollment: Enrollment) -> tuple[str, Provider]:
    customer = await Customer.get(id=enrollment.customer_id)  # type: ignore[attr-defined]
    hub = await Provider.get(id=enrollment.provider_id)  # type: ignore[attr-defined]
    return customer.customer_id or str(customer.id), hub


async def _referring_coach(enrollment: Enrollment) -> Staff | None:
    coach_id = enrollment.referred_by_id  # type: ignore[attr-defined]
    return None if coach_id is None else await Staff.get_or_none(id=coach_id)


async def referral_refused(enrollment: Enrollment, refused_by: Staff) -> None:
    """Tell the referring coach the hub refused the referral (R-REF-3)."""
    coach = await _referring_coach(enrollment)
    if coach is None:
        return
    customer_id, hub = await _about(enrollment)
    await notify(
        kind="referral_refused",
        dedupe_key=f"referral-refused:{enrollment.id}",
        to=coach.email,
        subject=f"Referral for customer {customer_id} refused by {hub.name}",
        body=(
            f"{refused_by.name} at {hub.name} refused the Rent Assistance referral for "
            f"customer ID {customer_id}. The reason is in the record's case notes.\n\n"
            f"{record_link(enrollment.id)}\n"
        ),
    )


async def first_hub_service(enrollment: Enrollment, service: Service, entered_by: Staff) -> None:
    """Tell the referring coach the hub entered its first service (R-REF-5)."""
    coach = await _referring_coach(enrollment)
    if coach is None:
        return
    customer_id, hub = await _about(enrollment)
    await notify(
        kind="first_hub_service",
        dedupe_key=f"first-hub-service:{enrollment.id}",
        to=coach.email,
        subject=f"{hub.name} started services for customer {customer_id}",
        body=(
            f"{entered_by.name} at {hub.name} entered the first hub service in the Rent "
            f"Assistance record of customer ID {customer_id}. Please copy a coaching service "
            f"into the record so that it is fully enrolled.\n\n{record_link(enrollment.id)}\n"
        ),
    )


async def service_copied(enrollment: Enrollment, copy: Service, coach: Staff) -> None:
    """Tell Customer Of, or the hub's referral address while Customer Of is still the
    coach, that a service was copied into the RA record (R-REF-5)."""
    customer_of = await Staff.get(id=enrollment.customer_of_id)  # type: ignore[attr-defined]
    customer_id, hub = await _about(enrollment)
    to = customer_of.email if copy_notice_to_hub_staff(customer_of.role) else hub.referral_email
    if not to:
        return
    await notify(
        kind="service_copied",
        dedupe_key=f"service-copied:{copy.id}",
        to=to,
        subject=f"Coaching service copied into the record of customer {customer_id}",
        body=(
            f"{coach.name} copied a coaching service into the Rent Assistance record of "
            f"customer ID {customer_id} at {hub.name}.\n\n{record_link(enrollment.id)}\n"
        ),
    )
