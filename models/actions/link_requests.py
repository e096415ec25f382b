"""Sending participant links (R-DOC-2, R-DOC-4): the e-signature request, the upload
request, and the staff member's device link. Emails hold the link and the coach's
name, nothing else personal, and are written in the participant's language (issue 16:
the customer's preferred language when it is offered, else English)."""

from __future__ import annotations

from datetime import datetime

from models import clock
from models.actions.links import create_link
from models.actions.outbox import notify, unit_of_work
from models.customers import Customer, ParticipantLink
from models.enrollments import Enrollment
from models.i18n import N_, Translator, participant_language, translator
from models.rules.documents import signature_request_violations, upload_request_violations
from models.rules.enums import DocumentType, LinkPurpose
from models.rules.errors import Violation
from models.staff import Staff

# the upload request email, per document type: one whole sentence each, for translators
# TRANSLATORS: %(coach)s is the career coach's name.
UPLOAD_ASKS = {
    DocumentType.INDIVIDUAL_PLAN: N_(
        "%(coach)s, your career coach, asks you to upload your Career Plan (Individual Plan)."
    ),
    DocumentType.RENT_ASSISTANCE_APPLICATION: N_(
        "%(coach)s, your career coach, asks you to upload your signed Rent Assistance Application."
    ),
    DocumentType.OTHER: N_("%(coach)s, your career coach, asks you to upload a document."),
}
# the upload page's heading, for the participant (DOCUMENT) and for staff (DEVICE)
DOCUMENT_WORDS = {
    DocumentType.INDIVIDUAL_PLAN: N_("Upload your Career Plan (Individual Plan)"),
    DocumentType.RENT_ASSISTANCE_APPLICATION: N_("Upload your signed Rent Assistance Application"),
    DocumentType.OTHER: N_("Upload a document your coach asked for"),
}
DEVICE_WORDS = {
    DocumentType.INDIVIDUAL_PLAN: N_("Upload a Career Plan (Individual Plan)"),
    DocumentType.RENT_ASSISTANCE_APPLICATION: N_("Upload a signed Rent Assistance Application"),
    DocumentType.OTHER: N_("Upload a document"),
}


def _closing(t: Translator, expires_at: datetime) -> str:
    return t.gettext(
        "The link works once and expires on %(date)s. If you did not expect this message, "
        "you can ignore it.",
        date=t.date(clock.local_date(expires_at)),
    )


def _email(t: Translator, ask: str, open_line: str, url: str, expires_at: datetime) -> str:
    """A participant email in one language: greeting, the ask, the link, when it expires."""
    hello = t.gettext("Hello,")
    return f"{hello}\n\n{ask}\n\n{open_line}\n{url}\n\n{_closing(t, expires_at)}\n"


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
        t = translator(participant_language(customer.preferred_language))
        ask = t.gettext(
            "%(coach)s, your career coach, asks you to read and sign your Rent Assistance "
            "application.",
            coach=actor.name,
        )
        await notify(
            kind="link.sign",
            dedupe_key=f"link:{link.id}",
            to=customer.email,
            subject=t.gettext("Please sign your Rent Assistance application"),
            body=_email(
                t, ask, t.gettext("Open this link to read and sign it:"), url, link.expires_at
            ),
            language=t.info.html_tag,
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
        t = translator(participant_language(customer.preferred_language))
        await notify(
            kind="link.upload",
            dedupe_key=f"link:{link.id}",
            to=customer.email,
            subject=t.gettext("Please upload a document for Rent Assistance"),
            body=_email(
                t,
                t.gettext(UPLOAD_ASKS[document_type], coach=actor.name),
                t.gettext("Open this link to upload it (a PDF or a photo):"),
                url,
                link.expires_at,
            ),
            language=t.info.html_tag,
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
