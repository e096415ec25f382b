"""Sending participant links (R-DOC-2, R-DOC-4): the e-signature request, the upload
request, and the staff member's device link. Emails hold the link and the coach's
name, nothing else personal."""

from __future__ import annotations

from datetime import datetime

from models import clock
from models.actions.links import create_link
from models.actions.outbox import notify, unit_of_work
from models.customers import Customer, ParticipantLink
from models.enrollments import Enrollment
from models.rules.documents import signature_request_violations, upload_request_violations
from models.rules.enums import DocumentType, LinkPurpose
from models.rules.errors import Violation
from models.staff import Staff

DOCUMENT_WORDS = {
    DocumentType.INDIVIDUAL_PLAN: "your Career Plan (Individual Plan)",
    DocumentType.RENT_ASSISTANCE_APPLICATION: "your signed Rent Assistance Application",
    DocumentType.OTHER: "a document your coach asked for",
}

# the same, for the staff member's own phone (a device link)
DEVICE_WORDS = {
    DocumentType.INDIVIDUAL_PLAN: "a Career Plan (Individual Plan)",
    DocumentType.RENT_ASSISTANCE_APPLICATION: "a signed Rent Assistance Application",
    DocumentType.OTHER: "a document",
}


def _until(moment: datetime) -> str:
    return clock.local_date(moment).strftime("%B %d, %Y").replace(" 0", " ")


async def send_signature_request(
    *, actor: Staff, enrollment: Enrollment
) -> tuple[ParticipantLink | None, list[Violation]]:
    """Email the participant a link to sign the application of this RA record (R-DOC-4)."""
    customer = await Customer.get(id=enrollment.customer_id)  # type: ignore[attr-defined]
    errors = signature_request_violations(
        is_ra_record=enrollment.is_ra,
        program_status=enrollment.program_status,
        review_date=enrollment.review_date,
        has_email=bool(customer.email),
    )
    if errors:
        return None, errors
    assert customer.email is not None
    async with unit_of_work():
        link, url = await create_link(
            actor=actor,
            customer=customer,
            enrollment=enrollment,
            purpose=LinkPurpose.SIGN_APPLICATION,
            document_type=DocumentType.RENT_ASSISTANCE_APPLICATION,
            sent_to=customer.email,
        )
        await notify(
            kind="link.sign",
            dedupe_key=f"link:{link.id}",
            to=customer.email,
            subject="Please sign your Rent Assistance application",
            body=(
                "Hello,\n\n"
                f"{actor.name}, your career coach, asks you to read and sign your Rent "
                "Assistance application.\n\n"
                f"Open this link to read and sign it:\n{url}\n\n"
                f"The link works once and expires on {_until(link.expires_at)}. If you did "
                "not expect this message, you can ignore it.\n"
            ),
        )
    return link, []


async def send_upload_request(
    *, actor: Staff, customer: Customer, document_type: DocumentType
) -> tuple[ParticipantLink | None, list[Violation]]:
    """Email the participant a link to upload one document of a type (R-DOC-2)."""
    violations = upload_request_violations(has_email=bool(customer.email))
    if violations or customer.email is None:
        return None, violations
    async with unit_of_work():
        link, url = await create_link(
            actor=actor,
            customer=customer,
            purpose=LinkPurpose.UPLOAD_DOCUMENT,
            document_type=document_type,
            sent_to=customer.email,
        )
        await notify(
            kind="link.upload",
            dedupe_key=f"link:{link.id}",
            to=customer.email,
            subject="Please upload a document for Rent Assistance",
            body=(
                "Hello,\n\n"
                f"{actor.name}, your career coach, asks you to upload "
                f"{DOCUMENT_WORDS[document_type]}.\n\n"
                f"Open this link to upload it (a PDF or a photo):\n{url}\n\n"
                f"The link works once and expires on {_until(link.expires_at)}. If you did "
                "not expect this message, you can ignore it.\n"
            ),
        )
    return link, []


async def create_device_link(
    *, actor: Staff, customer: Customer, document_type: DocumentType
) -> tuple[ParticipantLink, str]:
    """A short-lived link for the staff member's own phone (R-DOC-2); its URL is
    returned once, never emailed."""
    async with unit_of_work():
        return await create_link(
            actor=actor,
            customer=customer,
            purpose=LinkPurpose.DEVICE_UPLOAD,
            document_type=document_type,
        )
