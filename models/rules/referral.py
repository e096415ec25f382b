"""The referral to the hub: checklist, stage, send, accept, refuse, withdraw, the 45-day
sweep and who may be referred (R-REF-1..4, R-ENR-6, R-ENR-7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models.rules.dates import add_months, is_current, latest_on_or_before, not_in_future
from models.rules.enums import ErrorCode, ProgramStatus, ReferralStage
from models.rules.errors import Violation
from models.rules.outcomes import EXITED

REVIEW_WINDOW_DAYS = 45
RECENT_EXIT_DAYS = 90
CURRENT_MONTHS = 3  # R-DOC-5


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralFacts:
    """What the referral rules need to know about one RA record (R-REF-1, R-REF-2)."""

    application_date: date
    registered_on: date | None
    application_signed_on: date | None
    career_plan_dates: tuple[date, ...]
    budget_dates: tuple[date, ...]
    sent_at: datetime | None
    review_date: date | None
    program_status: ProgramStatus
    fully_enrolled: bool
    participation_date: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Checklist:
    """The four R-REF-1 conditions as of a day, the deadline and the next step in words."""

    registration_signed: bool
    application_signed: bool
    career_plan_current: bool
    budget_current: bool
    review_deadline: date
    next_step: str


def review_deadline(application_date: date) -> date:
    """Return the last day the hub may accept: the Application Date + 45 days (R-REF-2)."""
    return application_date + timedelta(days=REVIEW_WINDOW_DAYS)


def current_window(as_of: date) -> tuple[date, date]:
    """The days on which a Career Plan upload or a budget counts as current on as_of:
    from the same day three months earlier to as_of (R-DOC-5, R-GEN-1); the same
    decision as is_current, for the lists that filter by stage in SQL."""
    return add_months(as_of, -CURRENT_MONTHS), as_of


def latest_application_due_by(day: date) -> date:
    """The latest Application Date whose review deadline falls on or before day
    (R-REF-2): the "due within N days" filter of the referral lists."""
    return day - timedelta(days=REVIEW_WINDOW_DAYS)


def _conditions(facts: ReferralFacts, as_of: date) -> tuple[bool, bool, bool, bool]:
    return (
        facts.registered_on is not None and facts.registered_on <= as_of,
        facts.application_signed_on is not None and facts.application_signed_on <= as_of,
        is_current(latest_on_or_before(facts.career_plan_dates, as_of), as_of, CURRENT_MONTHS),
        is_current(latest_on_or_before(facts.budget_dates, as_of), as_of, CURRENT_MONTHS),
    )


def referral_stage(facts: ReferralFacts, as_of: date) -> ReferralStage:
    """Return the record's referral stage on as_of (R-REF-1, R-REF-2, R-SVC-4, R-OUT-1)."""
    if facts.program_status is not ProgramStatus.OPEN:
        return ReferralStage.CLOSED
    if facts.fully_enrolled:
        return ReferralStage.ENROLLED
    if facts.review_date is not None:
        return ReferralStage.ACCEPTED
    if facts.sent_at is not None:
        return ReferralStage.SENT
    return ReferralStage.READY if all(_conditions(facts, as_of)) else ReferralStage.DRAFT


def _next_step(facts: ReferralFacts, as_of: date, conditions: tuple[bool, ...]) -> str:
    stage = referral_stage(facts, as_of)
    if stage is ReferralStage.DRAFT:
        todo = (
            "Sign Registered By on the Registration tab",
            "Get the Rent Assistance Application signed by the participant",
            "Upload a Career Plan (Individual Plan) from the last 3 months",
            "Save a Prosperity budget (none saved in the last 3 months)",
        )
        return next(step for step, done in zip(todo, conditions, strict=True) if not done)
    if stage is ReferralStage.ACCEPTED and facts.participation_date is None:
        return "Hub: enter the first Rapid Rehousing or Homeless Prevention service"
    return {
        ReferralStage.READY: "Send the referral to the hub",
        ReferralStage.SENT: (
            f"Waiting for the hub to review (deadline {review_deadline(facts.application_date)})"
        ),
        ReferralStage.ACCEPTED: "Coach: copy a coaching service into the RA record",
        ReferralStage.ENROLLED: "Fully enrolled: the hub may record payments",
        ReferralStage.CLOSED: "Closed",
    }[stage]


