"""R-REF-1..4, R-ENR-6, R-ENR-7: checklist, stage, send, accept, refuse, withdraw, the
45-day sweep and who may be referred."""

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from models.rules.enums import ErrorCode, ProgramStatus, ReferralStage
from models.rules.errors import Violation
from models.rules.outcomes import is_return_after_90_days
from models.rules.referral import (
    REVIEW_WINDOW_DAYS,
    ReferralFacts,
    accept_violations,
    is_referral_45_day_due,
    referral_45_day_cutoff,
    referral_checklist,
    referral_create_violations,
    referral_stage,
    refuse_violations,
    review_deadline,
    send_violations,
    withdraw_violations,
)

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
APPLIED = date(2025, 1, 31)
DEADLINE = date(2025, 3, 17)
SENT_AT = datetime(2025, 2, 3, 15, 0, tzinfo=UTC)
READY = ReferralFacts(
    application_date=APPLIED,
    registered_on=date(2025, 2, 1),
    application_signed_on=date(2025, 2, 1),
    career_plan_dates=(date(2025, 1, 15),),
    budget_dates=(date(2025, 1, 20),),
    sent_at=None,
    review_date=None,
    program_status=ProgramStatus.OPEN,
    fully_enrolled=False,
)
SENT = dataclasses.replace(READY, sent_at=SENT_AT)
NOTHING_DONE = dataclasses.replace(
    READY, registered_on=None, application_signed_on=None, career_plan_dates=(), budget_dates=()
)
ALL_FOUR = [
    ErrorCode.REGISTRATION_NOT_SIGNED,
    ErrorCode.APPLICATION_NOT_SIGNED,
    ErrorCode.CAREER_PLAN_NOT_CURRENT,
    ErrorCode.BUDGET_NOT_CURRENT,
]


def with_(base: ReferralFacts = READY, **changes: Any) -> ReferralFacts:
    return dataclasses.replace(base, **changes)


def codes(violations: list[Violation]) -> list[ErrorCode]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [v.code for v in violations]


def test_review_deadline_is_day_45() -> None:
    assert REVIEW_WINDOW_DAYS == 45
    assert review_deadline(APPLIED) == DEADLINE
    assert review_deadline(date(2024, 12, 31)) == date(2025, 2, 14)


def test_checklist_when_ready() -> None:
    checklist = referral_checklist(READY, date(2025, 2, 5))
    assert checklist.registration_signed
    assert checklist.application_signed
    assert checklist.career_plan_current
    assert checklist.budget_current
    assert checklist.review_deadline == DEADLINE
    assert checklist.next_step == "Send the referral to the hub"


@pytest.mark.parametrize(
    ("changes", "as_of", "expected"),
    [
        ({"registered_on": date(2025, 2, 6)}, date(2025, 2, 5), (False, True, True, True)),
        ({"registered_on": date(2025, 2, 5)}, date(2025, 2, 5), (True, True, True, True)),
        ({"application_signed_on": None}, date(2025, 2, 5), (True, False, True, True)),
        # a document counts only from the day it was uploaded
        ({"career_plan_dates": (date(2025, 2, 10),)}, date(2025, 2, 9), (True, True, False, True)),
        ({"career_plan_dates": (date(2025, 2, 10),)}, date(2025, 2, 10), (True, True, True, True)),
        # current: the same day three months earlier counts, one day earlier does not
        ({"career_plan_dates": (date(2024, 11, 5),)}, date(2025, 2, 5), (True, True, True, True)),
        ({"career_plan_dates": (date(2024, 11, 4),)}, date(2025, 2, 5), (True, True, False, True)),
        ({"budget_dates": (date(2024, 11, 4),)}, date(2025, 2, 5), (True, True, True, False)),
        # the latest document on or before the day is the one judged
        (
            {"budget_dates": (date(2024, 6, 1), date(2025, 2, 1), date(2025, 3, 1))},
            date(2025, 2, 5),
            (True, True, True, True),
        ),
        # over time the career plan goes stale
        ({}, date(2025, 4, 15), (True, True, True, True)),
        ({}, date(2025, 4, 16), (True, True, False, True)),
    ],
)
def test_checklist_conditions(
    changes: dict[str, Any], as_of: date, expected: tuple[bool, bool, bool, bool]
) -> None:
    checklist = referral_checklist(with_(**changes), as_of)
    assert (
        checklist.registration_signed,
        checklist.application_signed,
        checklist.career_plan_current,
        checklist.budget_current,
    ) == expected


