"""R-PAY-3, R-PAY-5, R-SVC-5, R-REG-0: money follows the calendar. The month paid for runs
from the Application Date's month to the month after the payment's (across year ends);
nothing is dated after the Hub Final Rent Exit or pays for a month after its month (the
day itself is allowed), whichever is entered first; a repeated month is flagged; the
funding source and payment type are values of the lists in force."""

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
    final_rent_exit_payment_violations,
    for_month_bounds,
    is_possible_duplicate,
    next_month,
    payment_violations,
)
from models.rules.plans import PlanFact

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
FUND, RENT = "Worksystems Rent Assistance", "Rent"
PLAN = PlanFact(
    funding_source=FUND,
    payment_types=frozenset({RENT}),
    start_date=date(2025, 11, 3),
    target_end_date=date(2026, 12, 31),
    end_date=None,
)
FACTS = PaymentFacts(
    program_status=ProgramStatus.OPEN,
    fully_enrolled=True,
    application_date=date(2025, 11, 3),
    participation_date=date(2025, 11, 5),
    plans=(PLAN,),
    # coaching every month, so that only the calendar rules speak
    coaching_services=((date(2025, 11, 5), date(2026, 12, 31)),),
)
TODAY = date(2026, 12, 31)
MONTH = "input.forMonth"


def pairs(violations: list[Violation]) -> list[tuple[ErrorCode, str | None]]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


def pay(paid_on: date, for_month: str, facts: PaymentFacts = FACTS, **kw: Any) -> list:
    arguments: dict[str, Any] = {
        "paid_on": paid_on,
        "amount": Decimal("900.00"),
        "for_month": for_month,
        "funding_source": FUND,
        "payment_type": RENT,
        "today": TODAY,
    }
    return pairs(payment_violations(facts, **(arguments | kw)))


@pytest.mark.parametrize(
    ("month", "after"),
    [((2025, 1), (2025, 2)), ((2025, 11), (2025, 12)), ((2025, 12), (2026, 1))],
)
def test_next_month(month: tuple[int, int], after: tuple[int, int]) -> None:
    assert next_month(*month) == after


def test_for_month_bounds() -> None:
    assert for_month_bounds(date(2025, 12, 31), date(2025, 11, 3)) == ((2025, 11), (2026, 1))


@pytest.mark.parametrize(
    ("paid_on", "for_month", "expected"),
    [
        # the payment's own month and the next one; never two months ahead
        (date(2026, 1, 5), "2026-01", []),
        (date(2026, 1, 5), "2026-02", []),
        (date(2026, 1, 5), "2026-03", [(ErrorCode.INVALID, MONTH)]),
        (date(2026, 1, 5), "2026-09", [(ErrorCode.INVALID, MONTH)]),  # the example
        (date(2026, 1, 31), "2026-02", []),  # the month's last day
        (date(2026, 2, 1), "2026-03", []),  # the next month's first day
        (date(2026, 1, 31), "2026-03", [(ErrorCode.INVALID, MONTH)]),
        # across the year boundary
        (date(2025, 12, 1), "2026-01", []),
        (date(2025, 12, 31), "2026-01", []),
        (date(2025, 12, 31), "2026-02", [(ErrorCode.INVALID, MONTH)]),
        (date(2025, 12, 31), "2027-01", [(ErrorCode.INVALID, MONTH)]),
        # earlier months back to the Application Date's month (arrears), not before
        (date(2026, 1, 5), "2025-12", []),
        (date(2026, 1, 5), "2025-11", []),  # the month of the Application Date
        (date(2026, 1, 5), "2025-10", [(ErrorCode.INVALID, MONTH)]),
        (date(2026, 1, 5), "2019-01", [(ErrorCode.INVALID, MONTH)]),  # the example
        (date(2025, 11, 3), "2025-11", []),  # on the Application Date itself
        (date(2025, 11, 3), "2025-12", []),
        # malformed stays one INVALID
        (date(2026, 1, 5), "2026-1", [(ErrorCode.INVALID, MONTH)]),
        (date(2026, 1, 5), "2026-00", [(ErrorCode.INVALID, MONTH)]),
        (date(2026, 1, 5), "", [(ErrorCode.INVALID, MONTH)]),
    ],
)
def test_the_month_paid_for(paid_on: date, for_month: str, expected: list) -> None:
    assert pay(paid_on, for_month) == expected


def test_the_month_messages_name_the_bounds_and_not_the_input() -> None:
    ahead = payment_violations(
        FACTS,
        paid_on=date(2025, 12, 31),
        amount=Decimal("1"),
        for_month="2026-02",
        funding_source=FUND,
        payment_type=RENT,
        today=TODAY,
    )
    assert "January 2026 at the latest" in ahead[0].message
    garbage = payment_violations(
        FACTS,
        paid_on=date(2025, 12, 31),
        amount=Decimal("1"),
        for_month="Ana Pérez",
        funding_source=FUND,
        payment_type=RENT,
        today=TODAY,
    )
    assert "Ana" not in garbage[0].message


FINAL = dataclasses.replace(FACTS, final_rent_exit_date=date(2026, 3, 31))
FINAL_MID = dataclasses.replace(FACTS, final_rent_exit_date=date(2026, 3, 15))


