"""The `rent-assist` command (architecture.md "How it runs")."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from models.config import get_settings, reset_settings


def _run(coro_fn: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(coro_fn())  # type: ignore[arg-type]


async def _with_orm(fn: Callable[[], Awaitable[Any]]) -> Any:
    from models import clock
    from models.db import close_orm, init_orm

    settings = get_settings()
    clock.configure(frozen_today=settings.frozen_today, timezone=settings.program_timezone)
    await init_orm()
    try:
        return await fn()
    finally:
        await close_orm()


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply the migrations to DATABASE_URL."""
    from models.db import migrate_database

    url = get_settings().database_url
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        if path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    _run(lambda: migrate_database(url))
    print("migrations applied")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Load the demo providers, routing, reference data and accounts (idempotent); refused
    in production (the demo password is published)."""
    from models.actions.seed import DEMO_PASSWORD, seed_demo

    if get_settings().environment == "prod":
        print(
            "error: seed-demo is refused when ENVIRONMENT=prod: its accounts share the "
            "password published in the README (make the first account with staff-create)",
            file=sys.stderr,
        )
        return 2

    accounts = _run(lambda: _with_orm(seed_demo))
    print(f"demo data ready: {len(accounts)} accounts, password {DEMO_PASSWORD!r}")
    for a in accounts:
        print(f"  {a.role.value:<17} {a.email}")
    return 0


def cmd_staff_create(args: argparse.Namespace) -> int:
    """Create a staff account; the password comes from RENT_ASSIST_PASSWORD or stdin."""
    from models.actions.staff import create_staff, staff_violations
    from models.rules.enums import Role
    from models.staff import Provider

    password = os.environ.get("RENT_ASSIST_PASSWORD")
    if password is None:
        password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")
    role = Role(args.role)

    async def go() -> int:
        provider = None
        if args.provider:
            provider = await Provider.get_or_none(name=args.provider)
            if provider is None:
                print(f"error: no provider named {args.provider!r}", file=sys.stderr)
                return 2
        errors = staff_violations(
            email=args.email, name=args.name, role=role, provider=provider, password=password
        )
        if errors:
            for e in errors:
                print(f"error: {e.field}: {e.message}", file=sys.stderr)
            return 2
        staff = await create_staff(
            actor_id=None,
            email=args.email,
            name=args.name,
            role=role,
            provider=provider,
            password=password,
        )
        print(f"created staff {staff.id} {staff.email} ({role.value})")
        return 0

    return int(_run(lambda: _with_orm(go)))


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run a daily sweep by hand: a dry run unless --apply (R-REF-4, R-OUT-4, R-OUT-5)."""
    from datetime import date

    from models.actions.sweeps import run_sweep
    from models.rules.enums import SweepKind

    kind = SweepKind(args.kind)
    as_of = date.fromisoformat(args.as_of)

    async def go() -> int:
        outcome = await run_sweep(kind=kind, as_of=as_of, dry_run=not args.apply, actor_id=None)
        for v in outcome.violations:
            print(f"error: {v.code.value}: {v.message}", file=sys.stderr)
        if outcome.violations:
            return 2
        if outcome.already_ran:
            print(f"{kind.value} already ran as of {as_of}: nothing changed")
            return 0
        verb = "would change" if outcome.dry_run else "changed"
        print(f"{kind.value} as of {as_of}: {verb} {len(outcome.changed_ids)} records")
        for enrollment_id in outcome.changed_ids:
            print(f"  enrollment {enrollment_id}")
        return 0

    return int(_run(lambda: _with_orm(go)))