def referral_checklist(facts: ReferralFacts, as_of: date) -> Checklist:
    """Judge the four R-REF-1 conditions on as_of and say what has to happen next."""
    conditions = _conditions(facts, as_of)
    return Checklist(
        registration_signed=conditions[0],
        application_signed=conditions[1],
        career_plan_current=conditions[2],
        budget_current=conditions[3],
        review_deadline=review_deadline(facts.application_date),
        next_step=_next_step(facts, as_of, conditions),
    )


def _condition_violations(facts: ReferralFacts, on: date, rule: str) -> list[Violation]:
    day = on.isoformat()
    failures = (
        (ErrorCode.REGISTRATION_NOT_SIGNED, f"Registered By is not signed on {day}"),
        (ErrorCode.APPLICATION_NOT_SIGNED, f"The application is not signed on {day}"),
        (
            ErrorCode.CAREER_PLAN_NOT_CURRENT,
            f"No Career Plan (Individual Plan) uploaded in the 3 months up to {day}",
        ),
        (ErrorCode.BUDGET_NOT_CURRENT, f"No Prosperity budget saved in the 3 months up to {day}"),
    )
    return [
        Violation(code, f"{text} ({rule})")
        for (code, text), holds in zip(failures, _conditions(facts, on), strict=True)
        if not holds
    ]


def send_violations(facts: ReferralFacts, today: date) -> list[Violation]:
    """Check that the coach may send the referral today (R-REF-1, R-REF-2)."""
    stage = referral_stage(facts, today)
    if stage not in (ReferralStage.DRAFT, ReferralStage.READY):
        return [
            Violation(
                ErrorCode.WRONG_STAGE,
                f"Only a referral not yet sent can be sent; this one is already {stage.lower()} "
                "(R-REF-1)",
            )
        ]
    violations = _condition_violations(facts, today, "R-REF-1")
    deadline = review_deadline(facts.application_date)
    if today > deadline:
        violations.append(
            Violation(
                ErrorCode.REVIEW_WINDOW_PASSED,
                f"The hub could only accept until {deadline}, 45 days after the application "
                "date; withdraw this referral and create a new one (R-REF-2)",
            )
        )
    return violations


def accept_violations(facts: ReferralFacts, review_date: date, today: date) -> list[Violation]:
    """Check that the hub may accept with this review date (R-REF-2, R-GEN-1, R-ENR-4)."""
    stage = referral_stage(facts, today)
    if stage is not ReferralStage.SENT:
        return [
            Violation(
                ErrorCode.WRONG_STAGE,
                f"Only a sent referral can be accepted; its stage is {stage.lower()} (R-REF-2)",
            )
        ]
    violations = []
    future = not_in_future(review_date, today, "reviewDate", what="The review date")
    if future is not None:
        violations.append(future)
    if review_date < facts.application_date:
        violations.append(
            Violation(
                ErrorCode.DATE_BEFORE_APPLICATION,
                f"The review date {review_date} is before the application date "
                f"{facts.application_date} (R-ENR-4)",
                "reviewDate",
            )
        )
    violations += _condition_violations(facts, review_date, "R-REF-2")
    deadline = review_deadline(facts.application_date)
    if review_date > deadline:
        violations.append(
            Violation(
                ErrorCode.REVIEW_WINDOW_PASSED,
                f"The review date {review_date} is after {deadline}, the last day of the "
                "45 days after the application date (R-REF-2)",
                "reviewDate",
            )
        )
    return violations


def _before_acceptance(facts: ReferralFacts, action: str, rule: str) -> list[Violation]:
    if facts.program_status is ProgramStatus.OPEN and facts.review_date is None:
        return []
    return [
        Violation(
            ErrorCode.WRONG_STAGE,
            f"Only an open referral that has not been accepted can be {action} ({rule})",
        )
    ]


