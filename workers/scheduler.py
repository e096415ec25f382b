"""Every schedule of the system, in this one file.

The scheduler only ENQUEUES; workers do the work. Exactly one scheduler should run,
but two by mistake cannot double anything: the outbox relay is idempotent (a sent
notification is skipped) and a sweep run is unique per kind and day (SweepRun).
A daily sweep missed while the scheduler was down is caught up at its next start and,
in any case, by the next day's run: sweeps compute who is due from dates in the
database, so a late or repeated run changes exactly what is due.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from models import clock
from models.config import Settings

log = structlog.get_logger(__name__)

SWEEPS_JOB = "daily-sweeps"
RELAY_JOB = "outbox-relay"


def enqueue_daily_sweeps() -> None:
    """Enqueue both daily sweeps for today (the program's date, FROZEN_TODAY in dev)."""
    from workers.actors import run_daily_sweeps

    as_of = clock.today().isoformat()
    run_daily_sweeps.send(as_of)
    log.info("scheduler.enqueued", job=SWEEPS_JOB, as_of=as_of)


def enqueue_outbox_relay() -> None:
    """Enqueue one pass of the outbox relay."""
    from workers.actors import relay_outbox

    relay_outbox.send()


def add_jobs(scheduler: BaseScheduler, settings: Settings) -> BaseScheduler:
    """Put every schedule on `scheduler`."""
    zone = ZoneInfo(settings.sweep_timezone)
    scheduler.add_job(
        enqueue_daily_sweeps,
        CronTrigger(hour=settings.sweep_hour, minute=settings.sweep_minute, timezone=zone),
        id=SWEEPS_JOB,
        replace_existing=True,
        coalesce=True,  # several missed runs become one
        misfire_grace_time=12 * 3600,  # a run late by up to 12 hours still happens
        max_instances=1,
    )
    scheduler.add_job(
        enqueue_outbox_relay,
        IntervalTrigger(seconds=settings.outbox_relay_seconds),
        id=RELAY_JOB,
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=settings.outbox_relay_seconds,
        max_instances=1,
    )
    return scheduler


def sweep_due_at_start(settings: Settings, now: datetime) -> bool:
    """Whether today's sweep time has passed at start-up (then today's run is enqueued:
    safe, a sweep run is unique per kind and day)."""
    zone = ZoneInfo(settings.sweep_timezone)
    local = now.astimezone(zone)
    return local.time() >= time(settings.sweep_hour, settings.sweep_minute)


def start(scheduler: BaseScheduler, settings: Settings, **kwargs: Any) -> None:
    """Add the jobs, catch up today's sweeps if their time has passed, and start."""
    add_jobs(scheduler, settings)
    if sweep_due_at_start(settings, clock.now()):
        try:
            enqueue_daily_sweeps()
        except Exception:  # broker down: tomorrow's run computes the same due set
            log.exception("scheduler.catch_up_failed")
    log.info("scheduler.started", jobs=[job.id for job in scheduler.get_jobs()])
    scheduler.start(**kwargs)