def cmd_export_schema(args: argparse.Namespace) -> int:
    """Print the schema as SDL."""
    from schema.root import export_sdl

    sys.stdout.write(export_sdl())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the API with uvicorn (several workers with --workers)."""
    import uvicorn

    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        timeout_graceful_shutdown=20,  # SIGTERM: stop accepting, finish in-flight requests
        log_config=None,  # ours (api/logs.py): JSON in prod
    )
    return 0


def _process_setup() -> Any:
    from models import clock

    settings = get_settings()
    clock.configure(frozen_today=settings.frozen_today, timezone=settings.program_timezone)
    return settings


def cmd_worker(args: argparse.Namespace) -> int:
    """Run a Dramatiq worker on REDIS_URL; SIGTERM drains it (exec it: PID 1 in containers)."""
    from workers.process import run_worker

    settings = _process_setup()
    if not settings.redis_url:
        print(
            "error: REDIS_URL is not set (`rent-assist dev` runs a worker in-process)",
            file=sys.stderr,
        )
        return 2
    return run_worker(
        settings,
        threads=args.threads,
        metrics_port=args.metrics_port,
        metrics_host=args.metrics_host,
        drain_seconds=args.drain_seconds,
    )


def cmd_scheduler(args: argparse.Namespace) -> int:
    """Run the one scheduler: it enqueues the daily sweeps and the outbox relay on REDIS_URL."""
    from workers.process import run_scheduler

    settings = _process_setup()
    if not settings.redis_url:
        print(
            "error: REDIS_URL is not set (`rent-assist dev` runs the scheduler in-process)",
            file=sys.stderr,
        )
        return 2
    return run_scheduler(settings)


def cmd_dev(args: argparse.Namespace) -> int:
    """API + in-process worker + scheduler + SMTP sink in one process (SQLite, no Redis)."""
    import uvicorn

    from api.app import create_app
    from api.devmail import use_sink
    from workers.mailsink import MailSink

    os.environ.setdefault("ENVIRONMENT", "dev")
    os.environ.pop("REDIS_URL", None)
    sink = None
    if not os.environ.get("SMTP_HOST"):
        sink = MailSink(port=int(os.environ.get("SMTP_PORT", "1025"))).start()
        os.environ["SMTP_HOST"] = "127.0.0.1"
        os.environ["SMTP_PORT"] = str(sink.port)
        print(f"dev SMTP sink on 127.0.0.1:{sink.port}; read it at /dev/mail")
    reset_settings()
    use_sink(sink)
    try:
        uvicorn.run(
            create_app(get_settings(), with_scheduler=True),
            host=args.host,
            port=args.port,
            log_config=None,
        )
    finally:
        if sink is not None:
            sink.stop()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rent-assist", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, fn in (("dev", cmd_dev), ("serve", cmd_serve)):
        p = sub.add_parser(name, help=fn.__doc__)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        if name == "serve":
            p.add_argument("--workers", type=int, default=1)
        p.set_defaults(func=fn)
    p = sub.add_parser("worker", help=cmd_worker.__doc__)
    p.add_argument("--threads", type=int, default=8, help="worker threads")
    p.add_argument("--metrics-port", type=int, default=9191, help="Prometheus port (0: off)")
    p.add_argument(
        "--metrics-host",
        default="127.0.0.1",
        help="address of the Prometheus port (0.0.0.0 only on a private network)",
    )
    p.add_argument("--drain-seconds", type=int, default=25, help="SIGTERM drain bound")
    p.set_defaults(func=cmd_worker)
    sub.add_parser("scheduler", help=cmd_scheduler.__doc__).set_defaults(func=cmd_scheduler)
    sub.add_parser("migrate", help=cmd_migrate.__doc__).set_defaults(func=cmd_migrate)
    sub.add_parser("seed-demo", help=cmd_seed_demo.__doc__).set_defaults(func=cmd_seed_demo)
    p = sub.add_parser("staff-create", help=cmd_staff_create.__doc__)
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.add_argument(
        "--role", required=True, choices=["CAREER_COACH", "HUB_STAFF", "CONTRACT_MANAGER"]
    )
    p.add_argument("--provider", default=None, help="provider name (not for contract managers)")
    p.set_defaults(func=cmd_staff_create)
    p = sub.add_parser("sweep", help=cmd_sweep.__doc__)
    p.add_argument("--kind", required=True, choices=["REFERRAL_45_DAY", "INACTIVITY_90_DAY"])
    p.add_argument("--as-of", required=True, help="YYYY-MM-DD")
    p.add_argument("--apply", action="store_true", help="change the records (default: dry run)")
    p.set_defaults(func=cmd_sweep)
    sub.add_parser("export-schema", help=cmd_export_schema.__doc__).set_defaults(
        func=cmd_export_schema
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    from api.logs import configure_logging
    from models.config import SettingsError

    args = build_parser().parse_args(argv)
    try:
        configure_logging(get_settings())
    except SettingsError as exc:  # names the settings, never their values
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    sys.exit(args.func(args))