@pytest.mark.parametrize(
    ("facts", "paid_on", "for_month", "expected"),
    [
        (FINAL, date(2026, 3, 31), "2026-03", []),  # on the Final Rent Exit itself
        (FINAL, date(2026, 3, 30), "2026-03", []),
        (
            FINAL,
            date(2026, 4, 1),
            "2026-04",
            [
                (ErrorCode.AFTER_FINAL_RENT_EXIT, "input.paidOn"),
                (ErrorCode.AFTER_FINAL_RENT_EXIT, MONTH),
            ],
        ),
        (FINAL, date(2026, 4, 1), "2026-03", [(ErrorCode.AFTER_FINAL_RENT_EXIT, "input.paidOn")]),
        # rent paid in March for April pays for a month after the Final Rent Exit's
        (FINAL, date(2026, 3, 10), "2026-04", [(ErrorCode.AFTER_FINAL_RENT_EXIT, MONTH)]),
        (FINAL_MID, date(2026, 3, 15), "2026-03", []),
        (
            FINAL_MID,
            date(2026, 3, 16),
            "2026-03",
            [(ErrorCode.AFTER_FINAL_RENT_EXIT, "input.paidOn")],
        ),
        (FINAL_MID, date(2026, 3, 1), "2026-04", [(ErrorCode.AFTER_FINAL_RENT_EXIT, MONTH)]),
        # both bounds broken at once are both reported
        (
            FINAL,
            date(2026, 3, 10),
            "2026-06",
            [
                (ErrorCode.INVALID, MONTH),
                (ErrorCode.AFTER_FINAL_RENT_EXIT, MONTH),
            ],
        ),
        (FACTS, date(2026, 4, 1), "2026-04", []),  # no Final Rent Exit yet
    ],
)
def test_nothing_after_the_final_rent_exit(
    facts: PaymentFacts, paid_on: date, for_month: str, expected: list
) -> None:
    assert pay(paid_on, for_month, facts) == expected


@pytest.mark.parametrize(
    ("final", "payments", "expected"),
    [
        (date(2026, 3, 31), [], []),
        (date(2026, 3, 31), [(date(2026, 3, 31), "2026-03")], []),
        (date(2026, 3, 31), [(date(2026, 3, 10), "2026-03"), (date(2026, 2, 2), "2026-02")], []),
        (
            date(2026, 3, 30),
            [(date(2026, 3, 31), "2026-03")],
            [ErrorCode.AFTER_FINAL_RENT_EXIT],
        ),
        (
            date(2026, 3, 31),
            [(date(2026, 3, 10), "2026-04")],
            [ErrorCode.AFTER_FINAL_RENT_EXIT],
        ),
        (
            date(2025, 12, 31),
            [(date(2026, 1, 2), "2026-01")],
            [ErrorCode.AFTER_FINAL_RENT_EXIT, ErrorCode.AFTER_FINAL_RENT_EXIT],
        ),
        (date(2026, 1, 31), [(date(2026, 1, 2), "2026-01")], []),
    ],
)
def test_a_final_rent_exit_comes_after_every_payment(
    final: date, payments: list, expected: list
) -> None:
    found = final_rent_exit_payment_violations(final, payments, "input.endDate")
    assert [(v.code) for v in found] == expected
    assert all(v.field == "input.endDate" and CITED.search(v.message) for v in found)


@pytest.mark.parametrize(
    ("key", "earlier", "flagged"),
    [
        (("2026-01", FUND, RENT), [], False),
        (("2026-01", FUND, RENT), [("2026-01", FUND, RENT)], True),
        (("2026-01", FUND, RENT), [("2026-02", FUND, RENT)], False),  # another month
        (("2026-01", FUND, RENT), [("2026-01", "SHS", RENT)], False),  # another fund
        (("2026-01", FUND, RENT), [("2026-01", FUND, "Rent Arrears")], False),  # another type
        (("2026-01", FUND, RENT), [("2025-01", FUND, RENT)], False),  # same month, other year
    ],
)
def test_possible_duplicate(key: tuple, earlier: list, flagged: bool) -> None:
    assert is_possible_duplicate(key, earlier) is flagged


IN_FORCE = dataclasses.replace(
    FACTS,
    funding_sources_in_force=(FUND, "Supportive Housing Services (SHS)"),
    payment_types_in_force=(RENT, "Security Deposit"),
)


@pytest.mark.parametrize(
    ("source", "type_", "expected"),
    [
        (FUND, RENT, []),
        (
            "Made Up Fund",
            RENT,
            [
                (ErrorCode.INVALID, "input.fundingSource"),
                (ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource"),
            ],
        ),
        (
            FUND,
            "A napkin",
            [
                (ErrorCode.INVALID, "input.paymentType"),
                (ErrorCode.NO_ACTIVE_PLAN, "input.fundingSource"),
            ],
        ),
    ],
)
def test_a_payment_names_values_of_the_lists_in_force(
    source: str, type_: str, expected: list
) -> None:
    found = payment_violations(
        IN_FORCE,
        paid_on=date(2026, 1, 5),
        amount=Decimal("10"),
        for_month="2026-01",
        funding_source=source,
        payment_type=type_,
        today=TODAY,
    )
    assert pairs(found) == expected
    assert not any("Made Up" in v.message or "napkin" in v.message for v in found)


def test_a_fund_retired_after_its_plan_was_entered_takes_no_more_payments() -> None:
    retired = dataclasses.replace(IN_FORCE, funding_sources_in_force=("Another fund",))
    found = payment_violations(
        retired,
        paid_on=date(2026, 1, 5),
        amount=Decimal("10"),
        for_month="2026-01",
        funding_source=FUND,
        payment_type=RENT,
        today=TODAY,
    )
    assert pairs(found) == [(ErrorCode.INVALID, "input.fundingSource")]
