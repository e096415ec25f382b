"""Sign-in, password change and logout (issue 10 §4).

A sign-in passes three guards before a password is checked:
1. rate limits per client address and per e-mail address (`limits`; RATE_LIMITED);
2. the failure count of this e-mail from this client address, reserved with one
   conditional UPDATE, so that of any number of parallel attempts at most
   LOGIN_MAX_FAILURES are checked; a full round delays that address for that e-mail
   (LOCKED_OUT, the delay doubling each round), not the account's owner elsewhere;
3. then the check itself, off the event loop.
Unknown e-mails are counted and delayed alike, and a refused, unknown or wrong answer
takes a check's usual time, so no answer tells whether an account exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import F

from models import clock
from models.actions import audit
from models.actions.outbox import unit_of_work
from models.actions.passwords import (
    hash_password,
    password_problems,
    pretend,
    verify_password,
)
from models.config import get_settings
from models.ratelimit import key_of, limiter
from models.rules.enums import ErrorCode
from models.rules.errors import Violation
from models.staff import LoginThrottle, Staff

WRONG = "Wrong e-mail or password."


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the staff member, or why not and when to retry."""

    staff: Staff | None
    error: Violation | None = None
    retry_after: int | None = None


def _normal_email(email: str) -> str:
    return email.strip().lower()


async def _reserve(key: str) -> int | None:
    """Reserve one checked attempt for a throttle key; None when the round is used up,
    else 0. Parallel callers reserve at most LOGIN_MAX_FAILURES (one UPDATE each)."""
    settings, now = get_settings(), clock.now()
    await LoginThrottle.bulk_create([LoginThrottle(key=key, updated_at=now)], ignore_conflicts=True)
    # a delay that has run out opens a new round (one caller wins the reset)
    await LoginThrottle.filter(key=key, delayed_until__lte=now).update(
        failures=0, delayed_until=None, updated_at=now
    )
    reserved = await LoginThrottle.filter(
        key=key, failures__lt=settings.login_max_failures, delayed_until__isnull=True
    ).update(failures=F("failures") + 1, updated_at=now)
    return 0 if reserved == 1 else None


async def _retry_after(key: str) -> int:
    settings, now = get_settings(), clock.now()
    row = await LoginThrottle.get_or_none(key=key)
    if row is None or row.delayed_until is None:
        return settings.login_delay_seconds
    return max(1, int((row.delayed_until - now).total_seconds()) + 1)


async def _failed(key: str) -> None:
    """After a failed check: when the round is full, start its delay (once)."""
    settings, now = get_settings(), clock.now()
    row = await LoginThrottle.get_or_none(key=key)
    if row is None or row.failures < settings.login_max_failures or row.delayed_until:
        return
    seconds = min(settings.login_delay_seconds * 2**row.rounds, settings.login_lockout_minutes * 60)
    await LoginThrottle.filter(key=key, rounds=row.rounds, delayed_until__isnull=True).update(
        delayed_until=now + timedelta(seconds=seconds), rounds=row.rounds + 1, updated_at=now
    )


def throttle_key(email: str, address: str) -> str:
    """The failure-count key of an e-mail address from a client address."""
    return key_of("signin", _normal_email(email), address)


async def authenticate(email: str, password: str, *, address: str) -> SignIn:
    """Check a sign-in from a client address through the three guards."""
    settings = get_settings()
    email = _normal_email(email)
    for limits, namespace, part in (
        (settings.login_rate_per_address, "signin-address", address),
        (settings.login_rate_per_account, "signin-account", email),
    ):
        refusal = await limiter().hit(limits, namespace, part)
        if refusal is not None:
            message = (
                f"Too many sign-in attempts: try again in {refusal.retry_after} seconds "
                "(issue 10: sign-in rate limit)."
            )
            return SignIn(None, Violation(ErrorCode.RATE_LIMITED, message), refusal.retry_after)
    key = throttle_key(email, address)
    if await _reserve(key) is None:
        await pretend()
        retry = await _retry_after(key)
        message = f"Too many failed sign-ins from here: try again in {retry} seconds."
        return SignIn(None, Violation(ErrorCode.LOCKED_OUT, message), retry)
    staff = await Staff.get_or_none(email=email, is_active=True)
    if not await verify_password(staff.password_hash if staff else None, password):
        await _failed(key)
        return SignIn(None, Violation(ErrorCode.INVALID_CREDENTIALS, WRONG))
    await LoginThrottle.filter(key=key).delete()
    return SignIn(staff)


async def change_password(
    *, staff: Staff, current: str, new: str, address: str
) -> tuple[Staff | None, list[Violation], int | None]:
    """Change the signed-in staff member's password: the current one is checked through
    the sign-in guards, the new one must meet NIST SP 800-63B; every earlier token stops
    working (the token version is bumped)."""
    problems = [
        Violation(ErrorCode.INVALID, text, "newPassword")
        for text in password_problems(new, email=staff.email)
    ]
    checked = await authenticate(staff.email, current, address=address)
    if checked.staff is None or checked.staff.id != staff.id:
        error = checked.error or Violation(ErrorCode.INVALID_CREDENTIALS, WRONG)
        if error.code is ErrorCode.INVALID_CREDENTIALS:
            error = Violation(error.code, "The current password is wrong.", "currentPassword")
        return None, [error], checked.retry_after
    if problems:
        return None, problems, None
    new_hash = await hash_password(new)
    async with unit_of_work():
        await Staff.filter(id=staff.id).update(
            password_hash=new_hash, token_version=F("token_version") + 1
        )
        await audit.record(
            actor_id=staff.id,
            action="staff.password_change",
            entity="Staff",
            entity_id=staff.id,
            after={"password_hash": "changed"},
        )
    await staff.refresh_from_db(fields=["password_hash", "token_version"])
    return staff, [], None


async def logout(*, staff: Staff) -> None:
    """Sign the staff member out everywhere: every token issued so far stops working."""
    await Staff.filter(id=staff.id).update(token_version=F("token_version") + 1)
