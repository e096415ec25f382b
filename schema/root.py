"""The schema: each domain contributes its Query and Mutation classes here."""

from __future__ import annotations

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from models.config import Settings, get_settings
from schema import bounds_check
from schema.bounds_table import BOUNDS
from schema.customers.lists import CustomerListQueries
from schema.customers.operations import CustomerMutations, CustomerQueries
from schema.documents.operations import DocumentMutations
from schema.enrollments.hub_operations import HubReferralMutations
from schema.enrollments.lists import RecordListQueries
from schema.enrollments.operations import EnrollmentMutations, EnrollmentQueries
from schema.errors import AccessErrors, ErrorCodes, should_mask_error
from schema.node import NodeQueries
from schema.outcomes.operations import OutcomeMutations
from schema.payments.operations import PaymentMutations
from schema.registration.operations import RegistrationMutations
from schema.reports.audit import AuditQueries
from schema.reports.performance import PerformanceQueries
from schema.reports.reference import ReferenceMutations, ReferenceQueries
from schema.scalars import SCALARS
from schema.services.hub_operations import HubServiceMutations
from schema.services.operations import ServiceMutations
from schema.staff.operations import StaffMutations, StaffQueries

QUERIES: tuple[type, ...] = (
    StaffQueries,
    ReferenceQueries,
    AuditQueries,
    CustomerListQueries,
    CustomerQueries,
    NodeQueries,
    EnrollmentQueries,
    RecordListQueries,
    PerformanceQueries,
)
MUTATIONS: tuple[type, ...] = (
    StaffMutations,
    ReferenceMutations,
    CustomerMutations,
    EnrollmentMutations,
    RegistrationMutations,
    ServiceMutations,
    HubReferralMutations,
    HubServiceMutations,
    PaymentMutations,
    OutcomeMutations,
    DocumentMutations,
)

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the hardening of architecture.md: limits, caches, masked errors,
    every argument checked against its declared bound (schema/bounds.py), client
    mistakes coded, and introspection and suggestions only in dev."""
    settings = settings or get_settings()
    extensions: list[type[SchemaExtension] | SchemaExtension | object] = [
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        AccessErrors,
        lambda: MaskErrors(should_mask_error=should_mask_error),
        lambda: ErrorCodes(suggestions=settings.is_dev),  # after MaskErrors: runs first
    ]
    if not settings.is_dev:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    schema = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,  # type: ignore[arg-type]
        config=StrawberryConfig(disable_field_suggestions=not settings.is_dev, scalar_map=SCALARS),
    )
    bounds_check.install(schema, BOUNDS)
    return schema


def export_sdl() -> str:
    """The schema as SDL (what schema/schema.graphql holds)."""
    schema = strawberry.Schema(
        query=Query, mutation=Mutation, config=StrawberryConfig(scalar_map=SCALARS)
    )
    return schema.as_str() + "\n"
