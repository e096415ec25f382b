"""The services table, the dates derived from services and who may enter, copy or delete
a service where (R-SVC-1..7, R-ENR-4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models.rules.dates import not_in_future
from models.rules.enums import ErrorCode, HousingType, ProgramStatus, Role, ServiceType
from models.rules.errors import Violation
from models.rules.outcomes import EXITED

COACHING_TYPES = frozenset(
    {
        ServiceType.CAREER_AND_RESOURCE_PLANNING,
        ServiceType.CAREER_COACHING,
        ServiceType.CAREER_MAPPING_WORKSHOP,
        ServiceType.JOB_SEARCH_ASSISTANCE,
    }
)
HOUSING_SUPPORT_TYPES = frozenset({ServiceType.RAPID_REHOUSING, ServiceType.HOMELESS_PREVENTION})
HUB_TYPES = HOUSING_SUPPORT_TYPES | {ServiceType.HUB_FINAL_RENT_EXIT}


@dataclass(frozen=True, slots=True)
class ServiceFact:
    """One service of a record: its type, dates and whether it is a copy (R-SVC-1)."""

    type: ServiceType
    start_date: date
    end_date: date
    is_copy: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DerivedDates:
    """The dates and facts a record derives from its services (R-SVC-2..5)."""

    participation_date: date | None
    lq_fund_service_date: date | None
    housing_type_received: HousingType | None
    final_rent_exit_date: date | None
    has_copied_coaching: bool


def starts_participation(service_type: ServiceType, in_ra_record: bool) -> bool:
    """Tell whether the type sets the Participation Date (services table, R-SVC-2)."""
    # Hub services always do; coaching only in a program record (its own Participation Date).
    return service_type in HUB_TYPES or not in_ra_record


def updates_lq(service_type: ServiceType) -> bool:
    """Tell whether the type updates the LQ Fund Service Date (services table, R-SVC-3)."""
    return service_type not in HOUSING_SUPPORT_TYPES


def _counts_for_lq(service: ServiceFact, is_ra_record: bool) -> bool:
    if not updates_lq(service.type):
        return False
    return not is_ra_record or service.type not in COACHING_TYPES or service.is_copy


def derive_dates(services: Iterable[ServiceFact], is_ra_record: bool) -> DerivedDates:
    """Derive a record's dates and facts from its services (R-SVC-2..5)."""
    # A service's date for LQ and the Final Rent Exit is its end date; ties for the housing
    # type received go to the service given first.
    services = list(services)
    starters = [s for s in services if starts_participation(s.type, is_ra_record)]
    supports = [s for s in services if s.type in HOUSING_SUPPORT_TYPES]
    first_support = min(supports, key=lambda s: s.start_date, default=None)
    exits = [s.end_date for s in services if s.type is ServiceType.HUB_FINAL_RENT_EXIT]
    return DerivedDates(
        participation_date=min((s.start_date for s in starters), default=None),
        lq_fund_service_date=max(
            (s.end_date for s in services if _counts_for_lq(s, is_ra_record)), default=None
        ),
        housing_type_received=(
            None if first_support is None else HousingType(first_support.type.value)
        ),
        final_rent_exit_date=max(exits, default=None),
        has_copied_coaching=is_ra_record
        and any(s.is_copy and s.type in COACHING_TYPES for s in services),
    )


def is_fully_enrolled(
    review_date: date | None, participation_date: date | None, has_copied_coaching: bool
) -> bool:
    """Tell whether the record is accepted, participating, coaching copied in (R-SVC-4)."""
    return review_date is not None and participation_date is not None and has_copied_coaching


