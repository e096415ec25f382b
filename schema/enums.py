"""The domain enums, exposed under the contract's names."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from models.rules import enums

Role = strawberry.enum(enums.Role, description="What a staff member is.")
ProviderKind = strawberry.enum(enums.ProviderKind, description="Program agency or hub.")
ServiceType = strawberry.enum(enums.ServiceType, description="Service types (R-SVC table).")
HousingType = strawberry.enum(
    enums.HousingType, description="Rapid Rehousing or Homeless Prevention."
)
EmploymentCharacteristic = strawberry.enum(
    enums.EmploymentCharacteristic, description="Employment characteristics (R-REG-2)."
)
DocumentationOfNeed = strawberry.enum(
    enums.DocumentationOfNeed, description="Documentation of Need (PY2024)."
)
IncomeStatus = strawberry.enum(enums.IncomeStatus, description="R-REG-3 income status.")
DocumentType = strawberry.enum(enums.DocumentType, description="Document types (R-DOC-1).")
ProgramStatus = strawberry.enum(enums.ProgramStatus, description="Program status (R-OUT-1).")
ReferralStage = strawberry.enum(
    enums.ReferralStage,
    description="DRAFT: registration not yet signed or conditions unmet; READY: R-REF-1 holds, "
    "not yet sent; SENT: emailed to the hub; ACCEPTED: Review Date entered; ENROLLED: fully "
    "enrolled (R-SVC-4); CLOSED: any exit.",
)
OutcomeType = strawberry.enum(enums.OutcomeType, description="Outcome types (R-OUT-7).")
OutcomeHousingStatus = strawberry.enum(
    enums.OutcomeHousingStatus, description="Housing status of an outcome (R-OUT-7)."
)
CurrentHousingStatus = strawberry.enum(
    enums.CurrentHousingStatus, description="Current Housing Status (R-SVC-6)."
)
SweepKind = strawberry.enum(enums.SweepKind, description="The daily sweeps (R-REF-4, R-OUT-4).")
LinkPurpose = strawberry.enum(enums.LinkPurpose, description="What a participant link is for.")


class ServiceStatusValue(StrEnum):
    """A service's Status in the guide's services table."""

    COMPLETED = "COMPLETED"


class RecordKindValue(StrEnum):
    """What an enrollment is (R-ENR-1)."""

    PROGRAM_RECORD = "PROGRAM_RECORD"
    RA_RECORD = "RA_RECORD"


ServiceStatus = strawberry.enum(
    ServiceStatusValue,
    name="ServiceStatus",
    description="A service's Status as the guide's services table shows it: an entered "
    "service is Completed (R-SVC-8).",
)
RecordKind = strawberry.enum(
    RecordKindValue,
    name="RecordKind",
    description="PROGRAM_RECORD: an enrollment with a program agency (e.g. EOP); RA_RECORD: a "
    "Rent Assistance record with a hub (R-ENR-1).",
)
Language = strawberry.enum(
    enums.Language,
    description="A participant's language (issue 16): EN English, ES Spanish, VI Vietnamese, "
    "RU Russian, ZH Chinese (Simplified). Emails, pages and the application are in it once "
    "its translation is complete; until then in English.",
)
