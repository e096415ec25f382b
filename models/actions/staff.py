"""Staff accounts: creation, password checks and the sign-in lockout."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models import clock
from models.actions import audit
from models.actions.outbox import unit_of_work
from models.config import get_settings
from models.rules.enums import ErrorCode, Role
from models.rules.errors import Violation
from models.staff import Provider, Staff

_hasher = PasswordHasher()
# verifying against this keeps an unknown e-mail as slow as a wrong password
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return _hasher.hash(password)


@lru_cache(maxsize=8)
def hash_demo_password(password: str) -> str:
    """One hash reused for every demo account of a seed run (seeding stays fast)."""
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def staff_violations(
    *, email: str, name: str, role: Role, provider: Provider | None, password: str
) -> list[Violation]:
    """What is wrong with a new account: a provider must match the role (R-ACL-1)."""
    errors: list[Violation] = []
    if "@" not in email:
        errors.append(Violation(ErrorCode.INVALID, "An e-mail address is required.", "email"))
    if not name.strip():
        errors.append(Violation(ErrorCode.REQUIRED, "A name is required.", "name"))
    if len(password) < 10:
        errors.append(
            Violation(ErrorCode.INVALID, "The password needs at least 10 characters.", "password")
        )
    if role is Role.CONTRACT_MANAGER and provider is not None:
        errors.append(
            Violation(ErrorCode.INVALID, "Contract managers belong to no provider.", "provider")
        )
    if role is not Role.CONTRACT_MANAGER:
        want = "PROGRAM" if role is Role.CAREER_COACH else "RENT_ASSISTANCE_HUB"
        if provider is None or provider.kind.value != want:
            errors.append(
                Violation(
                    ErrorCode.INVALID,
                    "A career coach belongs to a program agency and hub staff to a hub.",
                    "provider",
                )
            )
    return errors


async def create_staff(
    *,
    actor_id: int | None,
    email: str,
    name: str,
    role: Role,
    provider: Provider | None,
    password: str | None = None,
    password_hash: str | None = None,
) -> Staff:
    """Create a staff account (password or a ready hash), with an audit entry."""
    async with unit_of_work():
        staff = await Staff.create(
            email=email.strip().lower(),
            name=name.strip(),
            role=role,
            provider=provider,
            password_hash=password_hash or hash_password(password or ""),
        )
        await audit.record(
            actor_id=actor_id,
            action="staff.create",
            entity="Staff",
            entity_id=staff.id,
            after={"email": staff.email, "name": staff.name, "role": role},
        )
    return staff


async def authenticate(email: str, password: str) -> tuple[Staff | None, Violation | None]:
    """Check a sign-in; repeated failures lock the account for a while."""
    settings = get_settings()
    now = clock.now()
    staff = await Staff.get_or_none(email=email.strip().lower(), is_active=True)
    if staff is None:
        _verify(_DUMMY_HASH, password)
        return None, Violation(ErrorCode.INVALID_CREDENTIALS, "Wrong e-mail or password.")
    if staff.locked_until is not None and staff.locked_until > now:
        return None, Violation(
            ErrorCode.LOCKED_OUT,
            "Too many failed sign-ins: this account is locked for a few minutes.",
        )
    if not _verify(staff.password_hash, password):
        failures = staff.failed_logins + 1
        locked = None
        if failures >= settings.login_max_failures:
            locked = now + timedelta(minutes=settings.login_lockout_minutes)
            failures = 0
        await Staff.filter(id=staff.id).update(failed_logins=failures, locked_until=locked)
        return None, Violation(ErrorCode.INVALID_CREDENTIALS, "Wrong e-mail or password.")
    if staff.failed_logins or staff.locked_until:
        await Staff.filter(id=staff.id).update(failed_logins=0, locked_until=None)
    return staff, None
