"""R-OUT-3..8: Exit, outcome timing, Received RA Again, the 90-day rule, removing an exit
and sweep runs."""

import re
from datetime import date, timedelta
from typing import Any

import pytest

from models.rules.enums import ErrorCode, OutcomeHousingStatus, OutcomeType, ProgramStatus
from models.rules.errors import Violation
from models.rules.outcomes import (
    INACTIVITY_DAYS,
    earliest_outcome_date,
    exit_remove_violations,
    exit_violations,
    inactivity_cutoff,
    is_inactivity_due,
    last_qualifying_date,
    outcome_violations,
    received_ra_again_type,
    sweep_run_violations,
)

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
AT_EXIT = OutcomeType.AT_EXIT
SIX = OutcomeType.SIX_MONTH_RETENTION
TWELVE = OutcomeType.TWELVE_MONTH_RETENTION
HOUSED = OutcomeHousingStatus.HOUSED
NOT_HOUSED = OutcomeHousingStatus.NOT_HOUSED
UNKNOWN = OutcomeHousingStatus.UNKNOWN
AGAIN = OutcomeHousingStatus.RECEIVED_RA_AGAIN


def pairs(violations: list[Violation]) -> list[tuple[ErrorCode, str | None]]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


@pytest.mark.parametrize(
    ("status", "review", "final_rent_exit", "ended", "expected"),
    [
        (ProgramStatus.OPEN, date(2025, 2, 5), date(2025, 6, 30), True, []),
        (ProgramStatus.OPEN, None, date(2025, 6, 30), True, [ErrorCode.WRONG_STAGE]),
        (ProgramStatus.EXIT, date(2025, 2, 5), date(2025, 6, 30), True, [ErrorCode.WRONG_STAGE]),
        (ProgramStatus.AUTO_EXIT, date(2025, 2, 5), None, False, [ErrorCode.WRONG_STAGE]),
        (
            ProgramStatus.OPEN,
            date(2025, 2, 5),
            None,
            True,
            [ErrorCode.FINAL_RENT_EXIT_REQUIRED],
        ),
        (
            ProgramStatus.OPEN,
            date(2025, 2, 5),
            date(2025, 6, 30),
            False,
            [ErrorCode.PLANS_NOT_ENDED],
        ),
        (
            ProgramStatus.OPEN,
            date(2025, 2, 5),
            None,
            False,
            [ErrorCode.FINAL_RENT_EXIT_REQUIRED, ErrorCode.PLANS_NOT_ENDED],
        ),
    ],
)
def test_exit_violations(
    status: ProgramStatus,
    review: date | None,
    final_rent_exit: date | None,
    ended: bool,
    expected: list[ErrorCode],
) -> None:
    violations = exit_violations(
        program_status=status,
        review_date=review,
        final_rent_exit_date=final_rent_exit,
        plans_all_ended=ended,
    )
    assert [code for code, _ in pairs(violations)] == expected


@pytest.mark.parametrize(
    ("outcome_type", "exit_date", "earliest"),
    [
        (AT_EXIT, date(2024, 8, 31), date(2024, 8, 31)),
        (SIX, date(2024, 8, 31), date(2025, 2, 28)),
        (TWELVE, date(2024, 8, 31), date(2025, 8, 31)),
        (SIX, date(2025, 4, 30), date(2025, 10, 30)),
        (TWELVE, date(2025, 4, 30), date(2026, 4, 30)),
        (SIX, date(2023, 8, 31), date(2024, 2, 29)),
        (TWELVE, date(2024, 2, 29), date(2025, 2, 28)),
        (SIX, date(2025, 12, 31), date(2026, 6, 30)),
    ],
)
def test_earliest_outcome_date(outcome_type: OutcomeType, exit_date: date, earliest: date) -> None:
    assert earliest_outcome_date(outcome_type, exit_date) == earliest


EXITED_ON, TODAY = date(2024, 8, 31), date(2026, 1, 1)


