"""Failure counting is atomic in the database (issue 10 §4): of 100 parallel wrong
passwords exactly LOGIN_MAX_FAILURES are checked (86 were, when the count raced). Meant
for PostgreSQL (the service tier), where the requests really run in parallel; it holds
on SQLite too. The rate limits are raised so that only the database count decides."""

from __future__ import annotations

import asyncio
from collections import Counter

from models.actions.passwords import CHECKS
from models.actions.seed import DEMO_PASSWORD
from models.config import reset_settings
from tests.conftest import COACH
from tests.schema.staff.signin_kit import codes


def checks() -> float:
    return CHECKS._value.get()


async def test_of_100_parallel_wrong_passwords_exactly_the_limit_is_checked(
    from_address, settings_env
) -> None:
    settings_env.setenv("LOGIN_RATE_PER_ADDRESS", "1000/minute")
    settings_env.setenv("LOGIN_RATE_PER_ACCOUNT", "1000/minute")
    reset_settings()
    attacker = from_address("203.0.113.66")
    before = checks()
    answers = await asyncio.gather(
        *(attacker.login(COACH, f"guess-{i:03d}-wrong") for i in range(100))
    )
    assert checks() - before == 5
    tally = Counter(code for a in answers for code in codes(a))
    assert tally == {"INVALID_CREDENTIALS": 5, "LOCKED_OUT": 95}
    assert all(a["token"] is None for a in answers)
    # the right password now waits from there, and still works from elsewhere
    assert codes(await attacker.login(COACH, DEMO_PASSWORD)) == ["LOCKED_OUT"]
    assert (await from_address("198.51.100.66").login(COACH, DEMO_PASSWORD))["token"]


async def test_the_right_password_among_parallel_guesses_is_checked_at_most_in_the_round(
    from_address, settings_env
) -> None:
    """50 parallel attempts with the right one at position 40: at most 5 are checked, so
    the right one signs in only if it was among them, and the rest wait."""
    settings_env.setenv("LOGIN_RATE_PER_ADDRESS", "1000/minute")
    settings_env.setenv("LOGIN_RATE_PER_ACCOUNT", "1000/minute")
    reset_settings()
    attacker = from_address("203.0.113.67")
    passwords = [f"guess-{i:03d}-wrong" for i in range(50)]
    passwords[40] = DEMO_PASSWORD
    before = checks()
    answers = await asyncio.gather(*(attacker.login(COACH, p) for p in passwords))
    assert checks() - before <= 5
    signed_in = [a for a in answers if a["token"]]
    assert len(signed_in) <= 1
    assert sum(codes(a) == ["LOCKED_OUT"] for a in answers) >= 45
