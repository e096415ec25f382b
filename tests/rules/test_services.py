"""The services table and R-SVC-1..7: derived dates, placement, entry, copy and delete."""

import re
from datetime import date
from typing import Any

import pytest

from models.rules.enums import ErrorCode, HousingType, ProgramStatus, Role, ServiceType
from models.rules.errors import Violation
from models.rules.services import (
    COACHING_TYPES,
    HOUSING_SUPPORT_TYPES,
    HUB_TYPES,
    DerivedDates,
    ServiceFact,
    copy_violations,
    derive_dates,
    is_fully_enrolled,
    service_create_violations,
    service_delete_violations,
    service_placement_violation,
    starts_participation,
    updates_lq,
)

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
T = ServiceType
CRP, COACHING, MAPPING, JOB_SEARCH = (
    T.CAREER_AND_RESOURCE_PLANNING,
    T.CAREER_COACHING,
    T.CAREER_MAPPING_WORKSHOP,
    T.JOB_SEARCH_ASSISTANCE,
)
RR, HP, FRE = T.RAPID_REHOUSING, T.HOMELESS_PREVENTION, T.HUB_FINAL_RENT_EXIT


def pairs(violations: list[Violation]) -> list[tuple[ErrorCode, str | None]]:
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


def test_type_groups() -> None:
    assert {CRP, COACHING, MAPPING, JOB_SEARCH} == COACHING_TYPES
    assert {RR, HP, FRE} == HUB_TYPES
    assert {RR, HP} == HOUSING_SUPPORT_TYPES
    assert set(ServiceType) == COACHING_TYPES | HUB_TYPES


@pytest.mark.parametrize(
    ("service_type", "starts_in_ra", "starts_in_program", "lq"),
    [
        (CRP, False, True, True),
        (COACHING, False, True, True),
        (MAPPING, False, True, True),
        (JOB_SEARCH, False, True, True),
        (RR, True, True, False),
        (HP, True, True, False),
        (FRE, True, True, True),
    ],
)
def test_services_table(
    service_type: ServiceType, starts_in_ra: bool, starts_in_program: bool, lq: bool
) -> None:
    assert starts_participation(service_type, in_ra_record=True) is starts_in_ra
    assert starts_participation(service_type, in_ra_record=False) is starts_in_program
    assert updates_lq(service_type) is lq


def svc(kind: ServiceType, start: date, end: date | None = None, copy: bool = False) -> ServiceFact:
    return ServiceFact(kind, start, end or start, copy)


def derived(
    participation: date | None,
    lq: date | None,
    housing: HousingType | None,
    final_rent_exit: date | None,
    copied: bool,
) -> DerivedDates:
    return DerivedDates(
        participation_date=participation,
        lq_fund_service_date=lq,
        housing_type_received=housing,
        final_rent_exit_date=final_rent_exit,
        has_copied_coaching=copied,
    )


RA_SERVICES = [
    svc(COACHING, date(2025, 2, 12), copy=True),
    svc(RR, date(2025, 2, 20)),
    svc(HP, date(2025, 2, 10)),
    svc(RR, date(2025, 3, 15)),
    svc(JOB_SEARCH, date(2025, 3, 20), date(2025, 3, 22), copy=True),
]


@pytest.mark.parametrize(
    ("services", "is_ra", "expected"),
    [
        ([], True, derived(None, None, None, None, False)),
        (
            RA_SERVICES,
            True,
            derived(
                date(2025, 2, 10), date(2025, 3, 22), HousingType.HOMELESS_PREVENTION, None, True
            ),
        ),
        (
            [*RA_SERVICES, svc(FRE, date(2025, 4, 30))],
            True,
            derived(
                date(2025, 2, 10),
                date(2025, 4, 30),
                HousingType.HOMELESS_PREVENTION,
                date(2025, 4, 30),
                True,
            ),
        ),
        (
            [svc(RR, date(2025, 2, 20)), svc(HP, date(2025, 3, 1))],
            True,
            derived(date(2025, 2, 20), None, HousingType.RAPID_REHOUSING, None, False),
        ),
        (
            # coaching that is not a copy does not count in an RA record
            [svc(HP, date(2025, 2, 10)), svc(COACHING, date(2025, 2, 12))],
            True,
            derived(date(2025, 2, 10), None, HousingType.HOMELESS_PREVENTION, None, False),
        ),
        (
            # a program record: all coaching counts, copied or not
            [
                svc(COACHING, date(2025, 1, 5)),
                svc(MAPPING, date(2025, 2, 1), date(2025, 2, 3), copy=True),
                svc(CRP, date(2024, 12, 1)),
            ],
            False,
            derived(date(2024, 12, 1), date(2025, 2, 3), None, None, False),
        ),
    ],
)
def test_derive_dates(services: list[ServiceFact], is_ra: bool, expected: DerivedDates) -> None:
    assert derive_dates(iter(services), is_ra) == expected


