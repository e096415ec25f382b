"""A coach's service in a program record (R-SVC-1, R-GEN-1, R-SVC-7)."""

import re
from datetime import date

import pytest

from models.rules.enums import ErrorCode, ProgramStatus, ServiceType
from models.rules.services import coaching_service_violations

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
TODAY = date(2025, 6, 10)
T = ServiceType


def check(**kw):
    base = dict(
        service_type=T.CAREER_COACHING,
        start_date=TODAY,
        end_date=TODAY,
        today=TODAY,
        is_ra_record=False,
        own_agency=True,
        program_status=ProgramStatus.OPEN,
    )
    base.update(kw)
    violations = coaching_service_violations(**base)
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


@pytest.mark.parametrize(
    "service_type",
    [
        T.CAREER_AND_RESOURCE_PLANNING,
        T.CAREER_COACHING,
        T.CAREER_MAPPING_WORKSHOP,
        T.JOB_SEARCH_ASSISTANCE,
    ],
)
def test_each_coaching_type_in_own_open_program_record_today_is_allowed(service_type) -> None:
    assert check(service_type=service_type) == []


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"is_ra_record": True}, [(ErrorCode.SERVICE_NOT_ALLOWED_HERE, "input.enrollmentId")]),
        ({"service_type": T.RAPID_REHOUSING}, [(ErrorCode.SERVICE_NOT_ALLOWED_HERE, "input.type")]),
        (
            {"service_type": T.HUB_FINAL_RENT_EXIT},
            [(ErrorCode.SERVICE_NOT_ALLOWED_HERE, "input.type")],
        ),
        ({"own_agency": False}, [(ErrorCode.SERVICE_NOT_ALLOWED_HERE, "input.enrollmentId")]),
        ({"program_status": ProgramStatus.EXIT}, [(ErrorCode.WRONG_STAGE, "input.enrollmentId")]),
        ({"end_date": date(2025, 6, 9)}, [(ErrorCode.INVALID, "input.endDate")]),
        ({"start_date": date(2025, 6, 9)}, []),
        ({"end_date": date(2025, 6, 11)}, [(ErrorCode.DATE_IN_FUTURE, "input.endDate")]),
        (
            {"start_date": date(2025, 6, 11), "end_date": date(2025, 6, 11)},
            [
                (ErrorCode.DATE_IN_FUTURE, "input.startDate"),
                (ErrorCode.DATE_IN_FUTURE, "input.endDate"),
            ],
        ),
    ],
)
def test_refusals(kw: dict, expected: list) -> None:
    assert check(**kw) == expected
