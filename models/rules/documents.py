"""What a document is, judged by its content, and the name it is kept under (R-DOC-1);
who may be sent a participant link (R-DOC-2, R-DOC-3, R-DOC-4)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from models.rules.enums import ErrorCode, ProgramStatus
from models.rules.errors import Violation

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
"""The three types a document may be, with the extension it is kept under (R-DOC-1)."""
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_TYPE_EXTENSIONS = frozenset({".pdf", ".jpg", ".jpeg", ".jpe", ".png"})
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}")


def content_type_of(data: bytes) -> str | None:
    """The type the content's magic bytes name (PDF, JPEG or PNG), or None; the name and
    the declared type of an upload are never asked (R-DOC-1)."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    return None


def _stem(base: str) -> str:
    """The name without its extension: the last one if it looks like a file extension,
    and a document type's extension before it ("plan.pdf.exe" → "plan")."""
    stem = base
    suffix = PurePosixPath(stem).suffix
    if _EXTENSION.fullmatch(suffix):
        stem = stem[: -len(suffix)]
        suffix = PurePosixPath(stem).suffix
        if suffix.lower() in _TYPE_EXTENSIONS:
            stem = stem[: -len(suffix)]
    return stem


def stored_file_name(name: str | None, content_type: str) -> str:
    """The name a document is kept and downloaded under: the uploaded name without paths,
    control characters or its extension, with the extension of what the content is (a
    PNG named photo.pdf is kept as photo.png) (R-DOC-1)."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    stem = re.sub(r"[^\w.\- ]+", "_", _stem(base), flags=re.UNICODE).strip(" ._")[:120]
    return f"{stem or 'document'}{EXTENSIONS[content_type]}"


def no_email_violation() -> Violation:
    """A link is emailed, so the customer needs an email address (R-DOC-2)."""
    return Violation(
        ErrorCode.REQUIRED,
        "The customer has no email address: add one to the customer first (R-DOC-2).",
        "email",
    )


def upload_request_violations(*, has_email: bool) -> list[Violation]:
    """An upload request goes to a customer with an email address (R-DOC-2)."""
    return [] if has_email else [no_email_violation()]


def signature_request_violations(
    *,
    is_ra_record: bool,
    program_status: ProgramStatus,
    review_date: date | None,
    has_email: bool,
) -> list[Violation]:
    """An application is sent for signature on an open RA record not yet accepted, to a
    customer with an email address (R-DOC-3, R-DOC-4)."""
    errors: list[Violation] = []
    if not is_ra_record:
        errors.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "Only an RA record has a Rent Assistance Application (R-DOC-3).",
                "enrollmentId",
            )
        )
    elif program_status is not ProgramStatus.OPEN or review_date is not None:
        errors.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "The application is signed before the hub accepts an open referral (R-DOC-3).",
                "enrollmentId",
            )
        )
    return errors + upload_request_violations(has_email=has_email)