@pytest.mark.parametrize(
    ("review", "participation", "copied", "enrolled"),
    [
        (date(2025, 2, 5), date(2025, 2, 10), True, True),
        (None, date(2025, 2, 10), True, False),
        (date(2025, 2, 5), None, True, False),
        (date(2025, 2, 5), date(2025, 2, 10), False, False),
    ],
)
def test_is_fully_enrolled(
    review: date | None, participation: date | None, copied: bool, enrolled: bool
) -> None:
    assert is_fully_enrolled(review, participation, copied) is enrolled


@pytest.mark.parametrize(
    ("service_type", "is_ra", "role", "field"),
    [
        (COACHING, False, Role.CAREER_COACH, None),
        (JOB_SEARCH, False, Role.CAREER_COACH, None),
        (COACHING, True, Role.CAREER_COACH, "input.enrollmentId"),
        (RR, True, Role.CAREER_COACH, "input.enrollmentId"),
        (RR, False, Role.CAREER_COACH, "input.type"),
        (RR, True, Role.HUB_STAFF, None),
        (HP, True, Role.HUB_STAFF, None),
        (FRE, True, Role.HUB_STAFF, None),
        (FRE, False, Role.HUB_STAFF, "input.type"),
        (COACHING, True, Role.HUB_STAFF, "input.type"),
        (MAPPING, False, Role.HUB_STAFF, "input.type"),
    ],
)
def test_service_placement(
    service_type: ServiceType, is_ra: bool, role: Role, field: str | None
) -> None:
    violation = service_placement_violation(service_type, is_ra, role)
    if field is None:
        assert violation is None
        return
    assert violation is not None
    assert pairs([violation]) == [(ErrorCode.SERVICE_NOT_ALLOWED_HERE, field)]


APPLIED, REVIEWED, TODAY = date(2025, 1, 31), date(2025, 2, 5), date(2025, 5, 1)


def create(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "service_type": RR,
        "start_date": date(2025, 2, 10),
        "end_date": date(2025, 2, 10),
        "today": TODAY,
        "program_status": ProgramStatus.OPEN,
        "application_date": APPLIED,
        "review_date": REVIEWED,
        "participation_date": None,
        "final_rent_exit_date": None,
        "last_service_date": None,
    }
    return pairs(service_create_violations(**(arguments | changes)))