@pytest.mark.parametrize(
    ("facts", "stage", "next_step"),
    [
        (NOTHING_DONE, ReferralStage.DRAFT, "Sign Registered By on the Registration tab"),
        (
            with_(application_signed_on=None),
            ReferralStage.DRAFT,
            "Get the Rent Assistance Application signed by the participant",
        ),
        (
            with_(career_plan_dates=()),
            ReferralStage.DRAFT,
            "Upload a Career Plan (Individual Plan) from the last 3 months",
        ),
        (
            with_(budget_dates=()),
            ReferralStage.DRAFT,
            "Save a Prosperity budget (none saved in the last 3 months)",
        ),
        (READY, ReferralStage.READY, "Send the referral to the hub"),
        (SENT, ReferralStage.SENT, "Waiting for the hub to review (deadline 2025-03-17)"),
        (
            with_(SENT, review_date=date(2025, 2, 10)),
            ReferralStage.ACCEPTED,
            "Hub: enter the first Rapid Rehousing or Homeless Prevention service",
        ),
        (
            with_(SENT, review_date=date(2025, 2, 10), participation_date=date(2025, 2, 11)),
            ReferralStage.ACCEPTED,
            "Coach: copy a coaching service into the RA record",
        ),
        (
            with_(
                SENT,
                review_date=date(2025, 2, 10),
                participation_date=date(2025, 2, 11),
                fully_enrolled=True,
            ),
            ReferralStage.ENROLLED,
            "Fully enrolled: the hub may record payments",
        ),
        (with_(program_status=ProgramStatus.PRE_PROGRAM_EXIT), ReferralStage.CLOSED, "Closed"),
        (with_(SENT, program_status=ProgramStatus.EXIT), ReferralStage.CLOSED, "Closed"),
        (
            with_(SENT, program_status=ProgramStatus.AUTO_EXIT, fully_enrolled=True),
            ReferralStage.CLOSED,
            "Closed",
        ),
    ],
)
def test_stage_and_next_step(facts: ReferralFacts, stage: ReferralStage, next_step: str) -> None:
    as_of = date(2025, 2, 12)
    assert referral_stage(facts, as_of) is stage
    assert referral_checklist(facts, as_of).next_step == next_step


def test_ready_falls_back_to_draft_when_the_career_plan_goes_stale() -> None:
    assert referral_stage(READY, date(2025, 4, 15)) is ReferralStage.READY
    assert referral_stage(READY, date(2025, 4, 16)) is ReferralStage.DRAFT


@pytest.mark.parametrize(
    ("facts", "today", "expected"),
    [
        (READY, date(2025, 2, 5), []),
        (NOTHING_DONE, date(2025, 2, 5), ALL_FOUR),
        (with_(career_plan_dates=(date(2025, 2, 6),)), date(2025, 2, 5), ALL_FOUR[2:3]),
        (READY, DEADLINE, []),
        (READY, DEADLINE + timedelta(days=1), [ErrorCode.REVIEW_WINDOW_PASSED]),
        (SENT, date(2025, 2, 5), [ErrorCode.WRONG_STAGE]),
        (with_(SENT, review_date=date(2025, 2, 4)), date(2025, 2, 5), [ErrorCode.WRONG_STAGE]),
        (
            with_(fully_enrolled=True, review_date=date(2025, 2, 4)),
            date(2025, 2, 5),
            [ErrorCode.WRONG_STAGE],
        ),
        (
            with_(program_status=ProgramStatus.PRE_PROGRAM_EXIT),
            date(2025, 2, 5),
            [ErrorCode.WRONG_STAGE],
        ),
    ],
)
def test_send_violations(facts: ReferralFacts, today: date, expected: list[ErrorCode]) -> None:
    assert codes(send_violations(facts, today)) == expected


TODAY = date(2025, 4, 1)


@pytest.mark.parametrize(
    ("review_date", "expected"),
    [
        (APPLIED + timedelta(days=44), []),
        (APPLIED + timedelta(days=45), []),
        (APPLIED + timedelta(days=46), [ErrorCode.REVIEW_WINDOW_PASSED]),
    ],
)
def test_accept_within_45_days(review_date: date, expected: list[ErrorCode]) -> None:
    violations = accept_violations(SENT, review_date, TODAY)
    assert codes(violations) == expected
    assert all(v.field == "reviewDate" for v in violations)


