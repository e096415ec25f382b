"""R-ENR-2, the queue's stages, R-SVC-6/7 dates, R-OUT-9 and R-REF-5's addressee."""

import dataclasses
import itertools
import re
from datetime import UTC, date, datetime

import pytest

from models.rules.enums import ErrorCode, ProgramStatus, ReferralStage, Role
from models.rules.errors import Violation
from models.rules.hub import (
    case_note_violations,
    copy_notice_to_hub_staff,
    customer_of_violations,
    dates_violations,
    queue_stage_condition,
    record_open_violation,
    sent_record_stage,
)
from models.rules.referral import ReferralFacts, referral_stage

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
HUB, OTHER_HUB, AGENCY = 10, 11, 20
TODAY = date(2025, 3, 10)


def pairs(violations: list[Violation]) -> list[tuple[ErrorCode, str | None]]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


NOT_ALLOWED_STAFF = [(ErrorCode.CUSTOMER_OF_NOT_ALLOWED, "staffId")]


@pytest.mark.parametrize(
    ("review_date", "exists", "role", "provider", "active", "expected"),
    [
        (date(2025, 3, 1), True, Role.HUB_STAFF, HUB, True, []),
        (
            None,
            True,
            Role.HUB_STAFF,
            HUB,
            True,
            [(ErrorCode.CUSTOMER_OF_NOT_ALLOWED, "enrollmentId")],
        ),
        (date(2025, 3, 1), True, Role.HUB_STAFF, OTHER_HUB, True, NOT_ALLOWED_STAFF),
        (date(2025, 3, 1), True, Role.CAREER_COACH, AGENCY, True, NOT_ALLOWED_STAFF),
        (date(2025, 3, 1), True, Role.CONTRACT_MANAGER, None, True, NOT_ALLOWED_STAFF),
        (date(2025, 3, 1), True, Role.HUB_STAFF, HUB, False, NOT_ALLOWED_STAFF),
        (date(2025, 3, 1), False, None, None, False, NOT_ALLOWED_STAFF),
    ],
    ids=["own-hub", "before-acceptance", "other-hub", "coach", "manager", "inactive", "unknown"],
)
def test_customer_of_only_after_acceptance_and_only_the_hubs_staff(
    review_date: date | None,
    exists: bool,
    role: Role | None,
    provider: int | None,
    active: bool,
    expected: list[tuple[ErrorCode, str]],
) -> None:
    violations = customer_of_violations(
        review_date=review_date,
        record_hub_id=HUB,
        target_exists=exists,
        target_role=role,
        target_provider_id=provider,
        target_active=active,
    )
    assert pairs(violations) == expected


@pytest.mark.parametrize(
    ("status", "review_date", "fully", "stage"),
    [
        (ProgramStatus.OPEN, None, False, ReferralStage.SENT),
        (ProgramStatus.OPEN, date(2025, 3, 1), False, ReferralStage.ACCEPTED),
        (ProgramStatus.OPEN, date(2025, 3, 1), True, ReferralStage.ENROLLED),
        (ProgramStatus.PRE_PROGRAM_EXIT, None, False, ReferralStage.CLOSED),
        (ProgramStatus.EXIT, date(2025, 3, 1), True, ReferralStage.CLOSED),
        (ProgramStatus.AUTO_EXIT, date(2025, 3, 1), False, ReferralStage.CLOSED),
    ],
)
def test_sent_record_stage_from_stored_columns(
    status: ProgramStatus, review_date: date | None, fully: bool, stage: ReferralStage
) -> None:
    assert (
        sent_record_stage(program_status=status, review_date=review_date, fully_enrolled=fully)
        is stage
    )


def test_queue_stage_agrees_with_referral_stage_for_every_sent_record() -> None:
    """The SQL filter's predicate and referral_stage decide alike, whatever the documents."""
    base = ReferralFacts(
        application_date=date(2025, 2, 1),
        registered_on=None,
        application_signed_on=None,
        career_plan_dates=(),
        budget_dates=(),
        sent_at=datetime(2025, 2, 2, 18, tzinfo=UTC),
        review_date=None,
        program_status=ProgramStatus.OPEN,
        fully_enrolled=False,
    )
    for status, reviewed, fully in itertools.product(
        ProgramStatus, (None, date(2025, 2, 5)), (False, True)
    ):
        facts = dataclasses.replace(
            base, program_status=status, review_date=reviewed, fully_enrolled=fully
        )
        stage = sent_record_stage(program_status=status, review_date=reviewed, fully_enrolled=fully)
        assert referral_stage(facts, TODAY) is stage
        cond = queue_stage_condition(stage)
        assert cond is not None
        assert cond.open in (None, status is ProgramStatus.OPEN)
        assert cond.accepted in (None, reviewed is not None)
        assert cond.fully_enrolled in (None, fully)


@pytest.mark.parametrize("stage", [ReferralStage.DRAFT, ReferralStage.READY])
def test_hub_never_sees_unsent_stages(stage: ReferralStage) -> None:
    assert queue_stage_condition(stage) is None


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (TODAY, None, []),
        (TODAY, TODAY, []),
        (date(2025, 3, 11), None, [(ErrorCode.DATE_IN_FUTURE, "startDate")]),
        (date(2025, 3, 1), date(2025, 3, 11), [(ErrorCode.DATE_IN_FUTURE, "endDate")]),
        (date(2025, 3, 5), date(2025, 3, 4), [(ErrorCode.INVALID, "endDate")]),
        (date(2025, 3, 5), date(2025, 3, 5), []),
    ],
)
def test_dates_violations(
    start: date, end: date | None, expected: list[tuple[ErrorCode, str]]
) -> None:
    assert pairs(dates_violations(start, end, TODAY)) == expected


def test_record_open_violation() -> None:
    assert record_open_violation(ProgramStatus.OPEN, "Services are corrected", "R-SVC-7") is None
    for status in (ProgramStatus.PRE_PROGRAM_EXIT, ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT):
        violation = record_open_violation(status, "Services are corrected", "R-SVC-7")
        assert violation is not None and pairs([violation]) == [(ErrorCode.WRONG_STAGE, None)]


@pytest.mark.parametrize(("text", "ok"), [("Called, moved", True), ("", False), ("  \n", False)])
def test_case_note_needs_text(text: str, ok: bool) -> None:
    expected = [] if ok else [(ErrorCode.REQUIRED, "text")]
    assert pairs(case_note_violations(text)) == expected


@pytest.mark.parametrize(
    ("role", "to_staff"),
    [(Role.HUB_STAFF, True), (Role.CAREER_COACH, False), (Role.CONTRACT_MANAGER, False)],
)
def test_copy_notice_goes_to_hub_staff_customer_of_else_referral_address(
    role: Role, to_staff: bool
) -> None:
    assert copy_notice_to_hub_staff(role) is to_staff
