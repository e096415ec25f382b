"""The role → capability table. Every mutation and every restricted query names the
capability it needs; the table is the one place that says who may do what
(program-rules.md "Who is who"). Row-level checks live in models/actions/access.py.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from models.rules.enums import Role
from schema.errors import Forbidden, Unauthenticated

if TYPE_CHECKING:
    from models.staff import Staff
    from schema.context import Info


class Cap(StrEnum):
    READ_RECORDS = "read records"
    CUSTOMER_WRITE = "create and edit customers"
    ENROLLMENT_CREATE = "create program records"
    REFERRAL_WRITE = "create, fill in, sign, send and withdraw RA referrals"
    DOCUMENT_WRITE = "upload documents and send participant links"
    BUDGET_WRITE = "save Prosperity budgets"
    SERVICE_COPY = "copy coaching services into RA records"
    SERVICE_WRITE = "enter, correct and delete services"
    HOUSING_STATUS_WRITE = "enter current housing status"
    CASE_NOTE_WRITE = "write case notes"
    REFERRAL_REVIEW = "accept or refuse referrals and assign Customer Of"
    PAYMENTS_WRITE = "the Payments tab"
    OUTCOMES_WRITE = "exits and outcomes"
    EXIT_REMOVE = "remove an Exit or Auto Exit"
    OUTCOME_CORRECT = "correct or remove an outcome, Received RA Again included, with a reason"
    SWEEP_RUN = "run the daily sweeps by hand"
    REFERENCE_WRITE = "reference data: income limits, pick lists"
    REPORTS_READ = "performance reports"
    AUDIT_READ = "the audit trail"
    HUB_QUEUE = "the referral queue"


CAPABILITIES: dict[Role, frozenset[Cap]] = {
    Role.CAREER_COACH: frozenset(
        {
            Cap.READ_RECORDS,
            Cap.CUSTOMER_WRITE,
            Cap.ENROLLMENT_CREATE,
            Cap.REFERRAL_WRITE,
            Cap.DOCUMENT_WRITE,
            Cap.BUDGET_WRITE,
            Cap.SERVICE_COPY,
            Cap.SERVICE_WRITE,
            Cap.HOUSING_STATUS_WRITE,
            Cap.CASE_NOTE_WRITE,
        }
    ),
    Role.HUB_STAFF: frozenset(
        {
            Cap.READ_RECORDS,
            Cap.HUB_QUEUE,
            Cap.REFERRAL_REVIEW,
            Cap.SERVICE_WRITE,
            Cap.HOUSING_STATUS_WRITE,
            Cap.CASE_NOTE_WRITE,
            Cap.PAYMENTS_WRITE,
            Cap.OUTCOMES_WRITE,
        }
    ),
    Role.CONTRACT_MANAGER: frozenset(
        {
            Cap.READ_RECORDS,
            Cap.EXIT_REMOVE,
            Cap.OUTCOME_CORRECT,
            Cap.SWEEP_RUN,
            Cap.REFERENCE_WRITE,
            Cap.REPORTS_READ,
            Cap.AUDIT_READ,
        }
    ),
}


def signed_in(info: Info) -> Staff:
    """The signed-in staff member, or UNAUTHENTICATED."""
    staff = info.context.staff
    if staff is None:
        raise Unauthenticated()
    return staff


def require(info: Info, cap: Cap) -> Staff:
    """The signed-in staff member if their role has `cap`, else FORBIDDEN."""
    staff = signed_in(info)
    if cap not in CAPABILITIES[staff.role]:
        raise Forbidden(f"Your role may not do this: {cap.value} (R-ACL-1).")
    return staff
