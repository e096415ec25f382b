"""login (issue 10 §4): rate limits per client address and per account (RATE_LIMITED
with a retry-after), failures delaying one address for one e-mail (LOCKED_OUT) so a
stranger cannot lock the owner out, unknown e-mails treated alike, the delay doubling,
and refused, unknown and wrong answers taking the same time."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from models import clock
from models.actions.seed import DEMO_PASSWORD
from models.config import reset_settings
from models.staff import LoginThrottle
from tests.conftest import COACH, HUB
from tests.schema.staff.signin_kit import codes

WRONG = "wrong-password-123"


async def test_five_failures_delay_that_address_for_that_email_only(from_address) -> None:
    stranger, owner = from_address("203.0.113.9"), from_address("198.51.100.7")
    for _ in range(5):
        assert codes(await stranger.login(COACH, WRONG)) == ["INVALID_CREDENTIALS"]
    refused = await stranger.login(COACH, DEMO_PASSWORD)
    assert codes(refused) == ["LOCKED_OUT"] and refused["token"] is None
    assert 1 <= refused["retryAfterSeconds"] <= 61
    assert refused["retry_header"] == str(refused["retryAfterSeconds"])
    # the owner, elsewhere, is not locked out; the stranger may still try other accounts
    assert (await owner.login(COACH, DEMO_PASSWORD))["token"]
    assert (await stranger.login(HUB, DEMO_PASSWORD))["token"]


async def test_an_unknown_email_is_counted_and_delayed_like_a_real_one(from_address) -> None:
    client = from_address("203.0.113.10")
    for email in (COACH, "nobody@example.org"):
        answers = [codes(await client.login(email, WRONG)) for _ in range(6)]
        assert answers == [["INVALID_CREDENTIALS"]] * 5 + [["LOCKED_OUT"]], email


async def test_the_delay_ends_and_then_doubles(from_address) -> None:
    client = from_address("203.0.113.11")
    for _ in range(5):
        await client.login(COACH, WRONG)
    first = await client.login(COACH, WRONG)
    assert codes(first) == ["LOCKED_OUT"] and first["retryAfterSeconds"] <= 61
    clock.freeze(clock.today() + timedelta(days=1))  # the delay has run out
    for _ in range(5):
        assert codes(await client.login(COACH, WRONG)) == ["INVALID_CREDENTIALS"]
    second = await client.login(COACH, WRONG)
    assert codes(second) == ["LOCKED_OUT"] and 61 < second["retryAfterSeconds"] <= 121


async def test_a_success_forgets_the_failures(from_address) -> None:
    client = from_address("203.0.113.12")
    for _ in range(4):
        await client.login(COACH, WRONG)
    assert (await client.login(COACH, DEMO_PASSWORD))["token"]
    assert await LoginThrottle.all().count() == 0
    for _ in range(4):
        assert codes(await client.login(COACH, WRONG)) == ["INVALID_CREDENTIALS"]


async def test_per_address_rate_limit_answers_rate_limited_with_retry_after(
    from_address, settings_env
) -> None:
    settings_env.setenv("LOGIN_RATE_PER_ADDRESS", "3/minute")
    reset_settings()
    busy, other = from_address("203.0.113.13"), from_address("203.0.113.14")
    for email in (COACH, HUB, "nobody@example.org"):
        assert codes(await busy.login(email, WRONG)) == ["INVALID_CREDENTIALS"]
    limited = await busy.login(COACH, DEMO_PASSWORD)
    assert codes(limited) == ["RATE_LIMITED"] and limited["token"] is None
    assert 1 <= limited["retryAfterSeconds"] <= 60
    assert limited["retry_header"] == str(limited["retryAfterSeconds"])
    assert (await other.login(COACH, DEMO_PASSWORD))["token"]


async def test_per_account_rate_limit_counts_every_address(from_address, settings_env) -> None:
    settings_env.setenv("LOGIN_RATE_PER_ACCOUNT", "3/minute")
    reset_settings()
    for i in range(3):
        await from_address(f"203.0.113.{20 + i}").login(COACH, WRONG)
    limited = await from_address("203.0.113.30").login(COACH, DEMO_PASSWORD)
    assert codes(limited) == ["RATE_LIMITED"]
    assert (await from_address("203.0.113.31").login(HUB, DEMO_PASSWORD))["token"]


async def _timed(client, email: str, password: str) -> float:
    started = time.perf_counter()
    await client.login(email, password)
    return time.perf_counter() - started


async def test_refused_unknown_and_wrong_answers_take_the_same_time(from_address) -> None:
    """A refused (delayed) account once answered in 7 ms and a wrong password in 214 ms,
    which told that the account exists; now each waits for a check's usual time."""
    warm, locked_client = from_address("203.0.113.40"), from_address("203.0.113.41")
    for _ in range(5):
        await locked_client.login(COACH, WRONG)
    wrong, unknown, locked = [], [], []
    for i in range(4):
        wrong.append(await _timed(from_address(f"203.0.114.{i}"), COACH, WRONG))
        unknown.append(await _timed(warm, f"nobody{i}@example.org", WRONG))
        locked.append(await _timed(locked_client, COACH, WRONG))
    w, u, lk = (statistics.median(x) for x in (wrong, unknown, locked))
    assert 0.6 < u / w < 1.6, (w, u, lk)
    assert 0.6 < lk / w < 1.6, (w, u, lk)