def refuse_violations(facts: ReferralFacts, case_note: str) -> list[Violation]:
    """Check that the hub may refuse: open, not accepted, with a case note (R-REF-3, R-OUT-2)."""
    violations = _before_acceptance(facts, "refused", "R-REF-3")
    if not case_note.strip():
        violations.append(
            Violation(
                ErrorCode.CASE_NOTE_REQUIRED,
                "Write a case note saying why the referral is refused (R-REF-3)",
                "caseNote",
            )
        )
    return violations


def withdraw_violations(facts: ReferralFacts, reason: str) -> list[Violation]:
    """Check that the coach may withdraw: open, not accepted, with a reason (R-ENR-7)."""
    violations = _before_acceptance(facts, "withdrawn", "R-ENR-7")
    if not reason.strip():
        violations.append(
            Violation(
                ErrorCode.CASE_NOTE_REQUIRED,
                "Give the reason for withdrawing the referral; it becomes the case note (R-ENR-7)",
                "reason",
            )
        )
    return violations


def referral_45_day_cutoff(as_of: date) -> date:
    """Return the latest Application Date due for Pre-Program Exit on as_of (R-REF-4)."""
    return as_of - timedelta(days=REVIEW_WINDOW_DAYS + 1)


def is_referral_45_day_due(
    application_date: date, review_date: date | None, program_status: ProgramStatus, as_of: date
) -> bool:
    """Tell whether an open, unaccepted record gets Pre-Program Exit on as_of (R-REF-4)."""
    return (
        program_status is ProgramStatus.OPEN
        and review_date is None
        and application_date <= referral_45_day_cutoff(as_of)
    )


def _is_recent_exit(last_ra_exit: tuple[ProgramStatus, date] | None, on: date) -> bool:
    return (
        last_ra_exit is not None
        and last_ra_exit[0] in EXITED
        and (on - last_ra_exit[1]).days <= RECENT_EXIT_DAYS
    )


def is_returning_after_90_days(last_ra_exit: tuple[ProgramStatus, date] | None, on: date) -> bool:
    """Tell whether the last RA record was exited over 90 days before `on` (R-OUT-8)."""
    return (
        last_ra_exit is not None
        and last_ra_exit[0] in EXITED
        and not _is_recent_exit(last_ra_exit, on)
    )


def referral_create_violations(
    *,
    has_open_program_record_at_agency: bool,
    hub_routed: bool,
    application_date: date,
    today: date,
    has_open_ra_record: bool,
    last_ra_exit: tuple[ProgramStatus, date] | None,
) -> list[Violation]:
    """Check that a coach may create an RA record (R-ENR-1, R-ENR-3, R-ENR-4, R-ENR-6)."""
    violations = []
    if not has_open_program_record_at_agency:
        violations.append(
            Violation(
                ErrorCode.NO_PROGRAM_RECORD,
                "The customer needs an open program record at your agency first (R-ENR-1)",
                "input.customerId",
            )
        )
    if not hub_routed:
        violations.append(
            Violation(
                ErrorCode.HUB_NOT_ROUTED,
                "Your program and agency do not refer to this hub (R-ENR-3)",
                "input.hubId",
            )
        )
    future = not_in_future(
        application_date, today, "input.applicationDate", what="The application date"
    )
    if future is not None:
        violations.append(future)
    if has_open_ra_record:
        violations.append(
            Violation(
                ErrorCode.OPEN_RA_RECORD_EXISTS,
                "The customer already has an open Rent Assistance record (R-ENR-6)",
                "input.customerId",
            )
        )
    if last_ra_exit is not None and _is_recent_exit(last_ra_exit, today):
        violations.append(
            Violation(
                ErrorCode.RECENT_EXIT,
                f"The customer's last Rent Assistance record was exited on {last_ra_exit[1]}, "
                "90 days ago or less; ask the contract manager to remove that exit so the "
                "hub can continue in the same record (R-ENR-6, R-OUT-6)",
                "input.customerId",
            )
        )
    return violations