@pytest.mark.parametrize(
    ("facts", "review_date", "today", "expected"),
    [
        (SENT, date(2025, 2, 11), date(2025, 2, 10), [ErrorCode.DATE_IN_FUTURE]),
        (SENT, date(2025, 2, 10), date(2025, 2, 10), []),
        # the conditions are judged on the review date, not today
        (
            SENT,
            APPLIED,
            TODAY,
            [ErrorCode.REGISTRATION_NOT_SIGNED, ErrorCode.APPLICATION_NOT_SIGNED],
        ),
        (
            SENT,
            date(2025, 1, 30),
            TODAY,
            [
                ErrorCode.DATE_BEFORE_APPLICATION,
                ErrorCode.REGISTRATION_NOT_SIGNED,
                ErrorCode.APPLICATION_NOT_SIGNED,
            ],
        ),
        (
            with_(SENT, career_plan_dates=(date(2025, 2, 10),)),
            date(2025, 2, 5),
            TODAY,
            [ErrorCode.CAREER_PLAN_NOT_CURRENT],
        ),
        (
            with_(SENT, budget_dates=(date(2024, 11, 4),)),
            date(2025, 2, 5),
            TODAY,
            [ErrorCode.BUDGET_NOT_CURRENT],
        ),
        (READY, date(2025, 2, 5), TODAY, [ErrorCode.WRONG_STAGE]),
        (NOTHING_DONE, date(2025, 2, 5), TODAY, [ErrorCode.WRONG_STAGE]),
        (
            with_(SENT, review_date=date(2025, 2, 4)),
            date(2025, 2, 5),
            TODAY,
            [ErrorCode.WRONG_STAGE],
        ),
        (
            with_(SENT, program_status=ProgramStatus.PRE_PROGRAM_EXIT),
            date(2025, 2, 5),
            TODAY,
            [ErrorCode.WRONG_STAGE],
        ),
    ],
)
def test_accept_violations(
    facts: ReferralFacts, review_date: date, today: date, expected: list[ErrorCode]
) -> None:
    assert codes(accept_violations(facts, review_date, today)) == expected


@pytest.mark.parametrize(
    ("facts", "allowed"),
    [
        (NOTHING_DONE, True),
        (READY, True),
        (SENT, True),
        (with_(SENT, review_date=date(2025, 2, 5)), False),
        (with_(SENT, review_date=date(2025, 2, 5), fully_enrolled=True), False),
        (with_(SENT, program_status=ProgramStatus.PRE_PROGRAM_EXIT), False),
        (with_(SENT, program_status=ProgramStatus.EXIT), False),
    ],
)
def test_refuse_and_withdraw_only_before_acceptance(facts: ReferralFacts, allowed: bool) -> None:
    expected = [] if allowed else [ErrorCode.WRONG_STAGE]
    assert codes(refuse_violations(facts, "Not in the service area")) == expected
    assert codes(withdraw_violations(facts, "Wrong application date")) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_refuse_and_withdraw_need_a_note(text: str) -> None:
    refused = refuse_violations(SENT, text)
    withdrawn = withdraw_violations(SENT, text)
    assert [(v.code, v.field) for v in refused] == [(ErrorCode.CASE_NOTE_REQUIRED, "caseNote")]
    assert [(v.code, v.field) for v in withdrawn] == [(ErrorCode.CASE_NOTE_REQUIRED, "reason")]


@pytest.mark.parametrize(
    ("day", "due"),
    [(44, False), (45, False), (46, True), (47, True)],
)
def test_45_day_sweep_on_day_46(day: int, due: bool) -> None:
    as_of = APPLIED + timedelta(days=day)
    assert (referral_45_day_cutoff(as_of) >= APPLIED) is due
    assert is_referral_45_day_due(APPLIED, None, ProgramStatus.OPEN, as_of) is due


def test_45_day_cutoff() -> None:
    assert referral_45_day_cutoff(date(2025, 3, 18)) == APPLIED


@pytest.mark.parametrize(
    ("review_date", "status"),
    [
        (date(2025, 2, 5), ProgramStatus.OPEN),
        (None, ProgramStatus.PRE_PROGRAM_EXIT),
        (None, ProgramStatus.EXIT),
    ],
)
def test_45_day_sweep_skips_accepted_and_closed(
    review_date: date | None, status: ProgramStatus
) -> None:
    assert not is_referral_45_day_due(APPLIED, review_date, status, date(2025, 6, 1))


