"""R-OUT-8 (with R-ENR-6, R-OUT-6, R-OUT-7): Received RA Again cannot be bent. It needs a
return applied for more than 90 days after the exit (day 90 no, day 91 yes), it is final
for hub staff (no outcome replaces it or follows it), only a contract manager corrects it
with a reason, an At Exit status that retention outcomes rest on stays Housed, and an exit
is not removed while the customer has another open RA record."""

import re
from datetime import date, timedelta
from typing import Any

import pytest

from models.rules.enums import ErrorCode, OutcomeHousingStatus, OutcomeType, ProgramStatus
from models.rules.errors import Violation
from models.rules.outcome_corrections import outcome_correction_violations
from models.rules.outcomes import (
    exit_remove_violations,
    is_final,
    is_return_after_90_days,
    outcome_violations,
    received_ra_again_type,
)

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
AT_EXIT = OutcomeType.AT_EXIT
SIX = OutcomeType.SIX_MONTH_RETENTION
TWELVE = OutcomeType.TWELVE_MONTH_RETENTION
HOUSED = OutcomeHousingStatus.HOUSED
NOT_HOUSED = OutcomeHousingStatus.NOT_HOUSED
UNKNOWN = OutcomeHousingStatus.UNKNOWN
AGAIN = OutcomeHousingStatus.RECEIVED_RA_AGAIN
EXITED_ON, TODAY = date(2025, 1, 31), date(2026, 6, 30)
DAY_90, DAY_91 = EXITED_ON + timedelta(days=90), EXITED_ON + timedelta(days=91)


def pairs(violations: list[Violation]) -> list[tuple[ErrorCode, str | None]]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


@pytest.mark.parametrize(
    ("exit_date", "application_date", "returned"),
    [
        (EXITED_ON, DAY_90, False),
        (EXITED_ON, DAY_91, True),
        (EXITED_ON, EXITED_ON, False),
        (EXITED_ON, EXITED_ON - timedelta(days=1), False),
        (date(2024, 12, 31), date(2025, 3, 31), False),  # 90 days across the year end
        (date(2024, 12, 31), date(2025, 4, 1), True),
        (date(2024, 2, 29), date(2024, 5, 29), False),  # leap year: 90 days
        (date(2024, 2, 29), date(2024, 5, 30), True),
    ],
)
def test_a_return_is_more_than_90_days_after_the_exit(
    exit_date: date, application_date: date, returned: bool
) -> None:
    assert is_return_after_90_days(exit_date, application_date) is returned


def hub(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    """outcomeRecord by hub staff: returns are judged."""
    arguments: dict[str, Any] = {
        "outcome_type": SIX,
        "housing_status": AGAIN,
        "recorded_on": date(2025, 6, 1),
        "program_status": ProgramStatus.EXIT,
        "exit_date": EXITED_ON,
        "today": TODAY,
        "recorded": {AT_EXIT: HOUSED},
        "return_application_dates": [DAY_91],
    }
    return pairs(outcome_violations(**(arguments | changes)))


NO_RETURN = [(ErrorCode.NO_RETURN_RECORDED, "housingStatus")]
FINAL = [(ErrorCode.WRONG_STAGE, None)]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"program_status": ProgramStatus.AUTO_EXIT}, []),
        ({"return_application_dates": []}, NO_RETURN),  # five days after the exit, no record
        ({"recorded_on": EXITED_ON + timedelta(days=5), "return_application_dates": []}, NO_RETURN),
        ({"return_application_dates": [DAY_90]}, NO_RETURN),
        ({"return_application_dates": [EXITED_ON - timedelta(days=400)]}, NO_RETURN),
        ({"return_application_dates": [DAY_90, DAY_91]}, []),
        ({"return_application_dates": [date(2026, 6, 1)]}, []),
        # exempt from timing and housed-at-exit, not from the calendar
        ({"recorded": {AT_EXIT: NOT_HOUSED}, "recorded_on": EXITED_ON}, []),
        ({"recorded": {}}, []),
        ({"recorded_on": TODAY + timedelta(days=1)}, [(ErrorCode.DATE_IN_FUTURE, "recordedOn")]),
        ({"outcome_type": AT_EXIT}, [(ErrorCode.INVALID, "type")]),
        (
            {"outcome_type": AT_EXIT, "return_application_dates": []},
            [
                (ErrorCode.INVALID, "type"),
                *NO_RETURN,
            ],
        ),
        # no retention type left to take
        (
            {"recorded": {AT_EXIT: HOUSED, SIX: HOUSED, TWELVE: HOUSED}},
            [(ErrorCode.WRONG_STAGE, "type")],
        ),
        # the stage comes first
        ({"program_status": ProgramStatus.OPEN}, FINAL),
        ({"program_status": ProgramStatus.PRE_PROGRAM_EXIT}, FINAL),
    ],
)
def test_hub_staff_record_received_ra_again_only_after_a_return(
    changes: dict[str, Any], expected: list
) -> None:
    assert hub(**changes) == expected


