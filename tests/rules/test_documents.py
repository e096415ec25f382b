"""Who may be sent a participant link (R-DOC-2, R-DOC-3, R-DOC-4)."""

from __future__ import annotations

from datetime import date

import pytest

from models.rules.documents import signature_request_violations, upload_request_violations
from models.rules.enums import ErrorCode, ProgramStatus

OPEN = ProgramStatus.OPEN


@pytest.mark.parametrize(
    ("is_ra", "status", "review_date", "has_email", "expected"),
    [
        (True, OPEN, None, True, []),
        (True, OPEN, None, False, [(ErrorCode.REQUIRED, "email")]),
        (False, OPEN, None, True, [(ErrorCode.WRONG_STAGE, "enrollmentId")]),
        (True, OPEN, date(2025, 6, 3), True, [(ErrorCode.WRONG_STAGE, "enrollmentId")]),
        (
            True,
            ProgramStatus.PRE_PROGRAM_EXIT,
            None,
            True,
            [(ErrorCode.WRONG_STAGE, "enrollmentId")],
        ),
        (
            True,
            ProgramStatus.EXIT,
            date(2025, 6, 3),
            False,
            [(ErrorCode.WRONG_STAGE, "enrollmentId"), (ErrorCode.REQUIRED, "email")],
        ),
    ],
)
def test_signature_request(
    is_ra: bool,
    status: ProgramStatus,
    review_date: date | None,
    has_email: bool,
    expected: list[tuple[ErrorCode, str]],
) -> None:
    violations = signature_request_violations(
        is_ra_record=is_ra, program_status=status, review_date=review_date, has_email=has_email
    )
    assert [(v.code, v.field) for v in violations] == expected


def test_upload_request_needs_an_email() -> None:
    assert upload_request_violations(has_email=True) == []
    [violation] = upload_request_violations(has_email=False)
    assert (violation.code, violation.field) == (ErrorCode.REQUIRED, "email")
