"""The audit trail for contract managers (R-ACL-3)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from tortoise.expressions import Q

from models.system import AuditEntry as AuditRow
from schema.context import Info
from schema.pagination import PageInfo, decode_cursor, encode_cursor, page_size
from schema.permissions import Cap, require
from schema.reports.types import AuditEntry, AuditEntryConnection, AuditEntryEdge


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="Audit entries, newest first, optionally for one entity id or one "
        "action (e.g. customer.identity_lookup: who looked up whom, when; R-ACL-3)."
    )
    async def audit_log(
        self,
        info: Info,
        entity_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this entity's.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size (1-200).")] = 50,
        after: Annotated[
            str | None, strawberry.argument(description="endCursor of the previous page.")
        ] = None,
        action: Annotated[
            str | None,
            strawberry.argument(description='Only this action, e.g. "customer.identity_lookup".'),
        ] = None,
    ) -> AuditEntryConnection:
        require(info, Cap.AUDIT_READ)
        size = page_size(first)
        query = AuditRow.all()
        if entity_id is not None:
            query = query.filter(entity_id=str(entity_id))
        if action is not None:
            query = query.filter(action=action)
        cursor = decode_cursor(after, 1, (int,))
        if cursor is not None:
            query = query.filter(Q(id__lt=cursor[0]))
        rows = list(await query.order_by("-id").limit(size + 1))
        has_next = len(rows) > size
        rows = rows[:size]
        edges = [AuditEntryEdge(cursor=encode_cursor([r.id]), node=AuditEntry(row=r)) for r in rows]
        return AuditEntryConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None
            ),
        )
