"""Sign-in, the signed-in staff member, providers and routing."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.actions import signin
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
    staff: Staff | None = strawberry.field(description="Who signed in; null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why sign-in was refused.")
    retry_after_seconds: int | None = strawberry.field(
        default=None,
        description="With RATE_LIMITED or LOCKED_OUT: seconds to wait (also the "
        "Retry-After header).",
    )


@strawberry.type(description="The answer to passwordChange.")
class PasswordChangePayload:
    token: str | None = strawberry.field(
        description="A new bearer token: every earlier token stopped working."
    )
    errors: list[MutationError] = strawberry.field(description="Why the change was refused.")
    retry_after_seconds: int | None = strawberry.field(
        default=None, description="With RATE_LIMITED or LOCKED_OUT: seconds to wait."
    )


@strawberry.type(description="The answer to logout.")
class LogoutPayload:
    errors: list[MutationError] = strawberry.field(description="Always empty.")


def client_address(info: Info) -> str:
    """The client's address as the server sees it (behind a proxy: with uvicorn's
    --forwarded-allow-ips, the forwarded one)."""
    request = info.context.request
    client = getattr(request, "client", None)
    return client.host if client else "unknown"


def _retry_header(info: Info, seconds: int | None) -> None:
    if seconds is not None and info.context.response is not None:
        info.context.response.headers["Retry-After"] = str(seconds)


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
    @strawberry.mutation(
        description="Sign in with e-mail and password; returns a bearer token. Attempts "
        "are rate-limited per client address and per account (RATE_LIMITED), and repeated "
        "failures delay that address for that account (LOCKED_OUT), with retryAfterSeconds."
    )
    async def login(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="The staff e-mail address.")],
        password: Annotated[str, strawberry.argument(description="The password.")],
    ) -> LoginPayload:
        outcome = await signin.authenticate(email, password, address=client_address(info))
        if outcome.staff is None:
            _retry_header(info, outcome.retry_after)
            return LoginPayload(
                token=None,
                staff=None,
                errors=mutation_errors([outcome.error] if outcome.error else []),
                retry_after_seconds=outcome.retry_after,
            )
        staff = outcome.staff
        return LoginPayload(token=issue_token(staff), staff=Staff.from_row(staff), errors=[])

    @strawberry.mutation(
        description="Change your password (NIST SP 800-63B: 12+ characters, not a common "
        "password, not containing your e-mail); every earlier token stops working and a "
        "new one is returned."
    )
    async def password_change(
        self,
        info: Info,
        current_password: Annotated[
            str, strawberry.argument(description="The password in use now.")
        ],
        new_password: Annotated[str, strawberry.argument(description="The new password.")],
    ) -> PasswordChangePayload:
        staff = signed_in(info)
        changed, errors, retry = await signin.change_password(
            staff=staff, current=current_password, new=new_password, address=client_address(info)
        )
        if changed is None:
            _retry_header(info, retry)
            return PasswordChangePayload(
                token=None, errors=mutation_errors(errors), retry_after_seconds=retry
            )
        return PasswordChangePayload(token=issue_token(changed), errors=[])

    @strawberry.mutation(
        description="Sign out everywhere: every token issued to you so far stops working."
    )
    async def logout(self, info: Info) -> LogoutPayload:
        await signin.logout(staff=signed_in(info))
        return LogoutPayload(errors=[])
