"""R-PAY-2, R-PAY-5, R-PAY-6: plans active by date, one open plan per funding source, the
end date with Housing Status at Funding End, and on an exited record ended but never
reopened or extended."""

import dataclasses
import re
from datetime import date
from typing import Any

import pytest

from models.rules.enums import ErrorCode, OutcomeHousingStatus, ProgramStatus
from models.rules.errors import Violation
from models.rules.plans import (
    ENDING_FIELDS,
    PlanFact,
    has_open_plan,
    plan_active,
    plan_create_violations,
    plan_target_end_violations,
    plan_target_end_warning,
    plan_update_violations,
)

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
PLAN = PlanFact(
    funding_source="Metro SHS",
    payment_types=frozenset({"Rent", "Deposit"}),
    start_date=date(2024, 11, 15),
    target_end_date=date(2025, 3, 31),
    end_date=None,
)
TODAY = date(2025, 1, 10)


def pairs(violations: list[Violation]) -> list[tuple[ErrorCode, str | None]]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


@pytest.mark.parametrize(
    ("start", "end", "on", "active"),
    [
        (date(2025, 1, 1), None, date(2024, 12, 31), False),
        (date(2025, 1, 1), None, date(2025, 1, 1), True),
        (date(2025, 1, 1), None, date(2030, 1, 1), True),
        (date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 31), True),
        (date(2025, 1, 1), date(2025, 3, 31), date(2025, 4, 1), False),
    ],
)
def test_plan_active(start: date, end: date | None, on: date, active: bool) -> None:
    assert plan_active(start, end, on) is active


@pytest.mark.parametrize(
    ("plan", "on", "warned"),
    [
        (PLAN, date(2025, 3, 31), False),
        (PLAN, date(2025, 4, 1), True),
        (dataclasses.replace(PLAN, end_date=date(2025, 4, 30)), date(2025, 4, 1), False),
    ],
)
def test_plan_target_end_only_warns(plan: PlanFact, on: date, warned: bool) -> None:
    warning = plan_target_end_warning(plan, on)
    assert (warning is not None) is warned
    if warning is not None:
        assert "2025-03-31" in warning
        assert warning.endswith("(R-PAY-3)")


def plan_create(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "funding_source": "Metro SHS",
        "payment_types": frozenset({"Rent"}),
        "start_date": date(2025, 1, 2),
        "target_end_date": date(2025, 3, 31),
        "application_date": date(2024, 11, 1),
        "review_date": date(2024, 11, 10),
        "program_status": ProgramStatus.OPEN,
        "today": TODAY,
    }
    return pairs(plan_create_violations(**(arguments | changes)))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"target_end_date": date(2026, 1, 1)}, []),  # a target end date may be in the future
        ({"target_end_date": date(2025, 1, 2)}, []),
        ({"target_end_date": date(2025, 1, 1)}, [(ErrorCode.INVALID, "input.targetEndDate")]),
        ({"program_status": ProgramStatus.EXIT}, [(ErrorCode.WRONG_STAGE, None)]),
        ({"review_date": None}, [(ErrorCode.NOT_ACCEPTED, None)]),
        ({"funding_source": " "}, [(ErrorCode.REQUIRED, "input.fundingSource")]),
        ({"payment_types": frozenset()}, [(ErrorCode.REQUIRED, "input.paymentTypes")]),
        # one open plan per funding source (R-PAY-5)
        ({"open_plan_exists": True}, [(ErrorCode.PLAN_EXISTS, "input.fundingSource")]),
        ({"open_plan_exists": False}, []),
        (
            {"funding_source": " ", "open_plan_exists": True},
            [(ErrorCode.REQUIRED, "input.fundingSource")],
        ),
        # an exited record gets no new plan (R-PAY-6)
        ({"program_status": ProgramStatus.AUTO_EXIT}, [(ErrorCode.WRONG_STAGE, None)]),
        ({"program_status": ProgramStatus.PRE_PROGRAM_EXIT}, [(ErrorCode.WRONG_STAGE, None)]),
        ({"start_date": date(2025, 1, 11)}, [(ErrorCode.DATE_IN_FUTURE, "input.startDate")]),
        (
            {"start_date": date(2024, 10, 31)},
            [(ErrorCode.DATE_BEFORE_APPLICATION, "input.startDate")],
        ),
    ],
)
def test_plan_create_violations(
    changes: dict[str, Any], expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert plan_create(**changes) == expected


HOUSED = OutcomeHousingStatus.HOUSED


@pytest.mark.parametrize(
    ("end_date", "status", "expected"),
    [
        (None, None, []),
        (date(2025, 1, 10), HOUSED, []),
        (date(2025, 1, 10), OutcomeHousingStatus.UNKNOWN, []),
        (
            date(2025, 1, 10),
            None,
            [(ErrorCode.FUNDING_END_STATUS_REQUIRED, "input.housingStatusAtFundingEnd")],
        ),
        (
            date(2025, 1, 10),
            OutcomeHousingStatus.RECEIVED_RA_AGAIN,
            [(ErrorCode.INVALID, "input.housingStatusAtFundingEnd")],
        ),
        (
            None,
            OutcomeHousingStatus.RECEIVED_RA_AGAIN,
            [(ErrorCode.INVALID, "input.housingStatusAtFundingEnd")],
        ),
        (date(2024, 11, 14), HOUSED, [(ErrorCode.INVALID, "input.endDate")]),
        (date(2024, 11, 15), HOUSED, []),
        (date(2025, 1, 11), HOUSED, [(ErrorCode.DATE_IN_FUTURE, "input.endDate")]),
    ],
)
def test_plan_update_violations(
    end_date: date | None,
    status: OutcomeHousingStatus | None,
    expected: list[tuple[ErrorCode, str | None]],
) -> None:
    violations = plan_update_violations(
        program_status=ProgramStatus.OPEN,
        end_date=end_date,
        housing_status_at_funding_end=status,
        start_date=PLAN.start_date,
        today=TODAY,
    )
    assert pairs(violations) == expected


@pytest.mark.parametrize("status", [s for s in ProgramStatus if s is not ProgramStatus.OPEN])
def test_plans_change_only_in_an_open_record(status: ProgramStatus) -> None:
    violations = plan_update_violations(
        program_status=status,
        end_date=None,
        housing_status_at_funding_end=None,
        start_date=PLAN.start_date,
        today=TODAY,
    )
    assert pairs(violations) == [(ErrorCode.WRONG_STAGE, None)]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (None, [(ErrorCode.REQUIRED, "input.targetEndDate")]),
        (date(2025, 1, 12), [(ErrorCode.INVALID, "input.targetEndDate")]),
        (date(2025, 1, 13), []),
        (date(2030, 1, 1), []),  # the one date that may be in the future (R-GEN-1)
    ],
)
def test_plan_target_end_violations(target: date | None, expected: list) -> None:
    found = plan_target_end_violations(target, date(2025, 1, 13))
    assert [(v.code, v.field) for v in found] == expected


