"""Services in RA records, Copy To, corrections, housing status and case notes:
serviceCreate (the hub's branch), serviceCopy, serviceUpdate, serviceDelete,
housingStatusCreate, housingStatusUpdate, caseNoteCreate (R-SVC-1..7, R-OUT-9)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from models.actions.case_management import (
    UNSET,
    create_case_note,
    create_housing_status,
    update_housing_status,
)
from models.actions.service_changes import copy_service, delete_service, update_service
from models.rules import enums
from schema.context import Info
from schema.enums import CurrentHousingStatus
from schema.errors import mutation_errors
from schema.ids import parse_id
from schema.permissions import Cap, require
from schema.services.payloads import CaseNotePayload, HousingStatusPayload
from schema.services.types import CaseNote, HousingStatusEntry, ServicePayload


@strawberry.type
class HubServiceMutations:
    @strawberry.mutation(
        description="Copy a coaching service of a program record into another open "
        "enrollment of the customer, keeping its dates (R-SVC-1, R-REF-5)."
    )
    async def service_copy(
        self,
        info: Info,
        service_id: Annotated[
            strawberry.ID, strawberry.argument(description="The original service.")
        ],
        to_enrollment_id: Annotated[
            strawberry.ID, strawberry.argument(description="The target record.")
        ],
    ) -> ServicePayload:
        staff = require(info, Cap.SERVICE_COPY)
        row, errors = await copy_service(
            staff=staff,
            service_id=str(parse_id(service_id, "Service")),
            to_enrollment_id=str(parse_id(to_enrollment_id, "Enrollment")),
        )
        return ServicePayload.of(row, errors)

    @strawberry.mutation(description="Correct a service's dates; copies follow (R-SVC-7).")
    async def service_update(
        self,
        info: Info,
        service_id: Annotated[strawberry.ID, strawberry.argument(description="The service.")],
        start_date: Annotated[
            dt.date, strawberry.argument(description="The corrected start date.")
        ],
        end_date: Annotated[
            dt.date | None,
            strawberry.argument(description="The corrected end date; the start date when null."),
        ] = None,
    ) -> ServicePayload:
        staff = require(info, Cap.SERVICE_WRITE)
        row, errors = await update_service(
            staff=staff,
            service_id=str(parse_id(service_id, "Service")),
            start_date=start_date,
            end_date=end_date,
        )
        return ServicePayload.of(row, errors)

    @strawberry.mutation(
        description="Delete a service: a copy by the coach, an original while it has no "
        "copies (R-SVC-7)."
    )
    async def service_delete(
        self,
        info: Info,
        service_id: Annotated[strawberry.ID, strawberry.argument(description="The service.")],
    ) -> ServicePayload:
        staff = require(info, Cap.SERVICE_WRITE)
        row, errors = await delete_service(
            staff=staff, service_id=str(parse_id(service_id, "Service"))
        )
        return ServicePayload.of(row, errors)

    @strawberry.mutation(description="Enter a Current Housing Status (R-SVC-6).")
    async def housing_status_create(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The record.")],
        start_date: Annotated[dt.date, strawberry.argument(description="From when.")],
        status: Annotated[CurrentHousingStatus, strawberry.argument(description="The status.")],  # type: ignore[valid-type]
    ) -> HousingStatusPayload:
        staff = require(info, Cap.HOUSING_STATUS_WRITE)
        row, errors = await create_housing_status(
            staff=staff,
            enrollment_id=str(parse_id(enrollment_id, "Enrollment")),
            start_date=start_date,
            status=enums.CurrentHousingStatus(status),
        )
        return HousingStatusPayload(
            housing_status=HousingStatusEntry(row=row) if row else None,
            errors=mutation_errors(errors),
        )

    @strawberry.mutation(
        description="End or correct a Current Housing Status entry; an omitted argument is "
        "left unchanged, an explicit null end date clears it (R-SVC-6)."
    )
    async def housing_status_update(
        self,
        info: Info,
        entry_id: Annotated[strawberry.ID, strawberry.argument(description="The entry.")],
        end_date: Annotated[
            dt.date | None, strawberry.argument(description="The end date; null clears it.")
        ] = strawberry.UNSET,
        status: Annotated[
            CurrentHousingStatus | None,  # type: ignore[valid-type]
            strawberry.argument(description="The corrected status."),
        ] = strawberry.UNSET,
    ) -> HousingStatusPayload:
        staff = require(info, Cap.HOUSING_STATUS_WRITE)
        row, errors = await update_housing_status(
            staff=staff,
            entry_id=str(parse_id(entry_id, "HousingStatusEntry")),
            end_date=UNSET if end_date is strawberry.UNSET else end_date,
            status=(
                UNSET
                if status is strawberry.UNSET
                else None
                if status is None
                else enums.CurrentHousingStatus(status)
            ),
        )
        return HousingStatusPayload(
            housing_status=HousingStatusEntry(row=row) if row else None,
            errors=mutation_errors(errors),
        )

    @strawberry.mutation(description="Add a case note to a record you see (R-OUT-9).")
    async def case_note_create(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The record.")],
        text: Annotated[str, strawberry.argument(description="The note; never emailed.")],
    ) -> CaseNotePayload:
        staff = require(info, Cap.CASE_NOTE_WRITE)
        row, errors = await create_case_note(
            staff=staff, enrollment_id=str(parse_id(enrollment_id, "Enrollment")), text=text
        )
        return CaseNotePayload(
            case_note=CaseNote(row=row) if row else None, errors=mutation_errors(errors)
        )
