"""Rate limits (the `limits` library, moving windows): on Redis when REDIS_URL is set, so
every API process shares them; in memory otherwise (dev, one process).

Keys are HMACs of what they count (an e-mail address, a client address, a staff id),
never the values themselves. A limiter that cannot reach Redis lets the request through
and logs it: the database's failure counting (models/actions/signin.py) still holds.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

import structlog
from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from models.config import get_settings

log = structlog.get_logger(__name__)


def key_of(*parts: object) -> str:
    """An opaque, stable key for a tuple of values (keyed with SECRET_KEY)."""
    secret = get_settings().secret_key.encode()
    text = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(secret, text, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Refusal:
    """A request over a limit: when to retry."""

    retry_after: int


class Limiter:
    """Moving-window limits over one storage."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.strategy = MovingWindowRateLimiter(storage)

    async def hit(self, limits: str, namespace: str, *parts: object) -> Refusal | None:
        """Count one request against every limit of `limits` ("30/minute;300/hour");
        a Refusal with the seconds to wait when one of them is used up."""
        key = key_of(namespace, *parts)
        items: list[RateLimitItem] = parse_many(limits)
        try:
            for item in items:
                if not await self.strategy.hit(item, namespace, key):
                    stats = await self.strategy.get_window_stats(item, namespace, key)
                    return Refusal(max(1, math.ceil(stats.reset_time - time.time())))
        except Exception as exc:  # the storage is down: the DB checks still hold
            log.warning("ratelimit.storage_error", error=type(exc).__name__)
        return None

    async def clear(self, limits: str, namespace: str, *parts: object) -> None:
        """Forget what was counted for a key (a successful sign-in)."""
        key = key_of(namespace, *parts)
        try:
            for item in parse_many(limits):
                await self.strategy.clear(item, namespace, key)
        except Exception as exc:
            log.warning("ratelimit.storage_error", error=type(exc).__name__)


_limiter: Limiter | None = None


def limiter() -> Limiter:
    """The process's limiter, on REDIS_URL when set."""
    global _limiter
    if _limiter is None:
        url = get_settings().redis_url
        if url:
            storage: Storage = RedisStorage(
                "async+" + url,
                implementation="redispy",
                key_prefix="rent-assist-limits",
                socket_connect_timeout=2,  # an unreachable Redis must not hold a sign-in
                socket_timeout=2,
            )
        else:
            storage = MemoryStorage()
        _limiter = Limiter(storage)
    return _limiter


def reset() -> None:
    """Forget the limiter (tests, and a change of settings)."""
    global _limiter
    _limiter = None