@pytest.mark.parametrize(
    ("plans", "source", "open_"),
    [
        ((), "Metro SHS", False),
        ((PLAN,), "Metro SHS", True),
        ((PLAN,), "CDBG", False),
        ((dataclasses.replace(PLAN, end_date=date(2025, 1, 1)),), "Metro SHS", False),
        (
            (dataclasses.replace(PLAN, end_date=date(2025, 1, 1)), PLAN),
            "Metro SHS",
            True,
        ),
    ],
)
def test_has_open_plan(plans: tuple[PlanFact, ...], source: str, open_: bool) -> None:
    assert has_open_plan(plans, source) is open_


def update(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "program_status": ProgramStatus.OPEN,
        "end_date": date(2025, 1, 10),
        "housing_status_at_funding_end": HOUSED,
        "start_date": PLAN.start_date,
        "today": TODAY,
        "changed": ENDING_FIELDS,
        "funding_source": "Metro SHS",
    }
    return pairs(plan_update_violations(**(arguments | changes)))


EXITED = (ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT)


@pytest.mark.parametrize("status", EXITED)
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # R-PAY-6: ending a plan, or correcting how it ended, is allowed after the exit
        ({}, []),
        ({"changed": frozenset({"end_date"})}, []),
        ({"changed": frozenset({"housing_status_at_funding_end"})}, []),
        ({"changed": frozenset()}, []),
        (
            {"housing_status_at_funding_end": None},
            [(ErrorCode.FUNDING_END_STATUS_REQUIRED, "input.housingStatusAtFundingEnd")],
        ),
        # nothing that moves money: no reopening, no new target end
        (
            {"end_date": None, "housing_status_at_funding_end": None},
            [(ErrorCode.WRONG_STAGE, None)],
        ),
        ({"changed": frozenset({"target_end_date"})}, [(ErrorCode.WRONG_STAGE, None)]),
        (
            {"changed": frozenset({"end_date", "target_end_date"})},
            [(ErrorCode.WRONG_STAGE, None)],
        ),
        ({"end_date": date(2025, 1, 11)}, [(ErrorCode.DATE_IN_FUTURE, "input.endDate")]),
    ],
)
def test_an_exited_records_plans_can_only_be_ended(
    status: ProgramStatus, changes: dict[str, Any], expected: list
) -> None:
    assert update(program_status=status, **changes) == expected


def test_a_pre_program_exit_changes_no_plan() -> None:
    assert update(program_status=ProgramStatus.PRE_PROGRAM_EXIT) == [(ErrorCode.WRONG_STAGE, None)]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # reopening (clearing the end date) while another plan for the source is open
        (
            {
                "end_date": None,
                "housing_status_at_funding_end": None,
                "changed": frozenset({"end_date", "housing_status_at_funding_end"}),
                "other_open_plan_exists": True,
            },
            [(ErrorCode.PLAN_EXISTS, "input.endDate")],
        ),
        (
            {
                "end_date": None,
                "housing_status_at_funding_end": None,
                "changed": frozenset({"end_date"}),
                "other_open_plan_exists": False,
            },
            [],
        ),
        # an already open plan that is only re-targeted is not a second plan
        (
            {
                "end_date": None,
                "housing_status_at_funding_end": None,
                "changed": frozenset({"target_end_date"}),
                "other_open_plan_exists": True,
            },
            [],
        ),
    ],
)
def test_reopening_keeps_one_open_plan_per_funding_source(changes: dict, expected: list) -> None:
    assert update(**changes) == expected


@pytest.mark.parametrize(
    ("end", "last_payment", "expected"),
    [
        (date(2025, 1, 5), date(2025, 1, 5), []),  # ends on its last payment's day
        (date(2025, 1, 6), date(2025, 1, 5), []),
        (date(2025, 1, 4), date(2025, 1, 5), [(ErrorCode.INVALID, "input.endDate")]),
        (date(2025, 1, 4), None, []),
    ],
)
def test_a_plan_ends_on_or_after_its_last_payment(
    end: date, last_payment: date | None, expected: list
) -> None:
    assert update(end_date=end, last_payment_on=last_payment) == expected
