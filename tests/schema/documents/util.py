"""Shared helpers of the document tests: the multipart upload and the counts that a
refused call must leave unchanged."""

from __future__ import annotations

from pathlib import Path

from models.config import get_settings
from models.customers import Document, ParticipantLink
from models.system import AuditEntry, Notification
from tests.conftest import Api
from tests.ids import ref
from tests.samples import PREFLIGHT, multipart_upload

DOCUMENT_UPLOAD = """
mutation Upload($customerId: ID!, $type: DocumentType!, $file: Upload!) {
  documentUpload(customerId: $customerId, type: $type, file: $file) {
    document { id type fileName contentType uploadedAt uploadedBy { email } downloadUrl }
    errors { field code message }
  }
}
"""


async def upload(
    api: Api,
    as_: str,
    customer_id: int | str,
    name: str,
    data: bytes,
    content_type: str,
    type: str = "OTHER",
) -> dict:
    """documentUpload over the GraphQL multipart request spec; the JSON body."""
    form, files = multipart_upload(
        DOCUMENT_UPLOAD,
        {"customerId": ref("Customer", customer_id), "type": type},
        name,
        data,
        content_type,
    )
    token = await api.token(as_)
    response = await api.client.post(
        "/graphql",
        data=form,
        files=files,
        headers={"Authorization": f"Bearer {token}", **PREFLIGHT},
    )
    assert response.status_code == 200, response.text
    return response.json()


def stored_files() -> set[str]:
    """The file names under UPLOAD_DIR."""
    path = Path(get_settings().upload_dir)
    return {p.name for p in path.iterdir()} if path.exists() else set()


async def counts() -> tuple[int, int, int, int, int]:
    """Rows a refused call must not add: documents, links, audit entries, notifications,
    and stored files."""
    return (
        await Document.all().count(),
        await ParticipantLink.all().count(),
        await AuditEntry.all().count(),
        await Notification.all().count(),
        len(stored_files()),
    )


async def checklist(enrollment_id: int):  # type: ignore[no-untyped-def]
    """The record's referral checklist today, as the Enrollment type computes it (the
    `enrollment` query belongs to another issue)."""
    from models import clock
    from models.actions.facts import load_referral_facts
    from models.enrollments import Enrollment
    from models.rules.referral import referral_checklist

    row = await Enrollment.get(id=enrollment_id)
    return referral_checklist(await load_referral_facts(row), clock.today())
