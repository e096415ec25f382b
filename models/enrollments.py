"""Enrollments (program records and RA records) and their Registration tab."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.rules.enums import DocumentationOfNeed, HousingType, ProgramStatus


class Enrollment(Model):
    """A customer's enrollment with a provider, is_ra marking an RA record (R-ENR-1).

    The dates the guides name (participation, LQ Fund Service Date, exit) and
    fully_enrolled are kept on the row so that sweeps and reports are plain SQL:
    the services actions keep them in step with the services (R-SVC-3, R-SVC-4).
    """

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Customer", related_name="enrollments", on_delete=fields.RESTRICT
    )
    customer_id: int
    provider: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Provider", related_name="enrollments", on_delete=fields.RESTRICT
    )
    provider_id: int
    is_ra = fields.BooleanField(default=False)
    customer_of: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="customers_of", on_delete=fields.RESTRICT
    )
    customer_of_id: int
    referred_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="referrals", null=True, on_delete=fields.RESTRICT
    )
    referred_by_id: int | None
    application_date = fields.DateField()
    program_status = fields.CharEnumField(
        ProgramStatus, max_length=32, default=ProgramStatus.OPEN, db_index=True
    )
    sent_at = fields.DatetimeField(null=True)
    review_date = fields.DateField(null=True)
    reviewed_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="reviews", null=True, on_delete=fields.RESTRICT
    )
    reviewed_by_id: int | None
    participation_date = fields.DateField(null=True)
    lq_fund_service_date = fields.DateField(null=True)
    housing_type_received = fields.CharEnumField(HousingType, max_length=32, null=True)
    fully_enrolled = fields.BooleanField(default=False)
    exit_date = fields.DateField(null=True)
    exit_removed_on = fields.DateField(null=True)
    service_point_id = fields.CharField(max_length=60, null=True)
    created_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="enrollments_created", on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "enrollment"
        indexes = (
            ("provider_id", "program_status", "application_date"),
            ("customer_id", "is_ra", "program_status"),
        )


class Registration(Model):
    """The Registration tab of one enrollment (R-ENR-5, R-REG).

    Imported controls exist on every record, the Rent Assistance fields on RA records.
    """

    id = fields.IntField(primary_key=True)
    enrollment: fields.OneToOneRelation[Enrollment] = fields.OneToOneField(
        "models.Enrollment", related_name="registration", on_delete=fields.CASCADE
    )
    enrollment_id: int
    # imported controls (R-ENR-5)
    address_street = fields.CharField(max_length=200, null=True)
    address_unit = fields.CharField(max_length=40, null=True)
    address_city = fields.CharField(max_length=100, null=True)
    address_state = fields.CharField(max_length=40, null=True)
    address_zip = fields.CharField(max_length=20, null=True)
    phones: fields.JSONField[list[str]] = fields.JSONField(default=list)
    email = fields.CharField(max_length=254, null=True)
    ethnicity = fields.CharField(max_length=100, null=True)
    race: fields.JSONField[list[str]] = fields.JSONField(default=list)
    other_demographics: fields.JSONField[list[str]] = fields.JSONField(default=list)
    employment_status = fields.CharField(max_length=100, null=True)
    public_assistance: fields.JSONField[list[str]] = fields.JSONField(default=list)
    employment_characteristics: fields.JSONField[list[str]] = fields.JSONField(default=list)
    # Rent Assistance fields
    resides_in_service_area = fields.BooleanField(null=True)
    household_size = fields.IntField(null=True)
    household_income = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    income_documentation = fields.CharField(max_length=200, null=True)
    adults_in_household = fields.IntField(null=True)
    children_in_household = fields.IntField(null=True)
    total_amount_requested = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    months_needed = fields.IntField(null=True)
    housing_type = fields.CharEnumField(HousingType, max_length=32, null=True)
    plan_to_pay_rent = fields.TextField(null=True)
    source_of_income = fields.TextField(null=True)
    past_property_debt = fields.BooleanField(null=True)
    past_property_debt_details = fields.TextField(null=True)
    credit_debt = fields.BooleanField(null=True)
    credit_debt_details = fields.TextField(null=True)
    eviction_history = fields.BooleanField(null=True)
    eviction_history_details = fields.TextField(null=True)
    criminal_history = fields.BooleanField(null=True)
    criminal_history_details = fields.TextField(null=True)
    documentation_of_need = fields.CharEnumField(DocumentationOfNeed, max_length=40, null=True)
    notes = fields.TextField(null=True)
    # Registration Completion (R-REG-5)
    registered_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="registrations_signed", null=True, on_delete=fields.RESTRICT
    )
    registered_by_id: int | None
    registered_on = fields.DateField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "registration"


class FundingSourceEntry(Model):
    """A row of Other Funding Source on the Registration tab."""

    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation[Enrollment] = fields.ForeignKeyField(
        "models.Enrollment", related_name="funding_sources", on_delete=fields.CASCADE
    )
    enrollment_id: int
    position = fields.IntField()
    date = fields.DateField()
    funding_source = fields.CharField(max_length=200)
    notes = fields.TextField(null=True)

    class Meta:
        table = "funding_source_entry"
