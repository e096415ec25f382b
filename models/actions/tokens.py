"""Staff sign-in tokens (pyjwt, HS256), issued by `login` and read by the API.

Expiry is checked against the system clock that issued the token, so a frozen dev date
does not make every token stale. A token carries the staff member's token version
(`ver`): a password change, a deactivation, a role change or `logout` bumps it, and
every token issued before stops working."""

from __future__ import annotations

from datetime import timedelta

import jwt

from models import clock
from models.config import get_settings
from models.staff import Staff

ALGORITHM = "HS256"
AUDIENCE = "rent-assist"


def issue_token(staff: Staff) -> str:
    """A signed token naming the staff member and their token version, valid for
    TOKEN_TTL_MINUTES."""
    settings = get_settings()
    now = clock.now()
    payload = {
        "sub": str(staff.id),
        "ver": staff.token_version,
        "aud": AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.token_ttl_minutes)).timestamp()),
    }
    return jwt.encode(payload, settings.secret_key, algorithm=ALGORITHM)


def staff_id_from_token(token: str) -> tuple[int, int] | None:
    """The staff id and token version a valid, unexpired token names; None otherwise."""
    try:
        payload = jwt.decode(
            token,
            get_settings().secret_key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={
                "verify_exp": False,
                "verify_iat": False,
                "require": ["exp", "sub", "ver"],
            },
        )
    except jwt.PyJWTError:
        return None
    if int(payload["exp"]) <= clock.now().timestamp():
        return None
    try:
        return int(payload["sub"]), int(payload["ver"])
    except (TypeError, ValueError):
        return None


async def staff_for_token(token: str | None) -> Staff | None:
    """The active staff member a token names, if its version is still theirs."""
    claims = staff_id_from_token(token) if token else None
    if claims is None or not 0 < claims[0] < 2**31:
        return None
    staff_id, version = claims
    return await Staff.get_or_none(id=staff_id, is_active=True, token_version=version)


def bearer(authorization: str | None) -> str | None:
    """The token of an "Authorization: Bearer <token>" header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
