"""R-PAY-1..4: Service Point ID, plans, payments, engagement and over-requested totals."""

import dataclasses
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from models.rules.enums import ErrorCode, OutcomeHousingStatus, ProgramStatus
from models.rules.errors import Violation
from models.rules.payments import (
    PaymentFacts,
    PlanFact,
    engagement_months,
    is_over_requested,
    payment_violations,
    plan_active,
    plan_create_violations,
    plan_target_end_warning,
    plan_update_violations,
    service_point_id_violations,
)

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
PLAN = PlanFact(
    funding_source="Metro SHS",
    payment_types=frozenset({"Rent", "Deposit"}),
    start_date=date(2024, 11, 15),
    target_end_date=date(2025, 3, 31),
    end_date=None,
)
FACTS = PaymentFacts(
    program_status=ProgramStatus.OPEN,
    fully_enrolled=True,
    application_date=date(2024, 11, 1),
    participation_date=date(2024, 11, 20),
    plans=(PLAN,),
    coaching_services=((date(2024, 12, 31), date(2024, 12, 31)),),
)
PAID_ON, TODAY = date(2025, 1, 5), date(2025, 1, 10)


def pairs(violations: list[Violation]) -> list[tuple[ErrorCode, str | None]]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


def pay(facts: PaymentFacts = FACTS, **changes: Any) -> list[Violation]:
    arguments: dict[str, Any] = {
        "paid_on": PAID_ON,
        "amount": Decimal("800.00"),
        "for_month": "2025-02",
        "funding_source": "Metro SHS",
        "payment_type": "Rent",
        "today": TODAY,
    }
    return payment_violations(facts, **(arguments | changes))


def with_(**changes: Any) -> PaymentFacts:
    return dataclasses.replace(FACTS, **changes)


def coached(*days: date) -> tuple[tuple[date, date], ...]:
    return tuple((day, day) for day in days)


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


def test_a_passed_target_end_date_does_not_block_a_payment() -> None:
    facts = with_(coaching_services=coached(date(2025, 3, 10)))
    assert pay(facts, paid_on=date(2025, 4, 2), today=date(2025, 4, 2)) == []


@pytest.mark.parametrize(
    ("paid_on", "participation", "months"),
    [
        (date(2025, 1, 5), None, ((2024, 12),)),
        (date(2025, 1, 5), date(2024, 11, 20), ((2024, 12),)),
        (date(2025, 1, 5), date(2025, 1, 2), ((2024, 12), (2025, 1))),
        (date(2025, 1, 5), date(2024, 1, 2), ((2024, 12),)),  # same month, other year
        (date(2025, 3, 31), date(2025, 3, 31), ((2025, 2), (2025, 3))),
    ],
)
def test_engagement_months(
    paid_on: date, participation: date | None, months: tuple[tuple[int, int], ...]
) -> None:
    assert engagement_months(paid_on, participation) == months


@pytest.mark.parametrize(
    ("participation", "coaching", "ok"),
    [
        (date(2024, 11, 20), coached(date(2024, 12, 31)), True),  # across the year boundary
        (date(2024, 11, 20), coached(date(2024, 12, 1)), True),
        (date(2024, 11, 20), coached(date(2024, 11, 30)), False),
        (date(2024, 11, 20), coached(date(2025, 1, 2)), False),  # own month only counts once
        (date(2024, 11, 20), ((date(2024, 11, 28), date(2024, 12, 2)),), True),  # spans into Dec
        (date(2025, 1, 2), coached(date(2025, 1, 3)), True),  # first-month allowance
        (date(2025, 1, 2), coached(date(2024, 12, 15)), True),
        (date(2025, 1, 2), coached(date(2024, 11, 30)), False),
        (date(2024, 11, 20), (), False),
    ],
)
def test_engagement(participation: date, coaching: tuple[tuple[date, date], ...], ok: bool) -> None:
    facts = with_(participation_date=participation, coaching_services=coaching)
    expected = [] if ok else [(ErrorCode.ENGAGEMENT_MISSING, "input.paidOn")]
    assert pairs(pay(facts)) == expected


