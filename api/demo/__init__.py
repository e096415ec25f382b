"""The demo caseload (`rent-assist seed-demo --caseload`, and `make dev`): a fictional
caseload at every stage of the program, dated relative to today, so that every list,
work list and report a client developer opens shows something.

It is built the way a real caseload grows: each participant's timeline is walked
through the GraphQL API itself (in process, as the demo coaches, hubs and the contract
manager), with the program's clock set to the day of each step. Every rule is
therefore checked as it would be for real staff, the audit trail and the emails are
the real ones, and the caseload follows the API as it changes. Participants are
obviously fictional (surname "Demo", customer emails at example.org) and known by
their job seeker ID `DEMO-…`: one already present is skipped, so the command is
idempotent. Refused in production.
"""

from __future__ import annotations

from datetime import date

import httpx

from api.demo.client import MANAGER, Caseload, DemoError
from api.demo.documents import SWEEP
from api.demo.timelines import TIMELINES
from models import clock

__all__ = ["TIMELINES", "DemoError", "seed_caseload"]


async def seed_caseload(today: date | None = None) -> list[str]:
    """Build the timelines not yet present, then run today's sweeps. Returns what was
    created, one line per participant (empty when everything was there already)."""
    from api.app import create_app
    from models.config import get_settings
    from models.customers import Customer

    settings = get_settings()
    if settings.environment == "prod":
        raise DemoError("the demo caseload is refused in production (ENVIRONMENT=prod)")
    app = create_app(settings, init_db=False)
    today = today or clock.today()
    present = set(
        await Customer.filter(job_seeker_id__startswith="DEMO-").values_list(
            "job_seeker_id", flat=True
        )
    )
    created: list[str] = []
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://demo") as http:
            c = Caseload(http)
            for n, what, build in TIMELINES:
                if f"DEMO-{n:03d}" in present:
                    continue
                await build(c, today)
                created.append(f"DEMO-{n:03d}: {what}")
            if created:
                for kind in ("REFERRAL_45_DAY", "INACTIVITY_90_DAY"):
                    await c.call(MANAGER, today, SWEEP, kind=kind, on=today.isoformat())
    finally:
        clock.freeze(settings.frozen_today)
    return created