def test_no_return_names_the_first_day_that_counts() -> None:
    found = outcome_violations(
        outcome_type=SIX,
        housing_status=AGAIN,
        recorded_on=date(2025, 6, 1),
        program_status=ProgramStatus.EXIT,
        exit_date=EXITED_ON,
        today=TODAY,
        recorded={},
        return_application_dates=[],
    )
    assert DAY_91.isoformat() in found[0].message


MARKED_SIX = {AT_EXIT: HOUSED, SIX: AGAIN}
MARKED_TWELVE = {AT_EXIT: HOUSED, SIX: HOUSED, TWELVE: AGAIN}


@pytest.mark.parametrize("recorded", [MARKED_SIX, MARKED_TWELVE, {SIX: AGAIN}])
@pytest.mark.parametrize(
    ("outcome_type", "status", "on"),
    [
        (SIX, HOUSED, date(2025, 7, 31)),  # the example: it replaced the mark
        (SIX, NOT_HOUSED, date(2025, 7, 31)),
        (TWELVE, HOUSED, date(2026, 1, 31)),
        (TWELVE, UNKNOWN, date(2026, 1, 31)),
        (AT_EXIT, NOT_HOUSED, EXITED_ON),
        (AT_EXIT, HOUSED, EXITED_ON),
        (SIX, AGAIN, date(2025, 7, 31)),  # nor a second mark
        (TWELVE, AGAIN, date(2025, 7, 31)),
    ],
)
def test_received_ra_again_is_final_for_hub_staff(
    recorded: dict, outcome_type: OutcomeType, status: OutcomeHousingStatus, on: date
) -> None:
    assert is_final(recorded)
    found = hub(outcome_type=outcome_type, housing_status=status, recorded_on=on, recorded=recorded)
    assert found == FINAL
    # without returns judged (the system's path) it is final just the same
    assert (
        hub(
            outcome_type=outcome_type,
            housing_status=status,
            recorded_on=on,
            recorded=recorded,
            return_application_dates=None,
        )
        == FINAL
    )


@pytest.mark.parametrize(
    ("recorded", "status", "expected"),
    [
        ({SIX: HOUSED}, NOT_HOUSED, [(ErrorCode.NOT_HOUSED_AT_EXIT, "housingStatus")]),
        ({SIX: HOUSED}, UNKNOWN, [(ErrorCode.NOT_HOUSED_AT_EXIT, "housingStatus")]),
        ({TWELVE: NOT_HOUSED}, NOT_HOUSED, [(ErrorCode.NOT_HOUSED_AT_EXIT, "housingStatus")]),
        ({SIX: HOUSED}, HOUSED, []),
        ({}, NOT_HOUSED, []),
    ],
)
def test_an_at_exit_status_retention_rests_on_stays_housed(
    recorded: dict, status: OutcomeHousingStatus, expected: list
) -> None:
    found = hub(
        outcome_type=AT_EXIT,
        housing_status=status,
        recorded_on=EXITED_ON,
        recorded={AT_EXIT: HOUSED, **recorded},
    )
    assert found == expected


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        ({}, SIX),
        ({AT_EXIT: HOUSED}, SIX),
        ({AT_EXIT: HOUSED, SIX: HOUSED}, TWELVE),
        ({TWELVE: HOUSED}, SIX),
        ({AT_EXIT: HOUSED, SIX: HOUSED, TWELVE: UNKNOWN}, None),
    ],
)
def test_the_mark_takes_the_next_retention_type(recorded: dict, expected: OutcomeType) -> None:
    assert received_ra_again_type(recorded) == expected


