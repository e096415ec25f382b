"""The `rent-assist` command: one subcommand per process or task (`rent-assist --help`)."""

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
    clock.configure_from(settings)
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
        print("error: seed-demo is refused in production (ENVIRONMENT=prod): its accounts "
              "share a published password", file=sys.stderr)  # fmt: skip
        return 2

    async def go() -> tuple[list[Any], list[str]]:
        accounts = await seed_demo()
        created: list[str] = []
        if args.caseload:
            from api.demo import seed_caseload

            created = await seed_caseload()
        return accounts, created

    accounts, created = _run(lambda: _with_orm(go))
    print(f"demo data ready: {len(accounts)} accounts, password {DEMO_PASSWORD!r}")
    for a in accounts:
        print(f"  {a.role.value:<17} {a.email}")
    if args.caseload:
        print(f"demo caseload: {len(created)} participants added" if created else
              "demo caseload: already there")  # fmt: skip
        for line in created:
            print(f"  {line}")
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
    clock.configure_from(settings)
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


DESCRIPTION = """\
The back end of the Rent Assistance program: the GraphQL API, its workers and the
daily sweeps. Settings come from environment variables (DATABASE_URL, REDIS_URL,
SMTP_HOST, SECRET_KEY, ENVIRONMENT, ...; the README's "Settings" table lists them all).
"""

EPILOG = "Run `rent-assist COMMAND --help` for a command's options and their defaults."


class _Help(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Defaults shown after each option; descriptions keep their line breaks."""


def _command(
    sub: Any, name: str, fn: Callable[[argparse.Namespace], int], description: str
) -> argparse.ArgumentParser:
    summary = (fn.__doc__ or "").strip().splitlines()[0]
    p: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, description=description.strip(), formatter_class=_Help
    )
    p.set_defaults(func=fn)
    return p


def _address(p: argparse.ArgumentParser, port: int) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=port, help="TCP port to listen on")


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per process or task."""
    parser = argparse.ArgumentParser(
        prog="rent-assist", description=DESCRIPTION, epilog=EPILOG, formatter_class=_Help
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = _command(
        sub,
        "dev",
        cmd_dev,
        """
Everything in one process for development: the API (GraphiQL at /graphql), an
in-process mail worker, the scheduler (daily sweeps, outbox relay) and, unless
SMTP_HOST is set, a local SMTP sink whose mail is shown at /dev/mail. SQLite
(DATABASE_URL), no Redis. `make dev` migrates and seeds the demo data first.""",
    )
    _address(p, 8000)
    p = _command(
        sub,
        "serve",
        cmd_serve,
        """
Serve the API with uvicorn. With REDIS_URL set, notifications go to the `worker`
processes; without it, in dev an in-process worker delivers them. Never runs the
scheduler: run exactly one `rent-assist scheduler` beside it (or use `dev`).""",
    )
    _address(p, 8000)
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    p = _command(
        sub,
        "worker",
        cmd_worker,
        """
A Dramatiq worker on REDIS_URL: delivers the outbox's emails and runs the sweeps the
scheduler enqueues. SIGTERM drains it (in-flight messages finish). Exec it as PID 1
in a container.""",
    )
    p.add_argument("--threads", type=int, default=8, help="worker threads")
    p.add_argument(
        "--metrics-port", type=int, default=9191, help="Prometheus metrics port (0: off)"
    )
    p.add_argument(
        "--metrics-host",
        default="127.0.0.1",
        help="address the metrics listen on (0.0.0.0 to let another host scrape them)",
    )
    p.add_argument(
        "--drain-seconds", type=int, default=25, help="how long SIGTERM waits for messages"
    )
    _command(
        sub,
        "scheduler",
        cmd_scheduler,
        """
The one scheduler (run exactly one): enqueues the daily sweeps at SWEEP_HOUR:SWEEP_MINUTE
(SWEEP_TIMEZONE) and the outbox relay every OUTBOX_RELAY_SECONDS, on REDIS_URL. It only
enqueues; workers do the work.""",
    )
    _command(
        sub,
        "migrate",
        cmd_migrate,
        """
Apply every migration in models/migrations to DATABASE_URL (idempotent). For SQLite the
file's folder is created.""",
    )
    p = _command(
        sub,
        "seed-demo",
        cmd_seed_demo,
        """
Load the providers and the "who refers where" routing of the training deck, funding
sources, payment types, income documentation types, the income limits, and one demo
account per role and provider (password rent-assist-demo, all at example.org).
Idempotent. With --caseload, also a fictional caseload at every stage of the program,
dated relative to today (see the README). Refused when ENVIRONMENT=prod.""",
    )
    p.add_argument(
        "--caseload",
        action="store_true",
        help="also create the demo caseload (customers, records, payments, exits)",
    )
    p = _command(
        sub,
        "staff-create",
        cmd_staff_create,
        """
Create a staff account (how the first contract manager of a real deployment is made).
The password is read from the RENT_ASSIST_PASSWORD variable, else from standard input.""",
    )
    p.add_argument("--email", required=True, help="the staff member's email (sign-in name)")
    p.add_argument("--name", required=True, help="the name shown to other staff")
    p.add_argument(
        "--role", required=True, choices=["CAREER_COACH", "HUB_STAFF", "CONTRACT_MANAGER"],
        help="the role",
    )  # fmt: skip
    p.add_argument(
        "--provider", default=None, help="the agency or hub, by name (not for contract managers)"
    )
    p = _command(
        sub,
        "sweep",
        cmd_sweep,
        """
Run one daily sweep by hand: REFERRAL_45_DAY (R-REF-4: Pre-Program Exit of referrals not
accepted by day 45) or INACTIVITY_90_DAY (R-OUT-4: Auto Exit after 90 days without a
qualifying date). A dry run (who would be swept) unless --apply; a real run only for
today or earlier (R-OUT-5).""",
    )
    p.add_argument(
        "--kind", required=True, choices=["REFERRAL_45_DAY", "INACTIVITY_90_DAY"],
        help="which sweep",
    )  # fmt: skip
    p.add_argument("--as-of", required=True, help="the day to sweep as of, YYYY-MM-DD")
    p.add_argument("--apply", action="store_true", help="change the records (default: dry run)")
    _command(
        sub,
        "export-schema",
        cmd_export_schema,
        """
Print the GraphQL schema as SDL (what schema/schema.graphql holds; `make schema`).""",
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
