"""The audit trail for contract managers (R-ACL-3)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.system import AuditEntry as AuditRow
from schema.context import Info
from schema.ids import decode_id
from schema.pagination import PageInfo, cursor_int, decode_cursor, encode_cursor, page_size
from schema.permissions import Cap, require
from schema.reports.types import AuditEntry, AuditEntryConnection, AuditEntryEdge

CURSOR = "audit"


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="Contract managers: audit entries, newest first (by id), optionally for "
        "one object or one action (e.g. customer.identity_lookup: who looked up whom, "
        "when; R-ACL-3); keyset pages."
    )
    async def audit_log(
        self,
        info: Info,
        entity_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only this object's entries: its global id (AuditEntry.entityId, "
                "or any object's id)."
            ),
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (1-200, default 50).")
        ] = 50,
        after: Annotated[
            str | None, strawberry.argument(description="The endCursor of the previous page.")
        ] = None,
        action: Annotated[
            str | None,
            strawberry.argument(description='Only this action, e.g. "customer.identity_lookup".'),
        ] = None,
    ) -> AuditEntryConnection:
        require(info, Cap.AUDIT_READ)
        size = page_size(first, 50)
        query = AuditRow.all()
        if entity_id is not None:
            decoded = decode_id(entity_id)
            # an id that names nothing has no entries, like an unknown one
            query = (
                AuditRow.filter(id__in=[])
                if decoded is None
                else query.filter(entity=decoded[0], entity_id=decoded[1])
            )
        if action is not None:
            query = query.filter(action=action)
        whole = query
        cursor = decode_cursor(CURSOR, after, 1)
        if cursor is not None:
            query = query.filter(id__lt=cursor_int(cursor[0]))
        rows = list(await query.order_by("-id").limit(size + 1))
        has_next = len(rows) > size
        rows = rows[:size]
        edges = [
            AuditEntryEdge(cursor=encode_cursor(CURSOR, [r.id]), node=AuditEntry(row=r))
            for r in rows
        ]
        return AuditEntryConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None
            ),
            count=whole.count,
        )