def service_placement_violation(
    service_type: ServiceType, is_ra_record: bool, role: Role
) -> Violation | None:
    """Check who may enter which service type in which record (R-SVC-1, R-SVC-2)."""
    if role is Role.CAREER_COACH and is_ra_record:
        field = "input.enrollmentId"
        text = "Coaches copy services into an RA record from the program record"
    elif service_type in HUB_TYPES and not is_ra_record:
        field, text = "input.type", "Hub services are entered only in an RA record"
    elif role is not Role.CAREER_COACH and service_type in COACHING_TYPES:
        field = "input.type"
        text = "Coaching services are entered by the coach in the program record"
    else:
        return None
    rule = "R-SVC-1" if service_type in COACHING_TYPES else "R-SVC-2"
    return Violation(ErrorCode.SERVICE_NOT_ALLOWED_HERE, f"{text} ({rule})", field)


def _after_final_rent_exit(
    end_date: date, final_rent_exit_date: date | None, field: str
) -> Violation | None:
    if final_rent_exit_date is None or end_date <= final_rent_exit_date:
        return None
    return Violation(
        ErrorCode.AFTER_FINAL_RENT_EXIT,
        f"No service may be dated after the Hub Final Rent Exit of {final_rent_exit_date} "
        "(R-SVC-5)",
        field,
    )


def service_create_violations(
    *,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
    today: date,
    program_status: ProgramStatus,
    application_date: date,
    review_date: date | None,
    participation_date: date | None,
    final_rent_exit_date: date | None,
    last_service_date: date | None,
) -> list[Violation]:
    """Check a hub service entered in an RA record (R-SVC-2, R-SVC-5, R-ENR-4, R-GEN-1)."""
    # The record's other services give participation_date, final_rent_exit_date and
    # last_service_date (their latest end date); so a date correction (R-SVC-7) reuses this.
    violations: list[Violation | None] = []
    if program_status is not ProgramStatus.OPEN:
        violations.append(
            Violation(ErrorCode.WRONG_STAGE, "Services go only into an open record (R-SVC-2)")
        )
    if review_date is None:
        violations.append(
            Violation(
                ErrorCode.NOT_ACCEPTED, "Accept the referral before entering services (R-SVC-2)"
            )
        )
    if end_date < start_date:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "The end date is before the start date (R-SVC-7)",
                "input.endDate",
            )
        )
    violations.append(not_in_future(start_date, today, "input.startDate", what="The start date"))
    violations.append(not_in_future(end_date, today, "input.endDate", what="The end date"))
    if start_date < application_date:
        violations.append(
            Violation(
                ErrorCode.DATE_BEFORE_APPLICATION,
                f"The service is dated before the application date {application_date} (R-ENR-4)",
                "input.startDate",
            )
        )
    elif review_date is not None and start_date < review_date:
        violations.append(
            Violation(
                ErrorCode.DATE_BEFORE_APPLICATION,
                f"Hub services may not be dated before the Review Date {review_date} (R-SVC-2)",
                "input.startDate",
            )
        )
    if service_type is ServiceType.HUB_FINAL_RENT_EXIT:
        if participation_date is None:
            violations.append(
                Violation(
                    ErrorCode.WRONG_STAGE,
                    "The first hub service must be Rapid Rehousing or Homeless Prevention, "
                    "not the Hub Final Rent Exit (R-SVC-2)",
                    "input.type",
                )
            )
        if final_rent_exit_date is not None:
            violations.append(
                Violation(
                    ErrorCode.AFTER_FINAL_RENT_EXIT,
                    "The record already has a Hub Final Rent Exit (R-SVC-5)",
                    "input.type",
                )
            )
        elif last_service_date is not None and last_service_date > end_date:
            violations.append(
                Violation(
                    ErrorCode.AFTER_FINAL_RENT_EXIT,
                    f"A service is dated {last_service_date}, after this Hub Final Rent Exit; "
                    "the Final Rent Exit must be the last service (R-SVC-5)",
                    "input.endDate",
                )
            )
    else:
        violations.append(_after_final_rent_exit(end_date, final_rent_exit_date, "input.endDate"))
    return [v for v in violations if v is not None]


