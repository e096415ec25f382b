"""Customers and what belongs to the person rather than to one record: documents,
participant links and Prosperity budgets."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.rules.enums import DocumentType, Language, LinkPurpose


class Customer(Model):
    """A participant. Personal fields are shown by R-ACL-2 and masked in the audit trail."""

    id = fields.IntField(primary_key=True)
    customer_id = fields.CharField(max_length=20, unique=True, null=True)
    job_seeker_id = fields.CharField(max_length=40, null=True, db_index=True)
    legal_first_name = fields.CharField(max_length=100)
    legal_last_name = fields.CharField(max_length=100)
    preferred_name = fields.CharField(max_length=100, null=True)
    pronouns = fields.CharField(max_length=40, null=True)
    date_of_birth = fields.DateField()
    ssn_last4 = fields.CharField(max_length=4, null=True)
    sex = fields.CharField(max_length=40, null=True)
    gender = fields.CharField(max_length=60, null=True)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=40, null=True)
    # the participant's emails, pages and application are in it once it is offered (issue 16)
    preferred_language = fields.CharEnumField(
        Language, max_length=8, default=Language.EN, db_default=Language.EN.value
    )
    # lower-case, accent-free "first last preferred" for case/accent-insensitive search
    search_name = fields.CharField(max_length=400, db_index=True)
    created_by_provider: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Provider", related_name="created_customers", null=True, on_delete=fields.RESTRICT
    )
    created_by_provider_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "customer"


class Document(Model):
    """An uploaded or generated file (R-DOC-1).

    The enrollment names the RA record a signed application belongs to (R-DOC-5).
    """

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="documents", on_delete=fields.CASCADE
    )
    customer_id: int
    enrollment: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="documents", null=True, on_delete=fields.SET_NULL
    )
    enrollment_id: int | None
    type = fields.CharEnumField(DocumentType, max_length=40)
    file_name = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=40)
    storage_key = fields.CharField(max_length=80, unique=True)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    uploaded_at = fields.DatetimeField()
    uploaded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="uploads", null=True, on_delete=fields.RESTRICT
    )
    uploaded_by_id: int | None
    link: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.ParticipantLink", related_name="documents", null=True, on_delete=fields.SET_NULL
    )
    link_id: int | None
    # R-DOC-4 evidence of an e-signature (typed name, consent version, time, IP, UA, hashes)
    signature_evidence: fields.JSONField[dict[str, str] | None] = fields.JSONField(null=True)
    # last change (issue 12 §4, R-SVC-8): null until the row is first changed after creation
    modified_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Staff", related_name="documents_modified", null=True, on_delete=fields.RESTRICT
    )
    modified_by_id: int | None
    modified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "document"
        indexes = (("customer_id", "type", "uploaded_at"),)


class ParticipantLink(Model):
    """A signed, expiring, single-use link (R-DOC-2, R-DOC-4)."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="links", on_delete=fields.CASCADE
    )
    customer_id: int
    enrollment: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Enrollment", related_name="links", null=True, on_delete=fields.CASCADE
    )
    enrollment_id: int | None
    purpose = fields.CharEnumField(LinkPurpose, max_length=32)
    document_type = fields.CharEnumField(DocumentType, max_length=40)
    nonce = fields.CharField(max_length=64, unique=True)
    sent_to = fields.CharField(max_length=254, null=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="links_created", on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "participant_link"


class ProsperityBudget(Model):
    """A Prosperity budget saved on a date (R-DOC-5)."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="budgets", on_delete=fields.CASCADE
    )
    customer_id: int
    saved_on = fields.DateField()
    saved_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Staff", related_name="budgets_saved", on_delete=fields.RESTRICT
    )
    saved_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "prosperity_budget"
        indexes = (("customer_id", "saved_on"),)


class BudgetLine(Model):
    """A monthly income or expense line of a budget."""

    id = fields.IntField(primary_key=True)
    budget: fields.ForeignKeyRelation[ProsperityBudget] = fields.ForeignKeyField(
        "models.ProsperityBudget", related_name="lines", on_delete=fields.CASCADE
    )
    budget_id: int
    position = fields.IntField()
    label = fields.CharField(max_length=200)
    amount = fields.DecimalField(max_digits=12, decimal_places=2)
    is_income = fields.BooleanField()

    class Meta:
        table = "budget_line"