def on(day: date) -> dict[str, date]:
    return {"start_date": day, "end_date": day}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        (on(REVIEWED), []),
        (on(TODAY), []),
        ({"review_date": None}, [(ErrorCode.NOT_ACCEPTED, None)]),
        ({"program_status": ProgramStatus.EXIT}, [(ErrorCode.WRONG_STAGE, None)]),
        ({"program_status": ProgramStatus.PRE_PROGRAM_EXIT}, [(ErrorCode.WRONG_STAGE, None)]),
        (on(date(2025, 1, 30)), [(ErrorCode.DATE_BEFORE_APPLICATION, "input.startDate")]),
        (on(date(2025, 2, 4)), [(ErrorCode.DATE_BEFORE_APPLICATION, "input.startDate")]),
        (
            on(date(2025, 5, 2)),
            [
                (ErrorCode.DATE_IN_FUTURE, "input.startDate"),
                (ErrorCode.DATE_IN_FUTURE, "input.endDate"),
            ],
        ),
        ({"end_date": date(2025, 5, 2)}, [(ErrorCode.DATE_IN_FUTURE, "input.endDate")]),
        ({"end_date": date(2025, 2, 9)}, [(ErrorCode.INVALID, "input.endDate")]),
        ({"service_type": FRE}, [(ErrorCode.WRONG_STAGE, "input.type")]),
        ({"service_type": FRE, "participation_date": date(2025, 2, 8)}, []),
        (
            {
                "service_type": FRE,
                "participation_date": date(2025, 2, 8),
                "final_rent_exit_date": date(2025, 2, 9),
            },
            [(ErrorCode.AFTER_FINAL_RENT_EXIT, "input.type")],
        ),
        (
            {
                "service_type": FRE,
                "participation_date": date(2025, 2, 8),
                "last_service_date": date(2025, 2, 11),
            },
            [(ErrorCode.AFTER_FINAL_RENT_EXIT, "input.endDate")],
        ),
        (
            {
                "service_type": FRE,
                "participation_date": date(2025, 2, 8),
                "last_service_date": date(2025, 2, 10),
            },
            [],
        ),
        ({"final_rent_exit_date": date(2025, 2, 10)}, []),
        (
            {"final_rent_exit_date": date(2025, 2, 9)},
            [(ErrorCode.AFTER_FINAL_RENT_EXIT, "input.endDate")],
        ),
        (
            {"review_date": None, "start_date": date(2025, 1, 1), "end_date": date(2024, 12, 1)},
            [
                (ErrorCode.NOT_ACCEPTED, None),
                (ErrorCode.INVALID, "input.endDate"),
                (ErrorCode.DATE_BEFORE_APPLICATION, "input.startDate"),
            ],
        ),
    ],
)
def test_service_create_violations(
    changes: dict[str, Any], expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert create(**changes) == expected


@pytest.mark.parametrize(
    ("day", "names"),
    [(date(2025, 1, 30), "application date"), (date(2025, 2, 4), "Review Date 2025-02-05")],
)
def test_date_before_application_names_the_date(day: date, names: str) -> None:
    violations = service_create_violations(
        service_type=HP,
        start_date=day,
        end_date=day,
        today=TODAY,
        program_status=ProgramStatus.OPEN,
        application_date=APPLIED,
        review_date=REVIEWED,
        participation_date=None,
        final_rent_exit_date=None,
        last_service_date=None,
    )
    assert names in violations[0].message


def copy(**changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "service_type": COACHING,
        "start_date": date(2025, 2, 12),
        "end_date": date(2025, 2, 12),
        "from_program_record": True,
        "same_customer": True,
        "same_enrollment": False,
        "target_is_ra_record": True,
        "target_status": ProgramStatus.OPEN,
        "target_application_date": APPLIED,
        "target_final_rent_exit_date": None,
        "already_copied_there": False,
    }
    return pairs(copy_violations(**(arguments | changes)))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        (on(APPLIED), []),
        ({"service_type": RR}, [(ErrorCode.SERVICE_NOT_ALLOWED_HERE, "serviceId")]),
        ({"from_program_record": False}, [(ErrorCode.SERVICE_NOT_ALLOWED_HERE, "serviceId")]),
        ({"same_customer": False}, [(ErrorCode.INVALID, "toEnrollmentId")]),
        ({"same_enrollment": True}, [(ErrorCode.INVALID, "toEnrollmentId")]),
        ({"target_status": ProgramStatus.EXIT}, [(ErrorCode.WRONG_STAGE, "toEnrollmentId")]),
        ({"already_copied_there": True}, [(ErrorCode.INVALID, "toEnrollmentId")]),
        (on(date(2025, 1, 30)), [(ErrorCode.DATE_BEFORE_APPLICATION, "serviceId")]),
        ({**on(date(2025, 1, 30)), "target_is_ra_record": False}, []),
        ({"target_final_rent_exit_date": date(2025, 2, 12)}, []),
        (
            {"target_final_rent_exit_date": date(2025, 2, 11)},
            [(ErrorCode.AFTER_FINAL_RENT_EXIT, "serviceId")],
        ),
        (
            {"target_status": ProgramStatus.AUTO_EXIT, "already_copied_there": True},
            [(ErrorCode.WRONG_STAGE, "toEnrollmentId"), (ErrorCode.INVALID, "toEnrollmentId")],
        ),
    ],
)
def test_copy_violations(
    changes: dict[str, Any], expected: list[tuple[ErrorCode, str | None]]
) -> None:
    assert copy(**changes) == expected


@pytest.mark.parametrize(
    ("service_type", "status", "copies", "expected"),
    [
        (FRE, ProgramStatus.OPEN, 0, []),
        (FRE, ProgramStatus.EXIT, 0, [(ErrorCode.WRONG_STAGE, "serviceId")]),
        (FRE, ProgramStatus.AUTO_EXIT, 0, [(ErrorCode.WRONG_STAGE, "serviceId")]),
        (RR, ProgramStatus.EXIT, 0, []),
        (COACHING, ProgramStatus.OPEN, 0, []),
        (COACHING, ProgramStatus.OPEN, 2, [(ErrorCode.WRONG_STAGE, "serviceId")]),
    ],
)
def test_service_delete_violations(
    service_type: ServiceType,
    status: ProgramStatus,
    copies: int,
    expected: list[tuple[ErrorCode, str | None]],
) -> None:
    violations = service_delete_violations(
        service_type=service_type, program_status=status, copy_count=copies
    )
    assert pairs(violations) == expected
