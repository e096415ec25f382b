"""Services, current housing status entries and case notes of an enrollment."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.rules.enums import CurrentHousingStatus, ServiceType


class Service(Model):
    """A service in an enrollment, a copy points at its original (R-SVC-1)."""

    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="services", on_delete=fields.CASCADE
    )
    enrollment_id: int
    type = fields.CharEnumField(ServiceType, max_length=40)
    start_date = fields.DateField()
    end_date = fields.DateField()
    copied_from: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Service", related_name="copies", null=True, on_delete=fields.RESTRICT
    )
    copied_from_id: int | None
    entered_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="services_entered", on_delete=fields.RESTRICT
    )
    entered_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    location = fields.CharField(max_length=200, null=True)  # "n/a" unless given (R-SVC-8)
    # last change (issue 12 §4, R-SVC-8): null until the row is first changed after creation
    modified_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="services_modified", null=True, on_delete=fields.RESTRICT
    )
    modified_by_id: int | None
    modified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "service"
        indexes = (("enrollment_id", "start_date"),)
        unique_together = (("enrollment", "copied_from"),)


class HousingStatusEntry(Model):
    """Current Housing Status, for case management only (R-SVC-6)."""

    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="housing_statuses", on_delete=fields.CASCADE
    )
    enrollment_id: int
    start_date = fields.DateField()
    end_date = fields.DateField(null=True)
    status = fields.CharEnumField(CurrentHousingStatus, max_length=32)
    entered_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="housing_statuses_entered", on_delete=fields.RESTRICT
    )
    entered_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    # last change (issue 12 §4, R-SVC-8): null until the row is first changed after creation
    modified_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff",
        related_name="housing_statuses_modified",
        null=True,
        on_delete=fields.RESTRICT,
    )
    modified_by_id: int | None
    modified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "housing_status_entry"


class CaseNote(Model):
    """A narrative note (R-OUT-9), system notes are written by the sweeps."""

    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="case_notes", on_delete=fields.CASCADE
    )
    enrollment_id: int
    text = fields.TextField()
    author: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="case_notes", null=True, on_delete=fields.RESTRICT
    )
    author_id: int | None
    written_at = fields.DatetimeField()
    system = fields.BooleanField(default=False)
    # last change (issue 12 §4, R-SVC-8): null until the row is first changed after creation
    modified_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="case_notes_modified", null=True, on_delete=fields.RESTRICT
    )
    modified_by_id: int | None
    modified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "case_note"
        indexes = (("enrollment_id", "written_at"),)
