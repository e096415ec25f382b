"""Reference data kept by contract managers: income limits and pick lists."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class IncomeLimit(Model):
    """The area's median family income in force from a date (R-REG-3)."""

    id = fields.IntField(primary_key=True)
    effective_from = fields.DateField(unique=True)
    median_family_income = fields.DecimalField(max_digits=12, decimal_places=2)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "income_limit"


class ReferenceKind(StrEnum):
    FUNDING_SOURCE = "FUNDING_SOURCE"
    OTHER_FUNDING_SOURCE = "OTHER_FUNDING_SOURCE"
    PAYMENT_TYPE = "PAYMENT_TYPE"
    INCOME_DOCUMENTATION = "INCOME_DOCUMENTATION"


class ReferenceItem(Model):
    """One entry of a pick list (funding sources, payment types, ...), kept in order."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(ReferenceKind, max_length=32)
    name = fields.CharField(max_length=200)
    position = fields.IntField()

    class Meta:
        table = "reference_item"
        unique_together = (("kind", "name"),)
