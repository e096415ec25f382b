"""New passwords follow NIST SP 800-63B and staff e-mails are validated (issue 10 §4):
table tests of the policy, and `staff-create`, which accepted `aaaaaaaaaa`,
`password12`, a password equal to the e-mail and the e-mail `@`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.actions.passwords import hash_password, normalise, password_problems, verify_password
from models.actions.staff import email_problem

EMAIL = "jordan.lee@example.org"


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("a" * 11 + "Z", False),  # repetitive
        ("Tr0ub4dor&3x", True),  # 12 characters
        ("Tr0ub4dor&3", False),  # 11
        ("correct horse battery staple", True),
        ("password1234", False),  # common
        ("PASSWORD1234", False),  # common, whatever the case
        ("1q2w3e4r5t6y", False),  # common
        ("qwertyuiop12", False),  # common once its digits are stripped
        ("aaaaaaaaaaaa", False),
        ("ababababababab", False),  # fewer than 4 distinct characters
        ("0123456789012", False),  # sequential
        ("jordan.lee-is-here", False),  # the e-mail's local part
        ("JORDAN.LEE-is-here", False),
        ("my rentassist login", False),  # the service's name
        ("ñandú voló lejos 9", True),  # any Unicode
        ("x" * 256, False),  # repetitive
        ("xy" * 128 + "z", False),  # too long (257) and repetitive
    ],
)
def test_password_policy_table(password: str, ok: bool) -> None:
    assert (password_problems(password, email=EMAIL) == []) is ok, password_problems(
        password, email=EMAIL
    )


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("jordan.lee@example.org", True),
        ("@", False),
        ("jordan@", False),
        ("@example.org", False),
        ("jordan lee@example.org", False),
        ("jordan@example", False),
        ("jordan@@example.org", False),
        ("jordan@exa mple.org", False),
    ],
)
def test_email_validation_table(email: str, ok: bool) -> None:
    assert (email_problem(email) is None) is ok


async def test_hashing_normalises_the_password_the_same_way_for_checking() -> None:
    composed, decomposed = "caf\u00e9 au lait 2024", "cafe\u0301 au lait 2024"
    assert normalise(composed) == normalise(decomposed)
    stored = await hash_password(decomposed)
    assert await verify_password(stored, composed)
    assert not await verify_password(stored, "cafe au lait 2024")
    assert not await verify_password(None, composed)


@pytest.mark.parametrize(
    ("email", "password", "said"),
    [
        ("new.coach@example.org", "aaaaaaaaaa", "at least 12"),
        ("new.coach@example.org", "password12", "at least 12"),
        ("new.coach@example.org", "password1234", "common"),
        ("new.coach@example.org", "new.coach@example.org", "e-mail"),
        ("@", "a fine long passphrase", "e-mail address"),
    ],
)
def test_staff_create_refuses_weak_passwords_and_bad_emails(
    email: str, password: str, said: str, tmp_path
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}",
        "RENT_ASSIST_PASSWORD": password,
        "SECRET_KEY": "cli-test-secret-0123456789abcdef0123456789",
    }
    cli = [str(Path(sys.executable).parent / "rent-assist")]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    done = subprocess.run(
        [*cli, "staff-create", "--email", email, "--name", "New", "--role", "CONTRACT_MANAGER"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert said in done.stderr
    assert password not in done.stderr or password == email
