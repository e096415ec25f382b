"""R-PAY-1, R-PAY-3, R-PAY-4: Service Point ID, payments, engagement and over-requested
totals (the plans are in test_plans.py, the calendar of payments in test_payment_months.py)."""

import dataclasses
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from models.rules.enums import ErrorCode, ProgramStatus
from models.rules.errors import Violation
from models.rules.payments import (
    PaymentFacts,
    engagement_months,
    is_over_requested,
    payment_violations,
    service_point_id_violations,
)
from models.rules.plans import PlanFact

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


def test_service_point_id_needs_full_enrollment() -> None:
    assert service_point_id_violations(True) == []
    assert pairs(service_point_id_violations(False)) == [
        (ErrorCode.NOT_FULLY_ENROLLED, "servicePointId")
    ]
