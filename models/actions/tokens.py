"""Staff sign-in tokens (pyjwt, HS256), issued by `login` and read by the API.

Expiry is checked against the system clock that issued the token, so a frozen dev date
does not make every token stale."""

from __future__ import annotations

from datetime import timedelta

import jwt

from models import clock
from models.config import get_settings

ALGORITHM = "HS256"
AUDIENCE = "rent-assist"


def issue_token(staff_id: int) -> str:
    """A signed token naming the staff member, valid for TOKEN_TTL_MINUTES."""
    settings = get_settings()
    now = clock.now()
    payload = {
        "sub": str(staff_id),
        "aud": AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.token_ttl_minutes)).timestamp()),
    }
    return jwt.encode(payload, settings.secret_key, algorithm=ALGORITHM)


def staff_id_from_token(token: str) -> int | None:
    """The staff id a valid, unexpired token names; None otherwise."""
    try:
        payload = jwt.decode(
            token,
            get_settings().secret_key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"verify_exp": False, "verify_iat": False, "require": ["exp", "sub"]},
        )
    except jwt.PyJWTError:
        return None
    if int(payload["exp"]) <= clock.now().timestamp():
        return None
    try:
        return int(payload["sub"])
    except (TypeError, ValueError):
        return None


def bearer(authorization: str | None) -> str | None:
    """The token of an "Authorization: Bearer <token>" header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