def test_45_day_due_agrees_with_acceptance_window() -> None:
    for offset in range(1, 60):  # signed on day 1
        as_of = APPLIED + timedelta(days=offset)
        due = is_referral_45_day_due(APPLIED, None, ProgramStatus.OPEN, as_of)
        assert due is (as_of > review_deadline(APPLIED))
        can_still_accept = not accept_violations(SENT, as_of, as_of)
        assert due is not can_still_accept


TODAY_CREATE = date(2025, 6, 30)


def create(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "has_open_program_record_at_agency": True,
        "hub_routed": True,
        "application_date": TODAY_CREATE,
        "today": TODAY_CREATE,
        "has_open_ra_record": False,
        "last_ra_exit": None,
    }
    violations = referral_create_violations(**(arguments | changes))
    codes(violations)
    return [(v.code, v.field) for v in violations]


def exited(status: ProgramStatus, days_ago: int) -> tuple[ProgramStatus, date]:
    return status, TODAY_CREATE - timedelta(days=days_ago)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        (
            {"has_open_program_record_at_agency": False},
            [(ErrorCode.NO_PROGRAM_RECORD, "input.customerId")],
        ),
        ({"hub_routed": False}, [(ErrorCode.HUB_NOT_ROUTED, "input.hubId")]),
        (
            {"application_date": TODAY_CREATE + timedelta(days=1)},
            [(ErrorCode.DATE_IN_FUTURE, "input.applicationDate")],
        ),
        (
            {"has_open_ra_record": True},
            [(ErrorCode.OPEN_RA_RECORD_EXISTS, "input.customerId")],
        ),
        (
            {"last_ra_exit": exited(ProgramStatus.EXIT, 90)},
            [(ErrorCode.RECENT_EXIT, "input.customerId")],
        ),
        ({"last_ra_exit": exited(ProgramStatus.EXIT, 91)}, []),
        (
            {"last_ra_exit": exited(ProgramStatus.AUTO_EXIT, 0)},
            [(ErrorCode.RECENT_EXIT, "input.customerId")],
        ),
        (
            {"last_ra_exit": exited(ProgramStatus.AUTO_EXIT, 90)},
            [(ErrorCode.RECENT_EXIT, "input.customerId")],
        ),
        ({"last_ra_exit": exited(ProgramStatus.AUTO_EXIT, 91)}, []),
        ({"last_ra_exit": exited(ProgramStatus.PRE_PROGRAM_EXIT, 1)}, []),
        (
            {"hub_routed": False, "has_open_ra_record": True},
            [
                (ErrorCode.HUB_NOT_ROUTED, "input.hubId"),
                (ErrorCode.OPEN_RA_RECORD_EXISTS, "input.customerId"),
            ],
        ),
    ],
)
def test_referral_create_violations(
    changes: dict[str, Any], expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert create(**changes) == expected


def test_recent_exit_tells_them_to_ask_the_contract_manager() -> None:
    violations = referral_create_violations(
        has_open_program_record_at_agency=True,
        hub_routed=True,
        application_date=TODAY_CREATE,
        today=TODAY_CREATE,
        has_open_ra_record=False,
        last_ra_exit=exited(ProgramStatus.EXIT, 30),
    )
    assert "contract manager to remove that exit" in violations[0].message
    assert violations[0].message.endswith("(R-ENR-6, R-OUT-6)")


@pytest.mark.parametrize(
    ("last_exit", "returning"),
    [
        (None, False),
        (exited(ProgramStatus.EXIT, 90), False),
        (exited(ProgramStatus.EXIT, 91), True),
        (exited(ProgramStatus.AUTO_EXIT, 89), False),
        (exited(ProgramStatus.AUTO_EXIT, 400), True),
        (exited(ProgramStatus.PRE_PROGRAM_EXIT, 400), False),
        (exited(ProgramStatus.OPEN, 400), False),
    ],
)
def test_recent_exit_and_a_return_share_one_boundary(
    last_exit: tuple[ProgramStatus, date] | None, returning: bool
) -> None:
    """R-ENR-6 and R-OUT-8 ask the same function: day 90 is recent, day 91 a return."""
    recent = ErrorCode.RECENT_EXIT in [code for code, _ in create(last_ra_exit=last_exit)]
    if last_exit is not None and last_exit[0] in (ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT):
        assert is_return_after_90_days(last_exit[1], TODAY_CREATE) is returning
        assert recent is not returning
    else:
        assert not recent
