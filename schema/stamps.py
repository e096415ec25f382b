"""Who created an object and when, who last changed it and when (issue 12 §4; the
guide's Last Modified By and Date Modified, R-SVC-8), on services, housing status
entries, case notes, payment plans, payments, outcomes and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import strawberry

from schema.context import Info
from schema.staff.types import Staff, load_staff


@dataclass(frozen=True, slots=True)
class Stamps:
    """The stored columns behind the four fields (modified_* null until a change)."""

    created_at: dt.datetime
    created_by_id: int | None
    modified_at: dt.datetime | None
    modified_by_id: int | None


@strawberry.interface(
    description="An entry that shows who created it and when, and who last changed it and "
    "when (the guide's Last Modified By and Date Modified, R-SVC-8, R-ACL-3)."
)
class Stamped:
    def stamps(self) -> Stamps:  # each implementing type reads its own columns
        raise NotImplementedError

    @strawberry.field(description="When it was entered.")
    def created_at(self) -> dt.datetime:
        return self.stamps().created_at

    @strawberry.field(description="Who entered it; null for the system or a participant.")
    async def created_by(self, info: Info) -> Staff | None:
        return await load_staff(info, self.stamps().created_by_id)

    @strawberry.field(description="When it was last changed (its creation until changed).")
    def last_modified_at(self) -> dt.datetime:
        s = self.stamps()
        return s.modified_at or s.created_at

    @strawberry.field(
        description="Who last changed it (who entered it until changed); null for the system "
        "or a participant."
    )
    async def last_modified_by(self, info: Info) -> Staff | None:
        s = self.stamps()
        return await load_staff(info, s.modified_by_id if s.modified_at else s.created_by_id)
