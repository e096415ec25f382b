"""Providers (program agencies and hubs), the "who refers where" table, and staff."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.rules.enums import ProviderKind, Role


class Provider(Model):
    """A program agency (e.g. "EOP Portland - IRCO") or a Rent Assistance hub."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    kind = fields.CharEnumField(ProviderKind, max_length=32)
    program = fields.CharField(max_length=100, null=True)
    referral_email = fields.CharField(max_length=254, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "provider"


class ReferralRoute(Model):
    """One row of the training deck's "who refers where" table (R-ENR-3)."""

    id = fields.IntField(primary_key=True)
    agency: fields.ForeignKeyRelation[Provider] = fields.ForeignKeyField(
        "models.Provider", related_name="routes_out", on_delete=fields.CASCADE
    )
    agency_id: int
    hub: fields.ForeignKeyRelation[Provider] = fields.ForeignKeyField(
        "models.Provider", related_name="routes_in", on_delete=fields.CASCADE
    )
    hub_id: int

    class Meta:
        table = "referral_route"
        unique_together = (("agency", "hub"),)


class Staff(Model):
    """A signed-in user: career coach, hub staff or contract manager."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    role = fields.CharEnumField(Role, max_length=32)
    provider: fields.ForeignKeyNullableRelation[Provider] = fields.ForeignKeyField(
        "models.Provider", related_name="staff", null=True, on_delete=fields.RESTRICT
    )
    provider_id: int | None
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    # in every token; a password change, a deactivation, a role change or logout bumps
    # it, and every token issued before stops working (issue 10 §4)
    token_version = fields.IntField(default=0, db_default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff"


class LoginThrottle(Model):
    """Failed sign-ins of one e-mail address from one client address (issue 10 §4).

    The key is an HMAC of both, never the values, and exists whether or not the account
    does, so the answers do not tell. `failures` counts attempts being checked or failed
    in the current round; one conditional UPDATE reserves an attempt, so parallel
    requests check at most LOGIN_MAX_FAILURES passwords. A full round sets a delay that
    doubles with each round in a row (`rounds`); a stranger elsewhere delays only
    themselves, never the account's owner.
    """

    key = fields.CharField(max_length=64, primary_key=True)
    failures = fields.IntField(default=0)
    rounds = fields.IntField(default=0)
    delayed_until = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "login_throttle"
