"""System tables: the outbox, the audit trail and sweep runs."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.rules.enums import SweepKind


class NotificationStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class Notification(Model):
    """An email written in the same transaction as the change that causes it (outbox).

    The body never holds a participant's personal data, the queue message carries
    only this row's id. The dedupe key makes a second identical notification a no-op.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=60)
    dedupe_key = fields.CharField(max_length=200, unique=True)
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=200)
    body = fields.TextField()
    # the language of subject and body, sent as Content-Language (issue 16)
    language = fields.CharField(max_length=16, default="en", db_default="en")
    message_id = fields.CharField(max_length=200, unique=True)
    status = fields.CharEnumField(
        NotificationStatus, max_length=16, default=NotificationStatus.PENDING, db_index=True
    )
    attempts = fields.IntField(default=0)
    last_error = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"


class AuditEntry(Model):
    """Who changed what, when (R-ACL-3). changes is JSON: field → [old, new]."""

    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField(db_index=True)
    actor: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="audit_entries", null=True, on_delete=fields.RESTRICT
    )
    actor_id: int | None
    action = fields.CharField(max_length=60)
    entity = fields.CharField(max_length=60)
    entity_id = fields.CharField(max_length=40, db_index=True)
    changes: fields.JSONField[dict[str, list[object]]] = fields.JSONField(default=dict)

    class Meta:
        table = "audit_entry"


class SweepRun(Model):
    """One real run of a daily sweep (R-OUT-5).

    Unique per kind and day, so that two schedulers by mistake cannot double a sweep.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SweepKind, max_length=32)
    as_of = fields.DateField()
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    changed = fields.IntField(default=0)

    class Meta:
        table = "sweep_run"
        unique_together = (("kind", "as_of"),)
