"""Passwords: argon2id hashing off the event loop with bounded concurrency, and the
NIST SP 800-63B rules for a new password (issue 10 §4).

Every hash and check runs in a worker thread (argon2 releases the GIL), at most
PASSWORD_HASH_CONCURRENCY at a time, so a burst of sign-ins queues instead of stalling
/healthz. `pretend()` waits as long as a check would now take (its usual time, plus the
queue ahead of it) without the CPU work and without taking a place in the queue: a
refused sign-in takes as long as a wrong password, whatever the reason.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import time
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache, lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from prometheus_client import Counter

from models.config import get_settings

_hasher = PasswordHasher()
MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "01234567890123456789",
    "qwertyuiopasdfghjklzxcvbnm",
)
_CONTEXT_WORDS = ("rentassist", "rent-assist", "rent assist")


def normalise(password: str) -> str:
    """The form that is hashed: NFKC, as NIST SP 800-63B suggests."""
    return unicodedata.normalize("NFKC", password)


def _hash(password: str) -> str:
    return _hasher.hash(normalise(password))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


_started = time.perf_counter()
_DUMMY_HASH = _hash("not-a-real-password")
# how long a check usually takes (moving average), first guessed from hashing the dummy
_typical = [time.perf_counter() - _started]
_slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}
_queued = [0]  # checks waiting or running in this process
CHECKS = Counter(
    "rent_assist_password_checks_total", "Passwords checked against a hash (sign-in, change)."
)


def concurrency() -> int:
    """How many hashes run at once (PASSWORD_HASH_CONCURRENCY; 0: half the CPUs)."""
    return get_settings().password_hash_concurrency or max(1, (os.cpu_count() or 2) // 2)


@asynccontextmanager
async def _slot() -> AsyncIterator[None]:
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        _slots[loop] = asyncio.Semaphore(concurrency())
    _queued[0] += 1
    try:
        async with _slots[loop]:
            yield
    finally:
        _queued[0] -= 1


async def hash_password(password: str) -> str:
    """An argon2id hash of a password, computed off the event loop."""
    async with _slot():
        return await asyncio.to_thread(_hash, password)


def hash_password_sync(password: str) -> str:
    """The same hash for code without an event loop (the CLI, the seed)."""
    return _hash(password)


@lru_cache(maxsize=8)
def hash_demo_password(password: str) -> str:
    """One hash reused for every demo account of a seed run (seeding stays fast)."""
    return _hash(password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a hash off the event loop; a missing hash is checked
    against a dummy one, so it takes the same time and is always False."""
    async with _slot():
        started = time.perf_counter()
        ok = await asyncio.to_thread(_verify, password_hash or _DUMMY_HASH, password)
        _typical[0] = 0.8 * _typical[0] + 0.2 * (time.perf_counter() - started)
    if password_hash is not None:
        CHECKS.inc()
    return ok and password_hash is not None


async def pretend() -> None:
    """Wait as long as a check would take now (the queue ahead of it included), without
    checking anything or holding a place in the queue."""
    ahead = _queued[0] // concurrency()
    await asyncio.sleep(_typical[0] * (1 + ahead))


@cache
def _common() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().casefold() for line in lines if line.strip())


def password_problems(password: str, *, email: str) -> list[str]:
    """Why a new password is refused (NIST SP 800-63B §3.1.1.2): too short or too long,
    in the shipped list of common passwords, repetitive or sequential, or containing the
    e-mail's local part or the service's name. Empty when it is acceptable."""
    folded = normalise(password).casefold()
    problems: list[str] = []
    if len(folded) < MIN_LENGTH:
        problems.append(f"The password needs at least {MIN_LENGTH} characters.")
    if len(folded) > MAX_LENGTH:
        problems.append(f"The password may have at most {MAX_LENGTH} characters.")
    if folded in _common() or folded.strip("0123456789!.?") in _common():
        problems.append("This password is in a list of common passwords: choose another.")
    if len(set(folded)) < 4 or any(folded in seq for seq in _SEQUENCES):
        problems.append("The password is too repetitive or sequential.")
    local = email.strip().casefold().partition("@")[0]
    if len(local) >= 3 and local in folded:
        problems.append("The password must not contain your e-mail address.")
    if any(word in folded for word in _CONTEXT_WORDS):
        problems.append("The password must not contain the service's name.")
    return problems
