"""The rate limits' storage (issue 10 §4): Redis when REDIS_URL is set, so that every API
process counts against the same limit (service tier: TEST_REDIS_URL), and a storage
that does not answer lets requests through (the database's failure count still holds)."""

from __future__ import annotations

import secrets

import pytest

from models import ratelimit
from models.config import get_settings, reset_settings
from tests.conftest import TEST_REDIS_URL


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL not set")
async def test_two_processes_share_one_limit_on_redis(settings_env: pytest.MonkeyPatch) -> None:
    settings_env.setenv("REDIS_URL", str(TEST_REDIS_URL))
    reset_settings()
    ratelimit.reset()
    first = ratelimit.limiter()
    assert type(first.storage).__name__ == "RedisStorage"
    ratelimit.reset()
    second = ratelimit.limiter()  # as another API process would build it
    key = secrets.token_hex(8)
    assert await first.hit("2/minute", "test", key) is None
    assert await second.hit("2/minute", "test", key) is None
    refusal = await first.hit("2/minute", "test", key)
    assert refusal is not None and 1 <= refusal.retry_after <= 60
    await second.clear("2/minute", "test", key)
    assert await first.hit("2/minute", "test", key) is None


async def test_memory_without_redis() -> None:
    assert get_settings().redis_url is None
    assert type(ratelimit.limiter().storage).__name__ == "MemoryStorage"


async def test_a_storage_that_does_not_answer_lets_requests_through(
    settings_env: pytest.MonkeyPatch,
) -> None:
    settings_env.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    reset_settings()
    ratelimit.reset()
    for _ in range(3):
        assert await ratelimit.limiter().hit("1/minute", "test", "down") is None


def test_keys_are_not_the_values() -> None:
    key = ratelimit.key_of("signin", "coach@example.org", "203.0.113.9")
    assert "coach" not in key and "203" not in key and len(key) == 32
