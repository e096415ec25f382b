"""The coach's side of a referral: withdrawing it (R-ENR-7) and sending it to the hub
with the outbox email (R-REF-1)."""

from __future__ import annotations

from models import clock
from models.actions import audit
from models.actions.access import AccessDenied, access_enrollment
from models.actions.case_management import add_case_note
from models.actions.facts import load_referral_facts
from models.actions.outbox import notify, unit_of_work
from models.config import get_settings
from models.customers import Customer
from models.enrollments import Enrollment
from models.rules.enums import ErrorCode, ProgramStatus, Role
from models.rules.errors import Violation
from models.rules.referral import send_violations, withdraw_violations
from models.staff import Provider, Staff

REFERRAL_EMAIL = "referral_sent"


async def access_coach_record(
    staff: Staff, enrollment_id: str | int, *, lock: bool = False
) -> Enrollment:
    """A record the coach's agency owns: its program record, or an RA record one of its
    coaches referred; else AccessDenied (R-ACL-1, R-ENR-1)."""
    row = await access_enrollment(staff, enrollment_id, lock=lock)
    if staff.role is not Role.CAREER_COACH:
        raise AccessDenied()
    agency_id = staff.provider_id  # type: ignore[attr-defined]
    if row.is_ra:
        referrer = await Staff.get_or_none(id=row.referred_by_id)  # type: ignore[attr-defined]
        owner = None if referrer is None else referrer.provider_id  # type: ignore[attr-defined]
    else:
        owner = row.provider_id  # type: ignore[attr-defined]
    if owner != agency_id:
        raise AccessDenied(
            "Only the coaches of the agency that owns this record change it (R-ACL-1)."
        )
    return row


def not_ra_record() -> Violation:
    """The refusal for a referral action on a program record."""
    return Violation(
        ErrorCode.WRONG_STAGE,
        "This is a program record, not an RA record (R-ENR-1)",
        "enrollmentId",
    )


async def withdraw_referral(
    *, staff: Staff, enrollment: Enrollment, reason: str
) -> list[Violation]:
    """Withdraw a referral before acceptance: Pre-Program Exit with the coach's reason as
    a case note (R-ENR-7, R-OUT-2)."""
    async with unit_of_work():
        row = await Enrollment.filter(id=enrollment.id).select_for_update().first()
        assert row is not None
        violations = withdraw_violations(await load_referral_facts(row), reason)
        if violations:
            return violations
        today = clock.today()
        await Enrollment.filter(id=row.id).update(
            program_status=ProgramStatus.PRE_PROGRAM_EXIT, exit_date=today
        )
        await audit.record(
            actor_id=staff.id,
            action="referral.withdraw",
            entity="Enrollment",
            entity_id=row.id,
            before={"program_status": row.program_status, "exit_date": row.exit_date},
            after={"program_status": ProgramStatus.PRE_PROGRAM_EXIT, "exit_date": today},
        )
        await add_case_note(staff=staff, enrollment_id=row.id, text=reason)
    return []


def referral_email_body(*, customer_id: str, coach: str, agency: str, link: str) -> str:
    """The hub's referral email: customer ID, coach, agency and a link, never the
    participant's personal data (R-REF-1)."""
    return (
        "A career coach has sent a Rent Assistance referral to your hub.\n\n"
        f"Customer ID: {customer_id}\n"
        f"Referred by: {coach}, {agency}\n"
        f"Open the record: {link}\n\n"
        "The participant's information is in the record, never in email (R-REF-1).\n"
    )


async def send_referral(*, staff: Staff, enrollment: Enrollment) -> list[Violation]:
    """Send a ready referral: record the time and, in the same transaction, write the
    hub's referral email to the outbox. One email per record, ever: a referral sent
    again after going back to draft (R-REG-5) is back in the hub's queue, not re-emailed
    (R-REF-1)."""
    async with unit_of_work():
        row = await Enrollment.filter(id=enrollment.id).select_for_update().first()
        assert row is not None
        violations = send_violations(await load_referral_facts(row), clock.today())
        if violations:
            return violations
        sent_at = clock.now()
        # conditional: a second, concurrent send finds sent_at set and changes nothing
        if not await Enrollment.filter(id=row.id, sent_at__isnull=True).update(sent_at=sent_at):
            return [Violation(ErrorCode.WRONG_STAGE, "The referral is already sent (R-REF-1)")]
        await audit.record(
            actor_id=staff.id,
            action="referral.send",
            entity="Enrollment",
            entity_id=row.id,
            before={"sent_at": None},
            after={"sent_at": sent_at},
        )
        hub = await Provider.get(id=row.provider_id)  # type: ignore[attr-defined]
        agency = await Provider.get(id=staff.provider_id)  # type: ignore[attr-defined]
        customer = await Customer.get(id=row.customer_id)  # type: ignore[attr-defined]
        if hub.referral_email:
            base = get_settings().public_base_url.rstrip("/")
            await notify(
                kind=REFERRAL_EMAIL,
                dedupe_key=f"{REFERRAL_EMAIL}:{row.id}",
                to=hub.referral_email,
                subject=f"Rent Assistance referral: customer {customer.customer_id}",
                body=referral_email_body(
                    customer_id=customer.customer_id or "",
                    coach=staff.name,
                    agency=agency.name,
                    link=f"{base}/enrollments/{row.id}",
                ),
            )
    return []
