"""Document uploads (R-DOC-1, R-DOC-2, R-DOC-5): by staff from this device, by staff
from their phone (a device link) or by the participant (an emailed link). Every way
in runs the same checks and writes the same row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from models import clock
from models.actions import audit, files, links
from models.actions.access import AccessDenied, customer_is_visible, row_id
from models.actions.outbox import unit_of_work
from models.config import get_settings
from models.customers import Customer, Document, ParticipantLink
from models.enrollments import Enrollment
from models.rules.enums import DocumentType, ErrorCode, LinkPurpose, ProgramStatus
from models.rules.errors import Violation
from models.staff import Staff

FILE_FIELD = "file"


def too_large(max_bytes: int | None = None) -> Violation:
    """The R-DOC-1 size refusal."""
    limit = max_bytes or get_settings().max_upload_bytes
    return Violation(
        ErrorCode.FILE_TOO_LARGE,
        f"The file is larger than {limit / 1_048_576:.1f} MB, the limit for documents (R-DOC-1).",
        FILE_FIELD,
    )


def not_allowed(reason: str) -> Violation:
    """The R-DOC-1 type refusal."""
    return Violation(
        ErrorCode.FILE_TYPE_NOT_ALLOWED,
        f"Only PDF, JPEG or PNG files are accepted, judged by their content: {reason} (R-DOC-1).",
        FILE_FIELD,
    )


def link_refusal(state: links.LinkState) -> Violation:
    """Why a link could not be used (R-DOC-4)."""
    if state is links.LinkState.EXPIRED:
        return Violation(ErrorCode.LINK_EXPIRED, "This link has expired (R-DOC-4).")
    return Violation(ErrorCode.LINK_USED, "This link has already been used (R-DOC-4).")


async def read_capped(read: Callable[[int], Awaitable[bytes]], max_bytes: int) -> bytes | None:
    """Read at most max_bytes + 1 bytes; None when the file is over the cap."""
    data = await read(max_bytes + 1)
    return None if len(data) > max_bytes else data


async def open_ra_record(customer_id: int) -> Enrollment | None:
    """The customer's open RA record (R-ENR-6: at most one)."""
    return (
        await Enrollment.filter(
            customer_id=customer_id, is_ra=True, program_status=ProgramStatus.OPEN
        )
        .order_by("-id")
        .first()
    )


async def _record_for(customer: Customer, type: DocumentType, link: ParticipantLink | None):  # type: ignore[no-untyped-def]
    """R-DOC-5: a Rent Assistance Application counts for the RA record its link names,
    else (a paper copy) for the customer's open RA record; other types for none."""
    if type is not DocumentType.RENT_ASSISTANCE_APPLICATION:
        return None
    if link is not None and link.enrollment_id is not None:  # type: ignore[attr-defined]
        return link.enrollment_id  # type: ignore[attr-defined]
    record = await open_ra_record(customer.id)
    return record.id if record else None


def document_after(doc: Document) -> dict[str, Any]:
    """The audited fields of a new document row."""
    return {
        "customer_id": doc.customer_id,  # type: ignore[attr-defined]
        "enrollment_id": doc.enrollment_id,  # type: ignore[attr-defined]
        "type": doc.type,
        "content_type": doc.content_type,
        "size": doc.size,
        "sha256": doc.sha256,
        "link_id": doc.link_id,  # type: ignore[attr-defined]
        "signature_evidence": doc.signature_evidence,
    }


async def upload_document(
    *,
    actor: Staff | None,
    customer: Customer,
    type: DocumentType,
    data: bytes,
    file_name: str | None,
    declared_type: str | None = None,
    link: ParticipantLink | None = None,
) -> tuple[Document | None, list[Violation]]:
    """Check, clean and keep an uploaded file (R-DOC-1); with a link, consume it in the
    same transaction (R-DOC-2). A refused upload writes nothing."""
    if len(data) > get_settings().max_upload_bytes:
        return None, [too_large()]
    if not data:
        return None, [not_allowed("the file is empty")]
    try:
        clean = await files.check_file_async(data, name=file_name, declared_type=declared_type)
    except files.FileRejected as exc:
        return None, [not_allowed(str(exc))]
    key = files.new_storage_key()
    try:
        async with unit_of_work():
            if link is not None:
                state = await links.consume(link)
                if state is not links.LinkState.OK:
                    return None, [link_refusal(state)]
            await files.store(key, clean.data)
            doc = await Document.create(
                customer=customer,
                enrollment_id=await _record_for(customer, type, link),
                type=type,
                file_name=files.safe_file_name(file_name, clean.content_type),
                content_type=clean.content_type,
                storage_key=key,
                size=len(clean.data),
                sha256=clean.sha256,
                uploaded_at=clock.now(),
                uploaded_by=actor,
                link=link,
            )
            await audit.record(
                actor_id=actor.id if actor else None,
                action="document.upload",
                entity="Document",
                entity_id=doc.id,
                after=document_after(doc),
            )
    except BaseException:
        files.remove(key)
        raise
    return doc, []


async def upload_through_link(
    *, link: ParticipantLink, data: bytes, file_name: str | None, declared_type: str | None
) -> tuple[Document | None, list[Violation]]:
    """An upload from a participant link or a staff member's device link (R-DOC-2)."""
    customer = await Customer.get(id=link.customer_id)  # type: ignore[attr-defined]
    actor = None
    if link.purpose is LinkPurpose.DEVICE_UPLOAD:
        actor = await Staff.get_or_none(id=link.created_by_id, is_active=True)  # type: ignore[attr-defined]
        # the staff member's own phone: they must still see the customer (R-ACL-1)
        if actor is None or not await customer_is_visible(actor, customer.id):
            raise AccessDenied()
    return await upload_document(
        actor=actor,
        customer=customer,
        type=link.document_type,
        data=data,
        file_name=file_name,
        declared_type=declared_type,
        link=link,
    )


async def visible_document(staff: Staff, document_id: str | int) -> Document:
    """A document the staff member may download (R-ACL-1); AccessDenied for one that is
    missing or not theirs to see, alike."""
    doc_id = row_id(document_id)
    doc = await Document.get_or_none(id=doc_id) if doc_id else None
    if doc is None or not await customer_is_visible(staff, doc.customer_id):  # type: ignore[attr-defined]
        raise AccessDenied()
    return doc