def copy_violations(
    *,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
    from_program_record: bool,
    same_customer: bool,
    same_enrollment: bool,
    target_is_ra_record: bool,
    target_status: ProgramStatus,
    target_application_date: date,
    target_final_rent_exit_date: date | None,
    already_copied_there: bool,
) -> list[Violation]:
    """Check a coach's Copy To into another enrollment (R-SVC-1, R-SVC-5, R-ENR-4)."""
    if service_type not in COACHING_TYPES or not from_program_record:
        return [
            Violation(
                ErrorCode.SERVICE_NOT_ALLOWED_HERE,
                "Only coaching services of a program record can be copied (R-SVC-1)",
                "serviceId",
            )
        ]
    if not same_customer or same_enrollment:
        return [
            Violation(
                ErrorCode.INVALID,
                "A service is copied into another enrollment of the same customer (R-SVC-1)",
                "toEnrollmentId",
            )
        ]
    violations: list[Violation | None] = []
    if target_status is not ProgramStatus.OPEN:
        violations.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "Services can only be copied into an open enrollment (R-SVC-1)",
                "toEnrollmentId",
            )
        )
    if already_copied_there:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "This service has already been copied into that enrollment (R-SVC-1)",
                "toEnrollmentId",
            )
        )
    if target_is_ra_record and start_date < target_application_date:
        violations.append(
            Violation(
                ErrorCode.DATE_BEFORE_APPLICATION,
                f"The service is dated before the RA record's application date "
                f"{target_application_date} (R-ENR-4)",
                "serviceId",
            )
        )
    violations.append(_after_final_rent_exit(end_date, target_final_rent_exit_date, "serviceId"))
    return [v for v in violations if v is not None]


def service_delete_violations(
    *, service_type: ServiceType, program_status: ProgramStatus, copy_count: int
) -> list[Violation]:
    """Check that a service may be deleted (R-SVC-7)."""
    violations = []
    if service_type is ServiceType.HUB_FINAL_RENT_EXIT and program_status in EXITED:
        violations.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "The Hub Final Rent Exit of an exited record cannot be deleted; the contract "
                "manager removes the exit instead (R-SVC-7, R-OUT-6)",
                "serviceId",
            )
        )
    if copy_count > 0:
        violations.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "This service has been copied into another record; delete the copies first "
                "(R-SVC-7)",
                "serviceId",
            )
        )
    return violations


def coaching_service_violations(
    *,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
    today: date,
    is_ra_record: bool,
    own_agency: bool,
    program_status: ProgramStatus,
) -> list[Violation]:
    """Check a coach's service entered in a program record: a coaching type, in an open
    program record of the coach's own agency, dated today or earlier, ending on or after
    its start (R-SVC-1, R-GEN-1, R-SVC-7)."""
    placement = service_placement_violation(service_type, is_ra_record, Role.CAREER_COACH)
    if placement is not None:
        return [placement]
    if service_type not in COACHING_TYPES:
        return [
            Violation(
                ErrorCode.SERVICE_NOT_ALLOWED_HERE,
                "Coaches enter only the four coaching services (R-SVC-1)",
                "input.type",
            )
        ]
    if not own_agency:
        return [
            Violation(
                ErrorCode.SERVICE_NOT_ALLOWED_HERE,
                "Coaching services are entered in your own agency's program record (R-SVC-1)",
                "input.enrollmentId",
            )
        ]
    violations: list[Violation | None] = []
    if program_status is not ProgramStatus.OPEN:
        violations.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "Services go only into an open record (R-SVC-1)",
                "input.enrollmentId",
            )
        )
    if end_date < start_date:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "The end date is before the start date (R-SVC-7)",
                "input.endDate",
            )
        )
    violations.append(not_in_future(start_date, today, "input.startDate", what="The start date"))
    violations.append(not_in_future(end_date, today, "input.endDate", what="The end date"))
    return [v for v in violations if v is not None]
