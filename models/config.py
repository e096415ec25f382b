"""Settings from environment variables (pydantic-settings).

A leaf module: it imports nothing from the project, so the API, the actions and the
workers can all read the one `get_settings()`.
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
# the origins a web client is developed on (Vite, create-react-app/Next), allowed in dev
DEV_CLIENT_ORIGINS = (
    "http://localhost:5173",
    "http://127.0.0.1:5173",
    "http://localhost:3000",
    "http://127.0.0.1:3000",
)
_ORIGIN = re.compile(
    r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?"
)
DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # noqa: S105 - refused in prod


class Settings(BaseSettings):
    """Every setting of the system; see the README's table."""

    # hide_input_in_errors: a rejected value (a secret key, a password) is never printed
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", env_ignore_empty=True, hide_input_in_errors=True
    )

    environment: Literal["dev", "prod", "test"] = "dev"
    database_url: str = f"sqlite://{ROOT / 'var' / 'rent_assist.sqlite3'}"
    sqlite_busy_timeout_ms: int = 15_000
    redis_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "rent-assist@example.org"
    public_base_url: str = "http://127.0.0.1:8000"
    secret_key: str = DEV_SECRET
    token_ttl_minutes: int = 12 * 60
    upload_dir: Path = ROOT / "var" / "uploads"
    max_upload_bytes: int = 10 * 1024 * 1024
    signature_link_days: int = 7
    upload_link_days: int = 7
    device_link_minutes: int = 15
    frozen_today: date | None = None
    clock_shift_seconds: float = 0
    program_timezone: str = "America/Los_Angeles"
    # sign-in (issue 10 §4): failures per account and client address before a delay
    # that starts at LOGIN_DELAY_SECONDS and doubles up to LOGIN_LOCKOUT_MINUTES
    login_max_failures: int = 5
    login_delay_seconds: int = 60
    login_lockout_minutes: int = 15
    login_rate_per_address: str = "30/minute;300/hour"
    login_rate_per_account: str = "20 per 15 minutes"
    password_hash_concurrency: int = 0  # 0: half the CPUs, at least 1
    # identity lookups (issue 10 §2, R-ACL-1): outside customers found by exact id
    identity_lookups_per_hour: int = 20
    selection_minutes: int = 10
    # request bodies other than uploads (issue 10 §5)
    max_request_bytes: int = 256 * 1024
    # Prometheus (issue 10 §6): its own address, or /metrics with this bearer token
    metrics_host: str = "127.0.0.1"
    metrics_port: int = 9100
    metrics_token: str | None = None
    sweep_hour: int = 2
    sweep_minute: int = 0
    sweep_timezone: str = "America/Los_Angeles"
    outbox_relay_seconds: int = 60
    log_json: bool | None = None
    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 5000
    # browser origins allowed to call the API (CORS): comma-separated, "none" for none;
    # unset: the dev client origins in dev, none in prod and tests
    cors_origins: str | None = None

    @model_validator(mode="after")
    def _origins_are_origins(self) -> Settings:
        for origin in self.allowed_origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"CORS_ORIGINS: {origin!r} is not an origin such as https://app.example.org "
                    "(scheme, host and port only; no path, no wildcard)"
                )
        return self

    @model_validator(mode="after")
    def _refuse_dev_only_in_prod(self) -> Settings:
        if self.environment == "prod":
            if self.frozen_today is not None:
                raise ValueError("FROZEN_TODAY is for dev and tests only; unset it in prod")
            if self.clock_shift_seconds:
                raise ValueError("CLOCK_SHIFT_SECONDS is for dev and tests only; unset it in prod")
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise ValueError("SECRET_KEY must be set to 32+ random characters in prod")
            if self.metrics_token is not None and len(self.metrics_token) < 32:
                raise ValueError("METRICS_TOKEN must be 32+ random characters")
        return self

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The origins CORS allows (the CORS_ORIGINS setting, or its default)."""
        if self.cors_origins is None:
            return DEV_CLIENT_ORIGINS if self.environment == "dev" else ()
        if self.cors_origins.strip().lower() == "none":
            return ()
        return tuple(o.strip() for o in self.cors_origins.split(",") if o.strip())

    @property
    def clock_shift(self) -> float:
        """Seconds the system's clock is moved by: CLOCK_SHIFT_SECONDS, and outside prod
        also the test harness's TEST_CLOCK_SHIFT_SECONDS (set by `TEST_CLOCK_AT`, passed to
        the servers a test starts; a prod process, even one a test builds, ignores it)."""
        if self.environment == "prod":
            return self.clock_shift_seconds
        harness = os.environ.get("TEST_CLOCK_SHIFT_SECONDS", "")
        return self.clock_shift_seconds or (float(harness) if harness else 0.0)

    @property
    def is_dev(self) -> bool:
        return self.environment == "dev"


class SettingsError(ValueError):
    """Settings that cannot be used: names the settings and what is wrong, never a value."""


def load_settings() -> Settings:
    """Settings from the environment; a SettingsError naming the bad ones."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            name = ".".join(str(p) for p in error["loc"]).upper() or "settings"
            problems.append(f"{name}: {error['msg']}")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()


def reset_settings() -> None:
    """Forget the cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()