def record(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "outcome_type": SIX,
        "housing_status": HOUSED,
        "recorded_on": date(2025, 2, 28),
        "program_status": ProgramStatus.EXIT,
        "exit_date": EXITED_ON,
        "at_exit_status": HOUSED,
        "today": TODAY,
    }
    return pairs(outcome_violations(**(arguments | changes)))


TOO_EARLY = [(ErrorCode.RETENTION_TOO_EARLY, "recordedOn")]
NOT_HOUSED_AT_EXIT = [(ErrorCode.NOT_HOUSED_AT_EXIT, "type")]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"program_status": ProgramStatus.AUTO_EXIT}, []),
        ({"recorded_on": date(2025, 2, 27)}, TOO_EARLY),
        ({"housing_status": UNKNOWN}, []),
        (
            {"outcome_type": AT_EXIT, "at_exit_status": None, "recorded_on": EXITED_ON},
            [],
        ),
        (
            {"outcome_type": AT_EXIT, "housing_status": NOT_HOUSED, "recorded_on": EXITED_ON},
            [],
        ),
        ({"outcome_type": AT_EXIT, "recorded_on": date(2024, 8, 30)}, TOO_EARLY),
        ({"outcome_type": TWELVE, "recorded_on": date(2025, 8, 30)}, TOO_EARLY),
        ({"outcome_type": TWELVE, "recorded_on": date(2025, 8, 31)}, []),
        ({"at_exit_status": NOT_HOUSED}, NOT_HOUSED_AT_EXIT),
        ({"at_exit_status": UNKNOWN}, NOT_HOUSED_AT_EXIT),
        ({"at_exit_status": None}, NOT_HOUSED_AT_EXIT),
        (
            {"outcome_type": TWELVE, "recorded_on": date(2025, 9, 1), "at_exit_status": NOT_HOUSED},
            NOT_HOUSED_AT_EXIT,
        ),
        (
            {"recorded_on": date(2025, 2, 1), "at_exit_status": NOT_HOUSED},
            TOO_EARLY + NOT_HOUSED_AT_EXIT,
        ),
        ({"recorded_on": date(2026, 1, 2)}, [(ErrorCode.DATE_IN_FUTURE, "recordedOn")]),
        # Received RA Again is exempt from the timing and housed-at-exit checks (R-OUT-8)
        (
            {"housing_status": AGAIN, "recorded_on": date(2024, 9, 1), "at_exit_status": None},
            [],
        ),
        ({"housing_status": AGAIN, "outcome_type": TWELVE, "at_exit_status": NOT_HOUSED}, []),
        ({"housing_status": AGAIN, "outcome_type": AT_EXIT}, [(ErrorCode.INVALID, "type")]),
        (
            {"housing_status": AGAIN, "recorded_on": date(2026, 1, 2)},
            [(ErrorCode.DATE_IN_FUTURE, "recordedOn")],
        ),
        (
            {"program_status": ProgramStatus.OPEN, "exit_date": None},
            [(ErrorCode.WRONG_STAGE, None)],
        ),
        ({"program_status": ProgramStatus.OPEN}, [(ErrorCode.WRONG_STAGE, None)]),
        ({"program_status": ProgramStatus.PRE_PROGRAM_EXIT}, [(ErrorCode.WRONG_STAGE, None)]),
    ],
)
def test_outcome_violations(
    changes: dict[str, Any], expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert record(**changes) == expected


def test_too_early_names_the_first_day() -> None:
    violations = outcome_violations(
        outcome_type=SIX,
        housing_status=HOUSED,
        recorded_on=date(2025, 10, 29),
        program_status=ProgramStatus.EXIT,
        exit_date=date(2025, 4, 30),
        at_exit_status=HOUSED,
        today=TODAY,
    )
    assert "from 2025-10-30" in violations[0].message


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        ([], SIX),
        ([AT_EXIT], SIX),
        ([AT_EXIT, SIX], TWELVE),
        ([TWELVE], SIX),
        ([AT_EXIT, SIX, TWELVE], None),
    ],
)
def test_received_ra_again_type(recorded: list[OutcomeType], expected: OutcomeType | None) -> None:
    assert received_ra_again_type(iter(recorded)) == expected


