"""Sign-in, the signed-in staff member, providers and routing."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.actions.staff import authenticate
from models.actions.tokens import issue_token
from models.rules.enums import Role
from models.staff import Provider as ProviderRow
from models.staff import ReferralRoute
from models.staff import Staff as StaffRow
from schema.context import Info
from schema.enums import ProviderKind
from schema.errors import Forbidden, MutationError, mutation_errors
from schema.ids import parse_ref
from schema.permissions import signed_in
from schema.staff.types import Provider, Staff


@strawberry.type(description="The answer to login.")
class LoginPayload:
    token: str | None = strawberry.field(description="Send as Authorization: Bearer <token>.")
    staff: Staff | None
    errors: list[MutationError]


@strawberry.type
class StaffQueries:
    @strawberry.field(description="The signed-in staff member.")
    def me(self, info: Info) -> Staff:
        return Staff.from_row(signed_in(info))

    @strawberry.field(description="Providers, optionally of one kind.")
    async def providers(self, info: Info, kind: ProviderKind | None = None) -> list[Provider]:  # type: ignore[valid-type]
        signed_in(info)
        query = ProviderRow.all().order_by("name")
        if kind is not None:
            query = query.filter(kind=kind)
        return [Provider.from_row(p) for p in await query]

    @strawberry.field(description="The hubs the signed-in coach may refer to (R-ENR-3).")
    async def hubs_for_me(self, info: Info) -> list[Provider]:
        staff = signed_in(info)
        if staff.role is not Role.CAREER_COACH:
            return []
        hub_ids = ReferralRoute.filter(agency_id=staff.provider_id).values_list("hub_id", flat=True)
        rows = await ProviderRow.filter(id__in=await hub_ids).order_by("name")
        return [Provider.from_row(p) for p in rows]

    @strawberry.field(
        description="Who Customer Of may be changed to at a hub (R-ENR-2), by name: the hub's "
        "own staff and contract managers."
    )
    async def hub_staff(
        self,
        info: Info,
        hub_id: Annotated[strawberry.ID, strawberry.argument(description="The hub (Provider.id).")],
    ) -> list[Staff]:
        staff = signed_in(info)
        hub = parse_ref(hub_id, "Provider")
        if staff.role is Role.CAREER_COACH or (
            staff.role is Role.HUB_STAFF and (hub is None or staff.provider_id != hub)  # type: ignore[attr-defined]
        ):
            raise Forbidden("Only the hub's own staff and contract managers see its staff list.")
        if hub is None:
            return []
        rows = await StaffRow.filter(provider_id=hub, role=Role.HUB_STAFF, is_active=True).order_by(
            "name", "id"
        )
        return [Staff.from_row(s) for s in rows]


@strawberry.type
class StaffMutations:
    @strawberry.mutation(description="Sign in with e-mail and password; returns a bearer token.")
    async def login(self, email: str, password: str) -> LoginPayload:
        staff, error = await authenticate(email, password)
        if staff is None:
            return LoginPayload(
                token=None, staff=None, errors=mutation_errors([error] if error else [])
            )
        return LoginPayload(token=issue_token(staff.id), staff=Staff.from_row(staff), errors=[])
