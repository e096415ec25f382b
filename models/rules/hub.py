"""The hub's side of a record: who Customer Of may become, the referral queue's stages,
housing status entries, case notes and service date corrections (R-ENR-2, R-SVC-6,
R-SVC-7, R-OUT-9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.rules.dates import not_in_future
from models.rules.enums import ErrorCode, ProgramStatus, ReferralStage, Role
from models.rules.errors import Violation


def customer_of_violations(
    *,
    review_date: date | None,
    record_hub_id: int,
    target_exists: bool,
    target_role: Role | None,
    target_provider_id: int | None,
    target_active: bool,
) -> list[Violation]:
    """Check that Customer Of may move to this staff member: only after acceptance, and only
    to an active hub staff member of the record's own hub (R-ENR-2)."""
    if review_date is None:
        return [
            Violation(
                ErrorCode.CUSTOMER_OF_NOT_ALLOWED,
                "Customer Of stays the referring coach until the hub accepts the referral "
                "(R-ENR-2)",
                "enrollmentId",
            )
        ]
    if (
        not target_exists
        or not target_active
        or target_role is not Role.HUB_STAFF
        or target_provider_id != record_hub_id
    ):
        return [
            Violation(
                ErrorCode.CUSTOMER_OF_NOT_ALLOWED,
                "Customer Of can only be a staff member of the record's hub (R-ENR-2)",
                "staffId",
            )
        ]
    return []


@dataclass(frozen=True, slots=True, kw_only=True)
class StageCondition:
    """The stored columns that decide a sent record's stage, as plain predicates, so that
    the referral queue can filter in SQL with the same decision as referral_stage."""

    open: bool | None
    accepted: bool | None
    fully_enrolled: bool | None


_QUEUE_STAGES = {
    ReferralStage.SENT: StageCondition(open=True, accepted=False, fully_enrolled=False),
    ReferralStage.ACCEPTED: StageCondition(open=True, accepted=True, fully_enrolled=False),
    ReferralStage.ENROLLED: StageCondition(open=True, accepted=None, fully_enrolled=True),
    ReferralStage.CLOSED: StageCondition(open=False, accepted=None, fully_enrolled=None),
}


def queue_stage_condition(stage: ReferralStage) -> StageCondition | None:
    """The predicate of a stage among sent records; None for DRAFT and READY, which a hub
    never sees (R-ACL-1, R-REF-1)."""
    return _QUEUE_STAGES.get(stage)


def sent_record_stage(
    *, program_status: ProgramStatus, review_date: date | None, fully_enrolled: bool
) -> ReferralStage:
    """The stage of a sent record from its stored columns alone (agrees with
    referral_stage for every sent record: R-REF-2, R-SVC-4, R-OUT-1)."""
    for stage, cond in _QUEUE_STAGES.items():
        if (
            (cond.open is None or cond.open == (program_status is ProgramStatus.OPEN))
            and (cond.accepted is None or cond.accepted == (review_date is not None))
            and (cond.fully_enrolled is None or cond.fully_enrolled == fully_enrolled)
        ):
            return stage
    raise AssertionError("every sent record has a stage")


def dates_violations(
    start_date: date, end_date: date | None, today: date, prefix: str = ""
) -> list[Violation]:
    """Check a start and end date pair: none in the future, the end not before the start
    (R-GEN-1, R-SVC-6, R-SVC-7)."""
    violations = [
        not_in_future(start_date, today, f"{prefix}startDate", what="The start date"),
        None
        if end_date is None
        else not_in_future(end_date, today, f"{prefix}endDate", what="The end date"),
    ]
    if end_date is not None and end_date < start_date:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "The end date is before the start date (R-SVC-6, R-SVC-7)",
                f"{prefix}endDate",
            )
        )
    return [v for v in violations if v is not None]


def record_open_violation(program_status: ProgramStatus, what: str, rule: str) -> Violation | None:
    """Refuse a change to a record that is no longer open (R-OUT-1)."""
    if program_status is ProgramStatus.OPEN:
        return None
    return Violation(ErrorCode.WRONG_STAGE, f"{what} only in an open record ({rule})")


def case_note_violations(text: str) -> list[Violation]:
    """Check a case note: some text (R-OUT-9)."""
    if text.strip():
        return []
    return [Violation(ErrorCode.REQUIRED, "Write the case note's text (R-OUT-9)", "text")]


def copy_notice_to_hub_staff(customer_of_role: Role) -> bool:
    """Tell whether a copied service is announced to Customer Of (a hub staff member) or,
    while Customer Of is still the coach, to the hub's referral address (R-REF-5)."""
    return customer_of_role is Role.HUB_STAFF