def correct(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "outcome_type": SIX,
        "housing_status": HOUSED,
        "recorded_on": date(2025, 7, 31),
        "program_status": ProgramStatus.EXIT,
        "exit_date": EXITED_ON,
        "recorded": MARKED_SIX,
        "reason": "The return was entered for the wrong customer",
        "today": TODAY,
    }
    return pairs(outcome_correction_violations(**(arguments | changes)))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # a contract manager may replace the mark, under the R-OUT-7 checks
        ({}, []),
        ({"housing_status": UNKNOWN}, []),
        ({"recorded_on": date(2025, 7, 30)}, [(ErrorCode.RETENTION_TOO_EARLY, "recordedOn")]),
        (
            {"recorded": {AT_EXIT: NOT_HOUSED, SIX: AGAIN}},
            [(ErrorCode.NOT_HOUSED_AT_EXIT, "type")],
        ),
        ({"recorded_on": TODAY + timedelta(days=1)}, [(ErrorCode.DATE_IN_FUTURE, "recordedOn")]),
        # or remove it (housing status None), or mark an outcome Received RA Again
        ({"housing_status": None}, []),
        ({"housing_status": AGAIN, "recorded": {AT_EXIT: HOUSED, SIX: HOUSED}}, []),
        ({"housing_status": AGAIN, "outcome_type": AT_EXIT}, [(ErrorCode.INVALID, "type")]),
        # always with a reason
        ({"reason": "  "}, [(ErrorCode.REQUIRED, "reason")]),
        ({"reason": "", "housing_status": None}, [(ErrorCode.REQUIRED, "reason")]),
        # an At Exit outcome that retention rests on is not removed or changed
        (
            {
                "outcome_type": AT_EXIT,
                "housing_status": None,
                "recorded": {AT_EXIT: HOUSED, SIX: HOUSED},
            },
            [(ErrorCode.NOT_HOUSED_AT_EXIT, "housingStatus")],
        ),
        ({"outcome_type": AT_EXIT, "housing_status": None}, []),  # the mark needs no At Exit
        (
            {
                "outcome_type": AT_EXIT,
                "housing_status": NOT_HOUSED,
                "recorded_on": EXITED_ON,
                "recorded": {AT_EXIT: HOUSED, TWELVE: HOUSED},
            },
            [(ErrorCode.NOT_HOUSED_AT_EXIT, "housingStatus")],
        ),
        # only on an exited record
        ({"program_status": ProgramStatus.OPEN}, [(ErrorCode.WRONG_STAGE, None)]),
        (
            {"program_status": ProgramStatus.OPEN, "housing_status": None},
            [(ErrorCode.WRONG_STAGE, None)],
        ),
    ],
)
def test_a_contract_managers_correction(changes: dict[str, Any], expected: list) -> None:
    assert correct(**changes) == expected


@pytest.mark.parametrize(
    ("status", "other_open", "expected"),
    [
        (ProgramStatus.EXIT, False, []),
        (ProgramStatus.AUTO_EXIT, False, []),
        (ProgramStatus.EXIT, True, [(ErrorCode.OPEN_RA_RECORD_EXISTS, None)]),
        (ProgramStatus.AUTO_EXIT, True, [(ErrorCode.OPEN_RA_RECORD_EXISTS, None)]),
        (ProgramStatus.OPEN, True, [(ErrorCode.WRONG_STAGE, None)]),
    ],
)
def test_an_exit_is_not_removed_beside_another_open_record(
    status: ProgramStatus, other_open: bool, expected: list
) -> None:
    found = exit_remove_violations(
        status, "Returned within 90 days", other_open_ra_record=other_open
    )
    assert pairs(found) == expected
