"""Who may be sent a participant link (R-DOC-2, R-DOC-3, R-DOC-4)."""

from __future__ import annotations

from datetime import date

from models.rules.enums import ErrorCode, ProgramStatus
from models.rules.errors import Violation


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
