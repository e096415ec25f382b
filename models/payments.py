"""The Payments and Outcomes tabs: plans, payments and outcomes."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.rules.enums import OutcomeHousingStatus, OutcomeType


class PaymentPlan(Model):
    """A Payment and Services Plan for one funding source (R-PAY-2)."""

    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="payment_plans", on_delete=fields.CASCADE
    )
    enrollment_id: int
    funding_source = fields.CharField(max_length=200)
    payment_types: fields.JSONField[list[str]] = fields.JSONField(default=list)
    start_date = fields.DateField()
    target_end_date = fields.DateField()
    end_date = fields.DateField(null=True)
    housing_status_at_funding_end = fields.CharEnumField(
        OutcomeHousingStatus, max_length=32, null=True
    )
    created_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="plans_created", on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    # last change (issue 12 §4, R-SVC-8): null until the row is first changed after creation
    modified_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="plans_modified", null=True, on_delete=fields.RESTRICT
    )
    modified_by_id: int | None
    modified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "payment_plan"


class Payment(Model):
    """A rent payment (R-PAY-3), over_requested flags R-PAY-4."""

    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="payments", on_delete=fields.CASCADE
    )
    enrollment_id: int
    plan: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.PaymentPlan", related_name="payments", on_delete=fields.RESTRICT
    )
    plan_id: int
    paid_on = fields.DateField()
    amount = fields.DecimalField(max_digits=12, decimal_places=2)
    for_month = fields.CharField(max_length=7)
    funding_source = fields.CharField(max_length=200)
    payment_type = fields.CharField(max_length=200)
    over_requested = fields.BooleanField(default=False)
    entered_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="payments_entered", on_delete=fields.RESTRICT
    )
    entered_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    # last change (issue 12 §4, R-SVC-8): null until the row is first changed after creation
    modified_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="payments_modified", null=True, on_delete=fields.RESTRICT
    )
    modified_by_id: int | None
    modified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "payment"
        indexes = (("enrollment_id", "paid_on"),)


class Outcome(Model):
    """A Rent Assistance outcome, one per type and record (R-OUT-7)."""

    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="outcomes", on_delete=fields.CASCADE
    )
    enrollment_id: int
    type = fields.CharEnumField(OutcomeType, max_length=32)
    housing_status = fields.CharEnumField(OutcomeHousingStatus, max_length=32)
    recorded_on = fields.DateField()
    # who first recorded it (null: the system); a replacement is its last modification
    recorded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="outcomes_recorded", null=True, on_delete=fields.RESTRICT
    )
    recorded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True, null=True)  # null: before it was kept
    # last change (issue 12 §4, R-SVC-8): null until the row is first changed after creation
    modified_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="outcomes_modified", null=True, on_delete=fields.RESTRICT
    )
    modified_by_id: int | None
    modified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outcome"
        unique_together = (("enrollment", "type"),)
