"""E-signature of the Rent Assistance Application (R-DOC-3, R-DOC-4), in the
participant's language (issue 16).

The participant opens the link, reads the application and the consent to electronic
records in their language, types their name and ticks consent. Signing, in one
transaction: consume the link (one conditional UPDATE), keep the signed PDF (in the
language shown) as the record's Rent Assistance Application with the evidence (typed
name, the language and consent version shown with the exact consent text and its hash,
UTC time, IP, user agent, SHA-256 of exactly what was shown and of the signed file), and
tell the coach (in English: staff-facing).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from models import clock
from models.actions import audit, files, links
from models.actions.application_pdf import (
    ApplicationView,
    SignatureBlock,
    application_view,
    render_application_pdf,
)
from models.actions.documents import document_after, link_refusal
from models.actions.outbox import notify, unit_of_work
from models.customers import Customer, Document, ParticipantLink
from models.enrollments import Enrollment
from models.i18n import N_, translator
from models.rules.enums import DocumentType, ErrorCode, ProgramStatus
from models.rules.errors import Violation
from models.staff import Staff

# the English source of the consent; its translations are in the catalogues. Change the
# version with the English wording (a translation's own revisions show in its hash).
CONSENT_VERSION = "esign-consent-v1"
# TRANSLATORS: the consent to sign electronically (ESIGN/UETA). Keep every promise in it:
# typed name = signature, records on screen, a free paper copy, the choice of paper.
CONSENT_TEXT = N_(
    "I agree to sign this application electronically. My typed name is my signature and "
    "has the same effect as signing on paper. I agree to receive this application and "
    "records about it electronically. I can ask my career coach for a paper copy at any "
    "time, at no cost, and I can choose to sign on paper instead."
)
MAX_NAME = 200
SHOWN_FIELD = "shown_sha256"


def consent_text(view: ApplicationView) -> str:
    """The consent text in the language of the application shown."""
    return translator(view.language).gettext(CONSENT_TEXT)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def shown_content(view: ApplicationView) -> dict[str, Any]:
    """Exactly what the signing page shows, in its language: the application and the
    consent text."""
    return {
        "language": view.language.value,
        "title": view.title,
        "rows": [list(r) for r in view.rows],
        "certification": view.certification,
        "consent_version": CONSENT_VERSION,
        "consent_text": consent_text(view),
    }


def shown_sha256(view: ApplicationView) -> str:
    """The SHA-256 of what the page shows (canonical JSON of shown_content)."""
    return _sha256(json.dumps(shown_content(view), ensure_ascii=False, sort_keys=True))


async def signable(link: ParticipantLink) -> tuple[Enrollment | None, list[Violation]]:
    """The RA record a signing link names, if it can still be signed."""
    enrollment = await Enrollment.get_or_none(id=link.enrollment_id)  # type: ignore[attr-defined]
    if enrollment is None or enrollment.program_status is not ProgramStatus.OPEN:
        return None, [
            Violation(
                ErrorCode.WRONG_STAGE,
                "This application is closed and can no longer be signed (R-DOC-4).",
            )
        ]
    return enrollment, []


def form_violations(*, typed_name: str, consent: bool) -> list[Violation]:
    """The participant must type their name and tick consent (R-DOC-4)."""
    errors = []
    if not typed_name.strip():
        errors.append(
            Violation(ErrorCode.REQUIRED, "Type your full name to sign (R-DOC-4).", "typed_name")
        )
    elif len(typed_name) > MAX_NAME:
        errors.append(
            Violation(
                ErrorCode.INVALID, f"Type at most {MAX_NAME} characters (R-DOC-4).", "typed_name"
            )
        )
    if not consent:
        errors.append(
            Violation(
                ErrorCode.REQUIRED,
                "Tick the box to agree to sign electronically, or ask your coach for paper "
                "(R-DOC-4).",
                "consent",
            )
        )
    return errors


async def sign_application(
    *,
    link: ParticipantLink,
    typed_name: str,
    consent: bool,
    shown_hash: str,
    ip: str,
    user_agent: str,
    language: str | None = None,
) -> tuple[Document | None, list[Violation]]:
    """Sign the application a link names (R-DOC-4) as it was shown in `language` (the
    one picked on the page; else the customer's). A refused submission signs nothing."""
    errors = form_violations(typed_name=typed_name, consent=consent)
    enrollment, closed = await signable(link)
    if closed or enrollment is None:
        return None, closed
    if errors:
        return None, errors
    view = await application_view(enrollment, language)
    shown = shown_sha256(view)
    if shown != shown_hash:
        return None, [
            Violation(
                ErrorCode.INVALID,
                "The application or its language changed since it was opened: read it "
                "again and sign (R-DOC-4).",
                SHOWN_FIELD,
            )
        ]
    signed_at = clock.now()
    consent_shown = consent_text(view)
    evidence: dict[str, Any] = {
        "typed_name": typed_name.strip(),
        "consent": True,
        "language": view.language.value,
        "consent_version": CONSENT_VERSION,
        "consent_text": consent_shown,
        "consent_text_sha256": _sha256(consent_shown),
        "signed_at_utc": signed_at.isoformat(),
        "ip": ip,
        "user_agent": user_agent[:500],
        "shown_sha256": shown,
    }
    block = SignatureBlock(
        typed_name=evidence["typed_name"],
        signed_at_utc=evidence["signed_at_utc"],
        signed_at_local=translator(view.language).datetime(signed_at, "long"),
        ip=ip,
        user_agent=evidence["user_agent"],
        consent_version=CONSENT_VERSION,
        consent_text=consent_shown,
        shown_sha256=shown,
    )
    pdf = render_application_pdf(view, block)
    evidence["signed_sha256"] = hashlib.sha256(pdf).hexdigest()
    key = files.new_storage_key()
    try:
        async with unit_of_work():
            state = await links.consume(link)
            if state is not links.LinkState.OK:
                return None, [link_refusal(state)]
            await files.store(key, pdf)
            doc = await Document.create(
                customer_id=enrollment.customer_id,  # type: ignore[attr-defined]
                enrollment=enrollment,
                type=DocumentType.RENT_ASSISTANCE_APPLICATION,
                file_name="rent-assistance-application-signed.pdf",
                content_type=files.PDF,
                storage_key=key,
                size=len(pdf),
                sha256=evidence["signed_sha256"],
                uploaded_at=signed_at,
                uploaded_by=None,
                link=link,
                signature_evidence=evidence,
            )
            await audit.record(
                actor_id=None,
                action="application.sign",
                entity="Document",
                entity_id=doc.id,
                after=document_after(doc),
            )
            await _tell_coach(enrollment, doc)
    except BaseException:
        files.remove(key)
        raise
    return doc, []


async def _tell_coach(enrollment: Enrollment, doc: Document) -> None:
    """The referring coach hears that the application is signed (customer ID only)."""
    coach = await Staff.get_or_none(id=enrollment.referred_by_id)  # type: ignore[attr-defined]
    customer = await Customer.get(id=enrollment.customer_id)  # type: ignore[attr-defined]
    if coach is None:
        return
    await notify(
        kind="application.signed",
        dedupe_key=f"application.signed:{doc.id}",
        to=coach.email,
        subject=f"Rent Assistance Application signed: customer {customer.customer_id}",
        body=(
            f"The participant signed the Rent Assistance Application of customer "
            f"{customer.customer_id} (RA record {enrollment.id}). The referral checklist "
            f"now shows the application signed (R-REF-1).\n"
        ),
    )
