"""Staff and providers."""

from __future__ import annotations

import strawberry

from models import staff as m
from schema.context import Info
from schema.enums import ProviderKind, Role
from schema.ids import Node, global_id


@strawberry.type(description="A program agency or a Rent Assistance hub.")
class Provider(Node):
    key: strawberry.Private[int]
    name: str = strawberry.field(description='e.g. "EOP Portland - IRCO".')
    kind: ProviderKind  # type: ignore[valid-type]
    program: str | None = strawberry.field(description="Program of an agency; null for hubs.")
    referral_email: str | None = strawberry.field(description="Hubs: where referrals go.")

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("Provider", self.key)

    @classmethod
    def from_row(cls, row: m.Provider) -> Provider:
        return cls(
            key=row.id,
            name=row.name,
            kind=row.kind,
            program=row.program,
            referral_email=row.referral_email,
        )


@strawberry.type(description="A staff member.")
class Staff(Node):
    key: strawberry.Private[int]
    name: str
    email: str
    role: Role  # type: ignore[valid-type]
    provider_id: strawberry.Private[int | None]

    @strawberry.field(description="The coach's agency or the hub; null for contract managers.")
    async def provider(self, info: Info) -> Provider | None:
        if self.provider_id is None:
            return None
        row = await info.context.loaders.provider.load(self.provider_id)
        return Provider.from_row(row) if row else None

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("Staff", self.key)

    @classmethod
    def from_row(cls, row: m.Staff) -> Staff:
        return cls(
            key=row.id,
            name=row.name,
            email=row.email,
            role=row.role,
            provider_id=row.provider_id,  # type: ignore[attr-defined]
        )


async def load_provider(info: Info, provider_id: int) -> Provider:
    """A provider by id through the request's loader."""
    row = await info.context.loaders.provider.load(provider_id)
    assert row is not None
    return Provider.from_row(row)


async def load_staff(info: Info, staff_id: int | None) -> Staff | None:
    """A staff member by id through the request's loader."""
    if staff_id is None:
        return None
    row = await info.context.loaders.staff.load(staff_id)
    return Staff.from_row(row) if row else None