LQ, PARTICIPATION, REVIEW = date(2025, 3, 20), date(2025, 2, 10), date(2025, 2, 5)


@pytest.mark.parametrize(
    ("lq", "participation", "review", "removed", "expected"),
    [
        (LQ, PARTICIPATION, REVIEW, None, LQ),
        (None, PARTICIPATION, REVIEW, None, PARTICIPATION),
        (None, None, REVIEW, None, REVIEW),
        (None, None, None, None, None),
        # the fallback chain is followed as written: an LQ date wins even when earlier
        (date(2025, 2, 7), PARTICIPATION, REVIEW, None, date(2025, 2, 7)),
        # the day an exit was removed counts when it is later (R-OUT-6)
        (LQ, PARTICIPATION, REVIEW, date(2025, 9, 1), date(2025, 9, 1)),
        (LQ, PARTICIPATION, REVIEW, date(2025, 3, 1), LQ),
        (None, None, None, date(2025, 9, 1), date(2025, 9, 1)),
    ],
)
def test_last_qualifying_date(
    lq: date | None,
    participation: date | None,
    review: date | None,
    removed: date | None,
    expected: date | None,
) -> None:
    assert last_qualifying_date(lq, participation, review, removed) == expected


@pytest.mark.parametrize(
    "dates",
    [
        (LQ, PARTICIPATION, REVIEW, None),
        (None, PARTICIPATION, REVIEW, None),
        (None, None, REVIEW, None),
        (date(2024, 1, 1), None, REVIEW, LQ),
    ],
    ids=["lq", "participation", "review", "exit-removed"],
)
@pytest.mark.parametrize(("days", "due"), [(89, False), (90, False), (91, True), (200, True)])
def test_inactivity_90_days(
    dates: tuple[date | None, date | None, date | None, date | None], days: int, due: bool
) -> None:
    last = last_qualifying_date(*dates)
    assert last is not None
    as_of = last + timedelta(days=days)
    assert is_inactivity_due(last, as_of) is due
    assert (last <= inactivity_cutoff(as_of)) is due


def test_inactivity_cutoff() -> None:
    assert INACTIVITY_DAYS == 90
    assert inactivity_cutoff(date(2025, 6, 19)) == LQ
    assert not is_inactivity_due(None, date(2030, 1, 1))


@pytest.mark.parametrize(
    ("status", "reason", "expected"),
    [
        (ProgramStatus.EXIT, "Returned within 90 days", []),
        (ProgramStatus.AUTO_EXIT, "Services were not entered", []),
        (ProgramStatus.OPEN, "x", [(ErrorCode.WRONG_STAGE, None)]),
        (ProgramStatus.PRE_PROGRAM_EXIT, "x", [(ErrorCode.WRONG_STAGE, None)]),
        (ProgramStatus.EXIT, "  ", [(ErrorCode.REQUIRED, "reason")]),
        (
            ProgramStatus.OPEN,
            "",
            [(ErrorCode.WRONG_STAGE, None), (ErrorCode.REQUIRED, "reason")],
        ),
    ],
)
def test_exit_remove_violations(
    status: ProgramStatus, reason: str, expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert pairs(exit_remove_violations(status, reason)) == expected


SWEEP_TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("as_of", "dry_run", "expected"),
    [
        (date(2025, 5, 31), False, []),
        (SWEEP_TODAY, False, []),
        (date(2025, 6, 2), False, [(ErrorCode.DATE_IN_FUTURE, "asOf")]),
        (date(2025, 6, 2), True, []),
        (date(2024, 1, 1), True, []),
    ],
)
def test_sweep_run_violations(
    as_of: date, dry_run: bool, expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert pairs(sweep_run_violations(as_of, SWEEP_TODAY, dry_run)) == expected
