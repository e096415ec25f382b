"""Documents and participant links: documentUpload, signatureRequestSend,
uploadRequestSend, deviceUploadLinkCreate (R-DOC-1..5)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from models.actions.access import access_customer, access_enrollment
from models.actions.documents import read_capped, too_large, upload_document
from models.actions.link_requests import (
    create_device_link,
    send_signature_request,
    send_upload_request,
)
from models.config import get_settings
from schema.context import Info
from schema.documents.types import Document, ParticipantLink
from schema.enums import DocumentType
from schema.errors import MutationError, mutation_errors
from schema.ids import parse_id
from schema.permissions import Cap, require


@strawberry.type(description="The result of documentUpload.")
class DocumentPayload:
    document: Document | None = strawberry.field(
        description="The stored document; null if refused."
    )
    errors: list[MutationError] = strawberry.field(description="Why it was refused (R-DOC-1).")


@strawberry.type(description="The result of sending or creating a participant link.")
class ParticipantLinkPayload:
    link: ParticipantLink | None = strawberry.field(description="The link; null if refused.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")


async def _close(file: Any) -> None:
    """Strawberry never closes the temporary files of an upload: we do."""
    close = getattr(file, "close", None)
    if close is None:
        return
    result = close()
    if hasattr(result, "__await__"):
        await result


@strawberry.type
class DocumentMutations:
    @strawberry.mutation(
        description="Upload a PDF, JPEG or PNG for a customer (R-DOC-1, R-DOC-2). Images are "
        "re-encoded without EXIF; a Rent Assistance Application counts for the customer's "
        "open RA record (R-DOC-5)."
    )
    async def document_upload(
        self,
        info: Info,
        customer_id: Annotated[
            strawberry.ID, strawberry.argument(description="The customer's id.")
        ],
        type: Annotated[DocumentType, strawberry.argument(description="What the document is.")],  # type: ignore[valid-type]
        file: Annotated[
            Upload, strawberry.argument(description="The file (GraphQL multipart request).")
        ],
    ) -> DocumentPayload:
        try:
            staff = require(info, Cap.DOCUMENT_WRITE)
            customer = await access_customer(staff, parse_id(customer_id, "Customer"))
            max_bytes = get_settings().max_upload_bytes
            data = await read_capped(file.read, max_bytes)  # type: ignore[attr-defined]
            if data is None:
                return DocumentPayload(document=None, errors=mutation_errors([too_large()]))
            doc, errors = await upload_document(
                actor=staff,
                customer=customer,
                type=type,
                data=data,
                file_name=getattr(file, "filename", None),
                declared_type=getattr(file, "content_type", None),
            )
        finally:
            await _close(file)
        if errors:
            return DocumentPayload(document=None, errors=mutation_errors(errors))
        assert doc is not None
        return DocumentPayload(document=Document(row=doc), errors=[])

    @strawberry.mutation(
        description="Email the participant a signed, single-use link to e-sign the "
        "application of this RA record (R-DOC-3, R-DOC-4)."
    )
    async def signature_request_send(
        self,
        info: Info,
        enrollment_id: Annotated[
            strawberry.ID, strawberry.argument(description="The RA record's id.")
        ],
    ) -> ParticipantLinkPayload:
        staff = require(info, Cap.DOCUMENT_WRITE)
        enrollment = await access_enrollment(staff, parse_id(enrollment_id, "Enrollment"))
        link, errors = await send_signature_request(actor=staff, enrollment=enrollment)
        if link is None:
            return ParticipantLinkPayload(link=None, errors=mutation_errors(errors))
        return ParticipantLinkPayload(link=ParticipantLink(row=link), errors=[])

    @strawberry.mutation(
        description="Email the participant a link to upload one document of a type (R-DOC-2)."
    )
    async def upload_request_send(
        self,
        info: Info,
        customer_id: Annotated[
            strawberry.ID, strawberry.argument(description="The customer's id.")
        ],
        type: Annotated[DocumentType, strawberry.argument(description="The document asked for.")],  # type: ignore[valid-type]
    ) -> ParticipantLinkPayload:
        staff = require(info, Cap.DOCUMENT_WRITE)
        customer = await access_customer(staff, parse_id(customer_id, "Customer"))
        link, errors = await send_upload_request(actor=staff, customer=customer, document_type=type)
        if link is None:
            return ParticipantLinkPayload(link=None, errors=mutation_errors(errors))
        return ParticipantLinkPayload(link=ParticipantLink(row=link), errors=[])

    @strawberry.mutation(
        description="A short-lived upload link for the staff member's own phone (R-DOC-2): "
        "its url is returned here only, to show as a QR code."
    )
    async def device_upload_link_create(
        self,
        info: Info,
        customer_id: Annotated[
            strawberry.ID, strawberry.argument(description="The customer's id.")
        ],
        type: Annotated[DocumentType, strawberry.argument(description="The document to upload.")],  # type: ignore[valid-type]
    ) -> ParticipantLinkPayload:
        staff = require(info, Cap.DOCUMENT_WRITE)
        customer = await access_customer(staff, parse_id(customer_id, "Customer"))
        link, url = await create_device_link(actor=staff, customer=customer, document_type=type)
        return ParticipantLinkPayload(link=ParticipantLink(row=link, url=url), errors=[])