def test_engagement_message_names_the_month() -> None:
    facts = with_(coaching_services=coached(date(2024, 11, 30)))
    message = pay(facts)[0].message
    assert message.startswith("No coaching service in December 2024 has been copied")
    assert message.endswith("(R-PAY-3)")


def test_engagement_message_in_the_first_month() -> None:
    facts = with_(participation_date=date(2025, 1, 2), coaching_services=())
    assert pay(facts)[0].message.startswith(
        "No coaching service in December 2024 (or in January 2025, the month participation "
        "started) has been copied"
    )


@pytest.mark.parametrize(
    ("facts", "changes", "expected"),
    [
        (FACTS, {}, []),
        (FACTS, {"amount": Decimal("0.01")}, []),
        (FACTS, {"paid_on": TODAY}, []),
        (with_(fully_enrolled=False), {}, [(ErrorCode.NOT_FULLY_ENROLLED, None)]),
        (with_(program_status=ProgramStatus.EXIT), {}, [(ErrorCode.WRONG_STAGE, None)]),
        (FACTS, {"amount": Decimal("0")}, [(ErrorCode.INVALID, "input.amount")]),
        (FACTS, {"amount": Decimal("-10")}, [(ErrorCode.INVALID, "input.amount")]),
        (FACTS, {"for_month": "2025-13"}, [(ErrorCode.INVALID, "input.forMonth")]),
        (FACTS, {"for_month": "February"}, [(ErrorCode.INVALID, "input.forMonth")]),
        (FACTS, {"paid_on": date(2025, 1, 11)}, [(ErrorCode.DATE_IN_FUTURE, "input.paidOn")]),
        (
            with_(application_date=date(2025, 1, 6)),
            {},
            [(ErrorCode.DATE_BEFORE_APPLICATION, "input.paidOn")],
        ),
        (with_(application_date=PAID_ON), {}, []),
        (FACTS, {"funding_source": "CDBG"}, [(ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource")]),
        (FACTS, {"payment_type": "Utilities"}, [(ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource")]),
        (
            with_(plans=(dataclasses.replace(PLAN, end_date=date(2025, 1, 4)),)),
            {},
            [(ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource")],
        ),
        (with_(plans=(dataclasses.replace(PLAN, end_date=PAID_ON),)), {}, []),
        (
            with_(plans=(dataclasses.replace(PLAN, start_date=date(2025, 1, 6)),)),
            {},
            [(ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource")],
        ),
        (with_(plans=()), {}, [(ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource")]),
        (
            with_(
                fully_enrolled=False,
                program_status=ProgramStatus.AUTO_EXIT,
                plans=(),
                coaching_services=(),
            ),
            {"amount": Decimal("0"), "for_month": "2025-2", "paid_on": date(2025, 1, 12)},
            [
                (ErrorCode.NOT_FULLY_ENROLLED, None),
                (ErrorCode.WRONG_STAGE, None),
                (ErrorCode.INVALID, "input.amount"),
                (ErrorCode.INVALID, "input.forMonth"),
                (ErrorCode.DATE_IN_FUTURE, "input.paidOn"),
                (ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource"),
                (ErrorCode.ENGAGEMENT_MISSING, "input.paidOn"),
            ],
        ),
    ],
)
def test_payment_violations(
    facts: PaymentFacts, changes: dict[str, Any], expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert pairs(pay(facts, **changes)) == expected


@pytest.mark.parametrize(
    ("paid", "requested", "flagged"),
    [
        ("3238.00", "3238.00", False),
        ("3238.01", "3238.00", True),
        ("0", "3238.00", False),
        ("5000.00", None, False),
    ],
)
def test_is_over_requested(paid: str, requested: str | None, flagged: bool) -> None:
    total_requested = None if requested is None else Decimal(requested)
    assert is_over_requested(Decimal(paid), total_requested) is flagged


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


def test_service_point_id_needs_full_enrollment() -> None:
    assert service_point_id_violations(True) == []
    assert pairs(service_point_id_violations(False)) == [
        (ErrorCode.NOT_FULLY_ENROLLED, "servicePointId")
    ]


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
    from models.rules.payments import plan_target_end_violations

    found = plan_target_end_violations(target, date(2025, 1, 13))
    assert [(v.code, v.field) for v in found] == expected
